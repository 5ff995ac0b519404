// The Feedback guide's online-evaluation examples run as written (each block of the section, through tsx, as a user
// runs it) against the dev server, and judge what they say: the first scores the session by its `outputs.answer`
// (true; it would be false if the evaluator saw anything but the handler's return value), once for a session of two
// requests; the second pays its LLM judge (a loopback OpenAI-compatible server) once, with the session's question and
// answer, and its score lands on the session.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { createApiClient } from "../../packages/honeyhive/src/index";
import { runChild } from "../helpers/run-child";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";

const root = resolve(__dirname, "../..");
let server: DevServer;
let fake: FakeOpenAI;
let dir: string;
beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  fake = await startFakeOpenAI({ chatReply: () => '{"verdict": "relevant", "explanation": "it answers the question"}' });
  dir = mkdtempSync(join(root, "examples", ".guide-online-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await fake.close();
  await server.close();
});

/** The ```ts blocks of the guide's "Online evaluation" section, in order. */
function sectionBlocks(): string[] {
  const page = readFileSync(join(root, "docs/guide/feedback.md"), "utf8");
  const section = page.slice(page.indexOf("## Online evaluation"));
  const end = section.indexOf("\n## ", 5);
  return [...(end < 0 ? section : section.slice(0, end)).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Runs block `index` as a file of its own (as written) with `key`; returns its output and the sessions stored. */
async function runBlock(index: number, key: string): Promise<{ stdout: string; sessions: any[] }> {
  const file = join(dir, `online-${index}.ts`);
  writeFileSync(file, sectionBlocks()[index]!);
  const run = await runChild(file, [], {
    killAfterMs: 90_000,
    env: { HH_API_URL: server.url, HH_API_KEY: key, TSX_TSCONFIG_PATH: join(root, "examples/tsconfig.json"), OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${fake.url}/v1` },
  });
  expect(run.stderr).not.toMatch(/Error/);
  expect(run.code).toBe(0);
  const api = createApiClient({ serverUrl: server.url, apiKey: key });
  const found = await api.events.export({ filters: [{ field: "event_type", operator: "is", value: "session", type: "string" }], limit: 100 });
  if (!found.ok) throw new Error(found.error);
  return { stdout: run.events.map((e) => (e.event === "text" ? e.line : JSON.stringify(e))).join("\n"), sessions: found.data.events };
}

describe("the guide's online-evaluation examples, as written", () => {
  it("has the examples it documents", () => {
    expect(sectionBlocks()).toHaveLength(2);
  });

  it("a custom evaluator reading outputs.answer: the chat session is judged once and scored true", async () => {
    const { stdout, sessions } = await runBlock(0, "hh_guide_online_custom");
    expect(sessions).toHaveLength(1);
    expect(sessions[0].metrics).toEqual({ short: true });
    expect(sessions[0].metadata).toMatchObject({ online_evaluation: true });
    expect(stdout).toMatch(/^true$/m); // shutdown() said everything was delivered
    expect(stdout).toMatch(/sampled: 1,[\s\S]*evaluated: 1,[\s\S]*written: 1/);
  });

  it("an LLM judge with every option: paid once with the session's question and answer; its score on the session", async () => {
    const before = fake.requests.length;
    const { sessions } = await runBlock(1, "hh_guide_online_judge");
    const calls = fake.requests.slice(before).filter((r) => r.path.endsWith("/chat/completions"));
    expect(calls).toHaveLength(1);
    const prompt = JSON.stringify(calls[0]!.body.messages);
    expect(prompt).toContain("When does my order ship?");
    expect(prompt).toContain("it ships tomorrow.");
    expect(sessions).toHaveLength(1);
    expect(sessions[0].metrics).toMatchObject({ answer_relevance: 1, answer_relevance_verdict: "relevant" });
  });
});
