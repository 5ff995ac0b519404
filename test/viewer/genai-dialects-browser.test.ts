// Issue 20 req 3: the viewer's conversation view shows the streamed call of every GenAI stack — the spans the real
// packages emitted (test/fixtures/genai/captured, `npm run fixtures:genai`) and the hand-written OTel GenAI latest
// set — sent to the dev server as OTLP: messages by role, the reply, and the tokens where the dialect reports them.
// A screenshot per stack goes to test-artifacts/viewer/ (and docs/screenshots/ with UPDATE_SCREENSHOTS=1).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

const FIXTURES = join(__dirname, "../fixtures/genai");

interface Case {
  stack: string;
  dir: "captured" | "handwritten";
  messages: string[];
  /** The event's token facts, or null where the instrumentation records no usage for a streamed call. */
  tokens: string | null;
  firstToken: boolean;
}

const ECHO = ["Stream a colour", "echo: Stream a colour"];
const CASES: Case[] = [
  // The Anthropic SDK records no reply content for a streamed body (only its usage and finish reason).
  { stack: "anthropic-sdk", dir: "captured", messages: ["Stream a colour"], tokens: "Tokens 28 (21 in · 7 out)", firstToken: true },
  { stack: "openinference-anthropic", dir: "captured", messages: ECHO, tokens: "Tokens 28 (21 in · 7 out)", firstToken: false },
  { stack: "openinference-langchain", dir: "captured", messages: ECHO, tokens: "Tokens 28 (21 in · 7 out)", firstToken: false },
  { stack: "openinference-openai", dir: "captured", messages: ECHO, tokens: null, firstToken: false },
  { stack: "openllmetry-anthropic", dir: "captured", messages: ECHO, tokens: "Tokens 28 (21 in · 7 out)", firstToken: false },
  { stack: "openllmetry-openai", dir: "captured", messages: ECHO, tokens: null, firstToken: false },
  { stack: "vercel-ai", dir: "captured", messages: ECHO, tokens: "Tokens 28 (21 in · 7 out)", firstToken: true },
  { stack: "otel-genai-latest", dir: "handwritten", messages: ["Stream a colour", "Blue."], tokens: "Tokens 18 (12 in · 6 out)", firstToken: true },
];

let server: DevServer;
const tab = new ViewerTab();
/** Per stack: the session and event name of its streamed call. */
const streamed = new Map<string, { sessionId: string; name: string }>();

async function ingest(c: Case): Promise<void> {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, c.dir, `${c.stack}.json`), "utf8"));
  // Fixtures number their trace ids from 1: give each stack its own traces (hence sessions) in the one project.
  for (const r of fixture.otlp.resourceSpans) for (const s of r.scopeSpans) for (const span of s.spans) {
    span.traceId = createHash("sha256").update(`${c.stack}:${span.traceId}`).digest("hex").slice(0, 32);
  }
  const res = await fetch(`${server.url}/opentelemetry/v1/traces`, {
    method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: JSON.stringify(fixture.otlp),
  });
  expect(res.status).toBe(200);
  const index = fixture.calls.findIndex((x: { streamed: boolean }) => x.streamed);
  const names = new Set<string>(fixture.otlp.resourceSpans.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans.map((sp: any) => sp.name))));
  const { body } = await call(server, "POST", "/v1/events/export", {
    filters: [{ field: "event_type", operator: "is", value: "model", type: "string" }], limit: 500,
  });
  // Span names differ between stacks, so the model events named like this stack's spans are this stack's.
  const mine = body.events.filter((e: any) => names.has(e.event_name)).sort((a: any, b: any) => a.start_time - b.start_time);
  expect(mine).toHaveLength(fixture.calls.length);
  const event = mine[index];
  streamed.set(c.stack, { sessionId: event.session_id, name: event.event_name });
}

beforeAll(async () => {
  server = await startViewerServer();
  for (const c of CASES) await ingest(c);
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

describe("GenAI dialects in the conversation view", () => {
  it.each(CASES)("shows the streamed call of $stack", async (c) => {
    const { sessionId, name } = streamed.get(c.stack)!;
    const { page } = await tab.open(server, `/sessions/${sessionId}`);
    const row = page.getByTestId("wf-row").filter({ hasText: name });
    await eventually(() => row.count()).toBe(1);
    await row.click();
    const conv = page.getByTestId("conversation");
    await eventually(() => conv.count()).toBe(1);
    const texts = await conv.getByTestId("message").allTextContents();
    expect(texts).toHaveLength(c.messages.length);
    c.messages.forEach((m, i) => expect(texts[i]).toContain(m));
    if (c.tokens === null) expect(await page.getByTestId("event-usage-tokens").count()).toBe(0);
    else await eventually(() => page.getByTestId("event-usage-tokens").textContent()).toBe(c.tokens);
    const details = await conv.getByTestId("conv-detail").allTextContents();
    if (c.firstToken) expect(details.some((d) => /^streamed first token \d+ ms$/.test(d))).toBe(true);
    await saveScreenshot(page, `genai-${c.stack}`);
    expect(tab.watched.errors).toEqual([]);
  });
});
