// Issue 20 req 5: session and run totals are the sum of their calls, by one summing rule (domain/call-usage.ts
// callTotals) over the events stored under each session: model events only, each call once (a model event inside
// another model event is the same call), never what a chain span or the session itself carries. Real dev server
// with the viewer, real OTLP ingest of the captured fixtures, totals read from the viewer's session and run API.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { withViewer } from "../../packages/dev-server/src/viewer/with-viewer";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { hexId, otlpJson, sessionAttrs, type SpanSpec } from "../viewer/helpers/seed";
import { call } from "../viewer/helpers/viewer-server";
import { capturedFixture, EXPECTED_CALL_COSTS, relocatedOtlp, TEST_PRICES } from "./fixture-costs";

/** Spans of one session besides the fixtures: a nested duplicate pair, a wrapper without usage, an unknown model, a chain with usage. */
function extraSpans(sessionId: string, runId: string, start: number): SpanSpec[] {
  const traceId = hexId(16);
  const root = hexId(8);
  const outer = hexId(8);
  const wrapper = hexId(8);
  const attrs = (type: string, more: Record<string, string | number>) => ({ ...sessionAttrs(sessionId, type), "honeyhive_metadata.run_id": runId, ...more });
  const usage = (model: string, input: number, output: number, system = "openai") => ({ "gen_ai.system": system, "gen_ai.request.model": model, "gen_ai.usage.input_tokens": input, "gen_ai.usage.output_tokens": output });
  return [
    // A chain that repeats usage it does not own (and a cost): not a call, never summed.
    { traceId, spanId: root, name: "agent", startMs: start, endMs: start + 100, attributes: attrs("chain", { "honeyhive_metadata.total_tokens": 999, "honeyhive_metadata.cost": 99 }) },
    // Two instrumentations reporting one call: both with usage; the outer one counts.
    { traceId, spanId: outer, parentSpanId: root, name: "outer-llm", startMs: start + 1, endMs: start + 50, attributes: attrs("model", usage("gpt-4o-mini", 21, 7)) },
    { traceId, spanId: hexId(8), parentSpanId: outer, name: "inner-llm", startMs: start + 2, endMs: start + 40, attributes: attrs("model", usage("gpt-4o-mini", 21, 7)) },
    // A model-typed wrapper with no usage of its own: its nested call's usage counts, once.
    { traceId, spanId: wrapper, parentSpanId: root, name: "wrapper", startMs: start + 51, endMs: start + 90, attributes: attrs("model", { "honeyhive_config.model": "gpt-4o-mini" }) },
    { traceId, spanId: hexId(8), parentSpanId: wrapper, name: "wrapped-llm", startMs: start + 52, endMs: start + 80, attributes: attrs("model", usage("gpt-4o-mini", 100, 50)) },
    // A model no table prices: tokens count, cost unknown ("no price").
    { traceId, spanId: hexId(8), parentSpanId: root, name: "local-llm", startMs: start + 91, endMs: start + 99, attributes: attrs("model", usage("llama3.2", 40, 10, "ollama")) },
  ];
}

const MINI = (input: number, output: number) => (input * 0.15 + output * 0.6) / 1e6;

/** What one session's calls add up to, from the per-call expectations. */
function expectedSessionTotals() {
  const calls: { input: number; output: number; cost: number | null }[] = [];
  for (const costs of Object.values(EXPECTED_CALL_COSTS)) for (const cost of costs) if (cost !== null) calls.push({ input: 21, output: 7, cost });
  calls.push({ input: 21, output: 7, cost: MINI(21, 7) }, { input: 100, output: 50, cost: MINI(100, 50) }, { input: 40, output: 10, cost: null });
  return {
    input_tokens: calls.reduce((s, c) => s + c.input, 0),
    output_tokens: calls.reduce((s, c) => s + c.output, 0),
    cost: calls.reduce((s, c) => s + (c.cost ?? 0), 0),
    unpriced: calls.filter((c) => c.cost === null).length,
    calls: calls.length,
  };
}

let server: DevServer;
let runId: string;
const sessions = [randomUUID(), randomUUID()];

beforeAll(async () => {
  server = await createDevServer(withViewer({ port: 0, host: "127.0.0.1", inMemory: true, prices: TEST_PRICES, logger: createLogger({ sink: () => undefined }) }));
  runId = randomUUID();
  await call(server, "POST", "/v1/runs", { run_id: runId, name: "cost-run", status: "running", event_ids: [] });
  const start = Date.now() - 10_000;
  await call(server, "POST", "/events/batch", { events: sessions.map((sessionId, i) => ({
    event_type: "session", session_id: sessionId, event_name: "cost-session", source: "evaluation", inputs: { q: i },
    // A session that carries totals of its own (as a peer's session attributes would): never summed.
    metadata: { run_id: runId, datapoint_id: `dp-${i}`, total_tokens: 5000, cost: 42 },
    start_time: start + i, end_time: start + i + 5,
  })) });
  for (const sessionId of sessions) {
    for (const file of Object.keys(EXPECTED_CALL_COSTS)) {
      await call(server, "POST", "/opentelemetry/v1/traces", relocatedOtlp(capturedFixture(file), sessionId, runId));
    }
    await call(server, "POST", "/opentelemetry/v1/traces", otlpJson(extraSpans(sessionId, runId, start)));
  }
  await call(server, "PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: sessions });
});
afterAll(() => server.close());

describe("session and run totals", () => {
  it("a session's total is the sum of its calls: each call once, chain spans and the session's own totals not summed", async () => {
    const want = expectedSessionTotals();
    for (const sessionId of sessions) {
      const { body } = await call(server, "GET", `/viewer/sessions/${sessionId}/tree`);
      expect(body.usage.input_tokens).toBe(want.input_tokens);
      expect(body.usage.output_tokens).toBe(want.output_tokens);
      expect(body.usage.total_tokens).toBe(want.input_tokens + want.output_tokens);
      expect(body.usage.cost).toBeCloseTo(want.cost, 14);
      expect(body.usage).toMatchObject({ cost_basis: "priced", unpriced_calls: want.unpriced, unpriced_models: ["llama3.2"] });
      // Each tree event carries its own usage: the per-call costs the total is made of.
      const models = body.events.filter((e: any) => e.type === "model");
      expect(models.filter((e: any) => e.usage?.cost !== null && e.usage?.cost !== undefined).length).toBeGreaterThanOrEqual(want.calls - want.unpriced);
      // A local server's model has no list price (Ollama: provider "ollama"), and the call names its model.
      expect(models.find((e: any) => e.name === "local-llm").usage).toMatchObject({ total_tokens: 50, cost: null, unpriced_calls: 1, unpriced_models: ["llama3.2"] });
    }
  });

  it("a run's total is the sum of its sessions' totals, by the same rule", async () => {
    const want = expectedSessionTotals();
    const { body } = await call(server, "GET", `/viewer/runs/${runId}`);
    const perSession = await Promise.all(sessions.map(async (id) => (await call(server, "GET", `/viewer/sessions/${id}/tree`)).body.usage));
    expect(body.usage.input_tokens).toBe(perSession.reduce((s: number, u: any) => s + u.input_tokens, 0));
    expect(body.usage.input_tokens).toBe(2 * want.input_tokens);
    expect(body.usage.output_tokens).toBe(2 * want.output_tokens);
    expect(body.usage.cost).toBeCloseTo(perSession.reduce((s: number, u: any) => s + u.cost, 0), 14);
    expect(body.usage.cost).toBeCloseTo(2 * want.cost, 14);
    expect(body.usage.unpriced_calls).toBe(2 * want.unpriced);
    expect(body.usage.unpriced_models).toEqual(["llama3.2"]);
  });

  it("matches HoneyHive's roll-up: metadata tokens and cost summed over the model events the export returns, duplicates aside", async () => {
    const exported = await call(server, "POST", "/v1/events/export", {
      filters: [{ field: "event_type", operator: "is", value: "model", type: "string" }, { field: "session_id", operator: "is", value: sessions[0], type: "string" }], limit: 500,
    });
    const counted = exported.body.events.filter((e: any) => e.event_name !== "inner-llm" && e.event_name !== "wrapper");
    const sum = (key: string) => counted.reduce((s: number, e: any) => s + (typeof e.metadata[key] === "number" ? e.metadata[key] : 0), 0);
    const tree = (await call(server, "GET", `/viewer/sessions/${sessions[0]}/tree`)).body.usage;
    expect(sum("prompt_tokens")).toBe(tree.input_tokens);
    expect(sum("completion_tokens")).toBe(tree.output_tokens);
    expect(sum("cost")).toBeCloseTo(tree.cost, 14);
  });

  it("the session API's roll-ups (GET /v1/sessions/{id}) use the same rule", async () => {
    const want = expectedSessionTotals();
    const { body } = await call(server, "GET", `/v1/sessions/${sessions[0]}`);
    expect(body).toMatchObject({ prompt_tokens: want.input_tokens, completion_tokens: want.output_tokens, total_tokens: want.input_tokens + want.output_tokens });
    expect(body.cost).toBeCloseTo(want.cost, 14);
    const empty = randomUUID();
    await call(server, "POST", "/session/start", { session: { session_id: empty, session_name: "no calls", metadata: { cost: 42 } } });
    expect((await call(server, "GET", `/v1/sessions/${empty}`)).body).toMatchObject({ cost: null, total_tokens: null, num_model_events: 0 });
  });
});
