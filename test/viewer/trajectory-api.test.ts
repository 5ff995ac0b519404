import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { call, startViewerServer } from "./helpers/viewer-server";

/**
 * `GET /viewer/sessions/{id}/trajectory` over stored events (written through the HoneyHive API, as another SDK would):
 * core's trace rule reads them — a model's requested call paired with the tool event that ran it by call id (the
 * arguments the model gave), a call the app ran untraced read from the next request's conversation, a tool reported
 * twice (nested in itself) counted once, the evaluation's own work left out.
 */
let server: DevServer;
let sessionId: string;

function event(fields: Record<string, unknown>): Record<string, unknown> {
  return { event_id: randomUUID(), session_id: sessionId, parent_id: sessionId, source: "dev", inputs: {}, outputs: {}, config: {}, metadata: {}, ...fields };
}

beforeAll(async () => {
  server = await startViewerServer();
  sessionId = (await call(server, "POST", "/session/start", { session: { session_name: "agent", source: "dev" } })).body.session_id;
  const asks = event({
    event_type: "model", event_name: "chat", start_time: 1_000, end_time: 1_100, config: { model: "gpt-4o-mini", provider: "openai" },
    outputs: { role: "assistant", content: "", tool_calls: [
      { id: "call_1", type: "function", function: { name: "lookup_order", arguments: '{"order_id":"A1"}' } },
      { id: "call_2", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
    ] },
  });
  const outer = event({ event_type: "tool", event_name: "lookup_order", start_time: 1_200, end_time: 1_300, inputs: { order: "A1" }, outputs: { result: { total: 25 } }, metadata: { "gen_ai.tool.call.id": "call_1" } });
  const inner = event({ event_type: "tool", event_name: "lookup_order", parent_id: outer.event_id, start_time: 1_210, end_time: 1_290, inputs: { order: "A1" }, outputs: { result: { total: 25 } } });
  const answers = event({
    event_type: "model", event_name: "chat", start_time: 1_400, end_time: 1_500, config: { model: "gpt-4o-mini" },
    inputs: { chat_history: [{ role: "user", content: "refund A1" }, { role: "tool", tool_call_id: "call_2", content: '{"sky":"clear"}' }] },
    outputs: { role: "assistant", content: "Done." },
  });
  const judge = event({ event_type: "tool", event_name: "judge_tool", start_time: 1_600, end_time: 1_700, metadata: { evaluator: "quality" } });
  expect((await call(server, "POST", "/events/batch", { events: [asks, outer, inner, answers, judge] })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe("GET /viewer/sessions/{id}/trajectory", () => {
  it("lists the tool calls in order by core's rule, from the stored events", async () => {
    const { status, body } = await call(server, "GET", `/viewer/sessions/${sessionId}/trajectory`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ session_id: sessionId, passed: null, verdicts: [], model_calls: 2, tool_errors: 0, truncated: false });
    expect(body.tool_calls.map((c: any) => [c.name, c.recorded_by, c.arguments && JSON.parse(c.arguments.text), c.result && JSON.parse(c.result.text)])).toEqual([
      ["weather", "model", { city: "Paris" }, { sky: "clear" }],
      ["lookup_order", "tool", { order_id: "A1" }, { total: 25 }],
    ]);
  });

  it("answers 404 for a session the project does not hold", async () => {
    expect((await call(server, "GET", `/viewer/sessions/${randomUUID()}/trajectory`, undefined, { allowError: true })).status).toBe(404);
  });
});
