// The dev server judges a datapoint by its latest attempt (core/runs/datapoint-outcome): a session whose final update
// states the outcome (`datapoint_done`, `status`, `error`) is judged by it, whatever an earlier attempt's span says; a
// session that states none (another SDK's, a run that is not resumable) by its first failed top-level event, as before.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, type Client } from "./helpers";

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server, "outcome-key");
});
afterAll(() => server.close());

/** One datapoint's session: its top-level `chain` events (errors or not, in order), then its final update's metadata. */
async function datapoint(runId: string, dp: string, spans: (string | null)[], final?: Record<string, unknown>): Promise<string> {
  const meta = { run_id: runId, datapoint_id: dp };
  const session = (await api.call("POST", "/session/start", { session: { session_name: "exp", source: "evaluation", metadata: meta } })).body.session_id;
  for (const [i, error] of spans.entries()) {
    const event = { event_type: "chain", event_name: "answer", session_id: session, inputs: {}, metadata: meta, start_time: Date.now() + i, ...(error ? { error } : {}) };
    expect((await api.call("POST", "/events", { event })).status).toBe(200);
  }
  if (final) expect((await api.call("PUT", "/events", { event_id: session, metadata: final })).status).toBe(200);
  return session;
}

describe("a datapoint's outcome on the dev server", () => {
  it("is its latest attempt's when its session states it, else its first failed top-level event's", async () => {
    const runId = randomUUID();
    expect((await api.call("POST", "/v1/runs", { run_id: runId, name: "exp", status: "pending", event_ids: [] })).status).toBe(200);
    const sessions = [
      await datapoint(runId, "EXT-other-sdk", ["boom", null]),
      await datapoint(runId, "EXT-resumed-ok", ["evaluation cancelled", null], { status: "cancelled", error: "evaluation cancelled" }),
      await datapoint(runId, "EXT-resumed-failed", ["evaluation cancelled", "latest failure"], { status: "cancelled", error: "evaluation cancelled" }),
    ];
    // the resumed attempts' final updates (the cancelled attempts' updates came first)
    await api.call("PUT", "/events", { event_id: sessions[1], metadata: { status: "success", error: null, datapoint_done: true } });
    await api.call("PUT", "/events", { event_id: sessions[2], metadata: { status: "failed", error: "latest failure", datapoint_done: true } });
    await api.call("PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: sessions });
    const result = (await api.call("GET", `/v1/runs/${runId}/result`)).body;
    const of = (dp: string) => result.datapoints.find((d: { datapoint_id: string }) => d.datapoint_id === dp);
    expect(of("EXT-other-sdk")).toMatchObject({ passed: false, error: "boom" });
    expect(of("EXT-resumed-ok")).toMatchObject({ passed: true });
    expect(of("EXT-resumed-ok").error).toBeUndefined();
    expect(of("EXT-resumed-failed")).toMatchObject({ passed: false, error: "latest failure" });
    expect(result.verdict).toMatchObject({ passed: 1, failed: 2, total: 3 });
  });

  it("counts the scores of a resumed datapoint's latest attempt only, each once, in every view of the run", async () => {
    const runId = randomUUID();
    const run = { name: "exp", status: "pending", event_ids: [], configuration: { function: "answer" } };
    expect((await api.call("POST", "/v1/runs", { ...run, run_id: runId })).status).toBe(200);
    const meta = { run_id: runId, datapoint_id: "EXT-scored" };
    const start = async (dp: string, id = runId) => (await api.call("POST", "/session/start", { session: { session_name: "exp", source: "evaluation", metadata: { ...meta, run_id: id, datapoint_id: dp } } })).body.session_id as string;
    const event = async (session: string, name: string, score: number, at: number, parent?: string, type = "chain", id = runId): Promise<string> => {
      const body = { event_type: type, event_name: name, session_id: session, inputs: {}, metadata: { ...meta, run_id: id }, metrics: { score }, start_time: at, ...(parent ? { parent_id: parent } : {}) };
      const answer = await api.call("POST", "/events", { event: body });
      expect(answer.status).toBe(200);
      return answer.body.event_id as string;
    };
    const resumed = await start("EXT-scored");
    // the killed attempt's span (and a nested event's score) arrived, then the resumed attempt ran it again
    const at = Date.now();
    await event(resumed, "tool", 0, at + 1, await event(resumed, "answer", 0, at));
    await event(resumed, "tool", 1, at + 6, await event(resumed, "answer", 10, at + 5));
    // top-level events that are not the function's span are no attempts, a later one or two of one name: all stay
    await event(resumed, "lookup", 7, at + 10, undefined, "tool");
    await event(resumed, "turn", 2, at + 11);
    await event(resumed, "turn", 3, at + 12);
    await api.call("PUT", "/events", { event_id: resumed, metadata: { status: "success", error: null, datapoint_done: true } });
    const other = await start("EXT-other-sdk"); // states no outcome: both of its top-level events count
    await event(other, "answer", 4, at);
    await event(other, "answer", 6, at + 5);
    await api.call("PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: [resumed, other] });
    const values = (result: { metrics: { details: { metric_name: string; event_name: string; values: number[] }[] } }, name: string) =>
      [...(result.metrics.details.find((d) => d.metric_name === "score" && d.event_name === name)?.values ?? [])].sort((x, y) => x - y);
    const result = (await api.call("GET", `/v1/runs/${runId}/result`)).body;
    expect(values(result, "answer")).toEqual([4, 6, 10]);
    expect(values(result, "tool")).toEqual([1]);
    expect(values(result, "lookup")).toEqual([7]);
    expect(values(result, "turn")).toEqual([2, 3]);
    const scored = result.datapoints.find((d: { datapoint_id: string }) => d.datapoint_id === "EXT-scored");
    expect(scored.metrics.find((m: { event_name: string }) => m.event_name === "answer").value).toBe(10);
    // the filtered result and the events compared per datapoint read the same rows
    const filters = encodeURIComponent(JSON.stringify([{ field: "event_name", operator: "is", value: "answer" }]));
    expect(values((await api.call("GET", `/v1/runs/${runId}/result?filters=${filters}`)).body, "answer")).toEqual([4, 6, 10]);
    const oldId = randomUUID();
    expect((await api.call("POST", "/v1/runs", { ...run, run_id: oldId })).status).toBe(200);
    const old = await start("EXT-scored", oldId);
    await event(old, "answer", 5, at, undefined, "chain", oldId);
    await api.call("PUT", `/v1/runs/${oldId}`, { status: "completed", event_ids: [old] });
    const compared = (await api.call("GET", `/v1/runs/${runId}/compare/${oldId}/events?event_name=answer`)).body;
    expect(compared.events.map((e: { event_1: { metrics: unknown }; event_2: { metrics: unknown } }) => [e.event_1.metrics, e.event_2.metrics])).toEqual([[{ score: 10 }, { score: 5 }]]);
  });
});
