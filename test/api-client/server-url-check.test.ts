// One server URL check for the tracer, `honeyhive doctor` and every client: a URL with a query or fragment (or
// credentials) is refused with a clear error that never repeats the query, and nothing is sent — by `new HoneyHive()`
// (its groups, getPrompt(), pushDataset()), createApiClient(), evaluate() and the CLI's `datasets` and `prompts`
// commands. A recording server on 127.0.0.1 stands where the requests would go.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHive, HoneyHiveApiError, PromptUnavailableError, createApiClient, evaluate, pushDataset } from "../../packages/honeyhive/src/index";
import { resolveTracerConfig } from "../../packages/honeyhive/src/config/resolve-config";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { runCli } from "../evaluation/cli/cli-harness";
import { type LoopbackServer, startLoopbackServer } from "./loopback-server";

const SECRET = "SECRET-in-the-query-4711";
let server: LoopbackServer;
let withQuery: string;
let withFragment: string;

beforeAll(async () => {
  server = await startLoopbackServer();
  withQuery = `${server.url}/hh?code=${SECRET}`;
  withFragment = `${server.url}/hh#code=${SECRET}`;
});
afterAll(() => server.close());

/** The tracer's own error for `url` (what `honeyhive doctor` prints too): the text every client must give. */
function tracerError(url: string): string {
  const { errors } = resolveTracerConfig({ serverUrl: url, apiKey: "k" });
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

async function messageOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return (error as Error).message;
}

describe("a server URL with a query or fragment is refused everywhere, nothing is sent", () => {
  it("new HoneyHive({ serverUrl }): its groups, getPrompt() and pushDataset() reject naming the problem, one warning", async () => {
    for (const url of [withQuery, withFragment]) {
      const warnings: string[] = [];
      const hh = new HoneyHive({ apiKey: "k", serverUrl: url, logger: createLogger({ sink: (_level, line) => void warnings.push(line) }) });
      const expected = tracerError(url);
      expect(warnings.join("\n")).toContain(expected);
      const listed = await messageOf(hh.datasets.getDatasets());
      expect(listed).toContain(expected);
      await expect(hh.configurations.getConfigurations("p")).rejects.toBeInstanceOf(HoneyHiveApiError);
      const prompt = await hh.getPrompt("support", { fallback: "Answer: {{q}}" });
      expect(prompt.source).toBe("fallback");
      const unavailable = await hh.getPrompt("support").catch((e: unknown) => e);
      expect(unavailable).toBeInstanceOf(PromptUnavailableError);
      expect((unavailable as Error).message).toContain(expected);
      const pushed = await messageOf(pushDataset(hh, "qa", [{ inputs: { q: 1 } }]));
      for (const text of [...warnings, listed, (unavailable as Error).message, pushed]) expect(text).not.toContain(SECRET);
    }
    expect(server.requests).toEqual([]);
  });

  it("createApiClient() refuses every call; evaluate() rejects before anything runs", async () => {
    const api = createApiClient({ apiKey: "k", serverUrl: withQuery });
    const listed = await api.runs.list({});
    expect(listed).toMatchObject({ ok: false });
    expect(!listed.ok && listed.error).toContain(tracerError(withQuery));
    const run = evaluate({ name: "x", apiKey: "k", serverUrl: withFragment, dataset: [{ inputs: {} }], function: () => 1 });
    const message = await messageOf(run);
    expect(message).toContain(tracerError(withFragment));
    expect(message).not.toContain(SECRET);
    expect(server.requests).toEqual([]);
  });

  it("honeyhive datasets (--server-url or HH_API_URL) and honeyhive prompts (HH_API_URL): exit 2 with the error, nothing sent", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-url-"));
    await writeFile(join(dir, "qa.jsonl"), `${JSON.stringify({ inputs: { q: 1 } })}\n`);
    const runs = await Promise.all([
      runCli(["datasets", "push", "qa", "qa.jsonl", "--server-url", withQuery], dir, { HH_API_KEY: "k", HH_API_URL: undefined }),
      runCli(["datasets", "pull", "qa", "out.jsonl"], dir, { HH_API_KEY: "k", HH_API_URL: withFragment }),
      runCli(["prompts", "pull"], dir, { HH_API_KEY: "k", HH_API_URL: withQuery }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(runs[0]!.stderr).toContain("--server-url must not contain a query or fragment");
    expect(runs[1]!.stderr).toContain("HH_API_URL must not contain a query or fragment");
    expect(runs[2]!.stderr).toContain("HH_API_URL must not contain a query or fragment");
    for (const r of runs) expect(r.stderr + r.stdout).not.toContain(SECRET);
    expect(server.requests).toEqual([]);
  }, 60_000);
});
