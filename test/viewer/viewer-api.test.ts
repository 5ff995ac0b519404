import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer, EventRecord } from "../../packages/dev-server/src/index";
import { defaultProjectName, hashKey } from "../../packages/dev-server/src/routes/auth";
import { eventUsage, isEvaluationWork } from "../../packages/dev-server/src/domain/call-usage";
import { mergeEvents } from "../../packages/dev-server/src/model/event-model";
import { hexId, seedRunWithSessions, sendSpans, sessionAttrs, type SpanSpec } from "./helpers/seed";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/** The viewer's read API (`/viewer/*`) over real HTTP against data seeded through the server's own API. */
let server: DevServer;
const base = Date.UTC(2025, 0, 1);
const sessionA = randomUUID();
const sessionB = randomUUID();
const runOld = { id: "" };
const runNew = { id: "" };

function sessionSpans(sessionId: string, name: string, start: number, fail: boolean): SpanSpec[] {
  const traceId = hexId(16);
  const root = hexId(8);
  const child = hexId(8);
  return [
    { traceId, spanId: root, name: "agent", startMs: start, endMs: start + 50, attributes: { ...sessionAttrs(sessionId, "chain", name === "alpha" ? "web" : "batch"), "honeyhive.session_name": name } },
    { traceId, spanId: child, parentSpanId: root, name: "llm", startMs: start + 5, endMs: start + 40, attributes: { ...sessionAttrs(sessionId, "model"), "honeyhive_outputs.text": "x".repeat(1000) }, ...(fail ? { error: "rate limited" } : {}) },
    { traceId, spanId: hexId(8), parentSpanId: child, name: "lookup", startMs: start + 10, endMs: start + 12, attributes: sessionAttrs(sessionId, "tool") },
  ];
}

beforeAll(async () => {
  server = await startViewerServer();
  await sendSpans(server, [...sessionSpans(sessionA, "alpha", base, false), ...sessionSpans(sessionB, "beta", base + 1000, true)]);
  runOld.id = await seedRunWithSessions(server, { name: "old", datapoints: 120, score: (i) => (i % 10) / 10, passingMin: 0.5 });
  runNew.id = await seedRunWithSessions(server, { name: "new", datapoints: 120, score: (i) => (i % 4 === 0 ? 0 : ((i % 10) + 1) / 10), passingMin: 0.5 });
});
afterAll(() => server.close());

describe("GET /viewer/sessions", () => {
  it("lists sessions newest first with event counts, duration and error markers", async () => {
    const { body } = await call(server, "GET", "/viewer/sessions?source=web");
    expect(body.total).toBe(1);
    expect(body.sessions[0]).toMatchObject({ session_id: sessionA, name: "alpha", source: "web", num_events: 3, num_errors: 0, error: null });
    expect(body.sessions[0].duration).toBeCloseTo(50, 3);
    const batch = await call(server, "GET", "/viewer/sessions?name=BET");
    expect(batch.body.sessions.map((s: any) => s.session_id)).toEqual([sessionB]);
    expect(batch.body.sessions[0]).toMatchObject({ num_errors: 1, error: "rate limited" });
  });

  it("paginates, filters by run id, and orders newest first", async () => {
    const page1 = await call(server, "GET", `/viewer/sessions?run_id=${runOld.id}&limit=50&page=1`);
    const page3 = await call(server, "GET", `/viewer/sessions?run_id=${runOld.id}&limit=50&page=3`);
    expect(page1.body.total).toBe(120);
    expect(page1.body.sessions).toHaveLength(50);
    expect(page3.body.sessions).toHaveLength(20);
    const starts = page1.body.sessions.map((s: any) => s.start_time);
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    expect(page1.body.sessions.every((s: any) => s.run_id === runOld.id)).toBe(true);
  });

  it("rejects bad paging and other projects see nothing", async () => {
    expect((await call(server, "GET", "/viewer/sessions?page=0", undefined, { allowError: true })).status).toBe(400);
    expect((await call(server, "GET", "/viewer/sessions", undefined, { key: null, allowError: true })).status).toBe(401);
    expect((await call(server, "GET", "/viewer/sessions", undefined, { key: "another-project" })).body.total).toBe(0);
  });
});

describe("GET /viewer/sessions/{id}/tree", () => {
  it("returns lean events with parents, times and errors, and a stamp that short-circuits unchanged polls", async () => {
    const { body } = await call(server, "GET", `/viewer/sessions/${sessionB}/tree`);
    expect(body.unchanged).toBe(false);
    expect(body.session).toMatchObject({ session_id: sessionB, name: "beta", source: "batch" });
    expect(body.total).toBe(3);
    const byName = Object.fromEntries(body.events.map((e: any) => [e.name, e]));
    expect(byName.agent.parent).toBe(sessionB);
    expect(byName.llm.parent).toBe(byName.agent.id);
    expect(byName.lookup.parent).toBe(byName.llm.id);
    expect(byName.llm).toMatchObject({ type: "model", error: "rate limited" });
    expect(byName.llm).not.toHaveProperty("outputs");
    const again = await call(server, "GET", `/viewer/sessions/${sessionB}/tree?stamp=${encodeURIComponent(body.stamp)}`);
    expect(again.body).toEqual({ stamp: body.stamp, unchanged: true });
    const traceId = hexId(16);
    await sendSpans(server, [{ traceId, spanId: hexId(8), name: "late", startMs: base + 1100, endMs: base + 1200, attributes: sessionAttrs(sessionB, "tool") }]);
    const changed = await call(server, "GET", `/viewer/sessions/${sessionB}/tree?stamp=${encodeURIComponent(body.stamp)}`);
    expect(changed.body.unchanged).toBe(false);
    expect(changed.body.events.map((e: any) => e.name)).toContain("late");
  });

  it("reads the same events, order, usage and evaluation markers as the full stored events give", async () => {
    // The tree reads lean rows (usage objects only where their text can hold usage): it must agree with the full
    // records read through queryEvents and the one usage rule, for every place usage can be stored.
    const keyHash = hashKey(KEY);
    const project = await server.store.projectForKey(keyHash, defaultProjectName(keyHash));
    const sid = randomUUID();
    const ev = (name: string, start: number | null, fields: Partial<EventRecord> = {}): { event: EventRecord } => ({
      event: { event_id: randomUUID(), session_id: sid, parent_id: sid, children_ids: [], event_type: "model", event_name: name, source: "t",
        inputs: { q: "long ".repeat(100) }, outputs: {}, config: {}, metadata: {}, metrics: {}, feedback: {}, user_properties: {}, error: null,
        start_time: start, end_time: start === null ? null : start + 5, duration: start === null ? null : 5, ...fields },
    });
    const events = [
      ev("tokens-in-metadata", base + 30, { metadata: { prompt_tokens: 10, completion_tokens: 2, cost: 0.5, cost_basis: "priced" } }),
      ev("usage-in-outputs", base + 10, { outputs: { usage: { prompt_tokens: "7", total_tokens: 9 } } }),
      ev("cost-in-metrics-basis-not-in-metadata", base + 10, { metrics: { cost: 1.25, cost_basis: "reported" }, metadata: { note: "x" } }),
      ev("cost-in-config", base + 20, { config: { "gen_ai.usage.cost": 2 }, event_type: "chain" }),
      ev("judge", base + 25, { metadata: { evaluator: "relevance" }, event_type: "tool" }),
      ev("no-start", null, { event_type: "tool", error: "e".repeat(900) }),
      ev("unpriced-model", base + 5, { metadata: { "gen_ai.usage.input_tokens": 3 } }),
      ev("plain", base + 10, { event_type: "chain", outputs: { text: "no usage here" } }),
    ];
    const session = { ...events[0]!.event, event_id: sid, parent_id: null, event_type: "session", event_name: "lean", start_time: base, end_time: base + 100, duration: 100 };
    await server.store.writeEvents(project.id, { sessions: [session], events, merge: mergeEvents });
    const { body } = await call(server, "GET", `/viewer/sessions/${sid}/tree`);
    const full = (await server.store.queryEvents(project.id, { where: { session_id: sid }, order: "asc" })).events.filter((e) => e.event_id !== sid);
    const expected = full.map((e) => {
      const usage = eventUsage(e);
      return {
        id: e.event_id, parent: e.parent_id, type: e.event_type, name: e.event_name, start: e.start_time, end: e.end_time,
        error: e.error === null ? null : e.error.length <= 500 ? e.error : `${e.error.slice(0, 500)}…`,
        ...(usage ? { usage } : {}), ...(isEvaluationWork(e) ? { evaluation: true } : {}),
      };
    });
    expect(body.events).toEqual(expected);
    expect(body.events.map((e: any) => e.name)).toEqual(["no-start", "unpriced-model", "usage-in-outputs", "cost-in-metrics-basis-not-in-metadata",
      "plain", "cost-in-config", "judge", "tokens-in-metadata"]);
    expect(body.events.filter((e: any) => e.usage).length).toBe(5);
    expect(body.events.find((e: any) => e.name === "cost-in-metrics-basis-not-in-metadata").usage).not.toHaveProperty("cost_basis");
  });

  it("404s on an unknown session and 400s on a malformed id", async () => {
    expect((await call(server, "GET", `/viewer/sessions/${randomUUID()}/tree`, undefined, { allowError: true })).status).toBe(404);
    expect((await call(server, "GET", "/viewer/sessions/not-a-uuid/tree", undefined, { allowError: true })).status).toBe(400);
  });
});

describe("GET /viewer/runs/{id}", () => {
  it("agrees with /v1/runs/{id}/result and pages the datapoint table", async () => {
    const { body } = await call(server, "GET", `/viewer/runs/${runOld.id}?aggregate_function=max&limit=25&page=2`);
    const result = (await call(server, "GET", `/v1/runs/${runOld.id}/result?aggregate_function=max`)).body;
    expect(body.run.id).toBe(runOld.id);
    expect(body.datapoints).toBe(120);
    expect(body.passed).toBe(result.passed.length);
    expect(body.failed).toBe(result.failed.length);
    // score below its range (60) or exact=false, a boolean without a range (i % 3 === 0): 60 + 40 - 20 both.
    expect(body.failed).toBe(80);
    const score = body.aggregates.find((a: any) => a.metric_name === "score");
    const detail = result.metrics.details.find((d: any) => d.metric_name === "score");
    expect(score.aggregate).toBe(detail.aggregate);
    expect(score).toMatchObject({ count: 120, passed: 60, failed: 60, passing_range: { min: 0.5 } });
    expect(body.rows).toHaveLength(25);
    // page 2 starts at the 26th datapoint; a run created through the API records no dataset index (no label)
    expect(body.rows[0]).toMatchObject({ index: null, trial: null, label: null });
    expect(body.rows[0].inputs.text).toContain("question 25");
    const row = body.rows[0];
    expect(row.inputs.text).toContain("question");
    expect(row.ground_truth.text).toContain("answer");
    expect(row.metrics[score.id].value).toBeTypeOf("number");
  });

  it("filters by pass/fail and validates its parameters", async () => {
    const failed = await call(server, "GET", `/viewer/runs/${runOld.id}?status=failed&limit=200`);
    expect(failed.body.total).toBe(80);
    expect(failed.body.rows.every((r: any) => r.passed === false)).toBe(true);
    expect((await call(server, "GET", `/viewer/runs/${runOld.id}?aggregate_function=mode`, undefined, { allowError: true })).status).toBe(400);
    expect((await call(server, "GET", `/viewer/runs/${runOld.id}?status=meh`, undefined, { allowError: true })).status).toBe(400);
    expect((await call(server, "GET", `/viewer/runs/${randomUUID()}`, undefined, { allowError: true })).status).toBe(404);
  });
});

describe("GET /viewer/runs/{new}/compare/{old}", () => {
  it("pairs datapoints by id with per-metric directions and consistent counts", async () => {
    const { body } = await call(server, "GET", `/viewer/runs/${runNew.id}/compare/${runOld.id}?limit=200`);
    const agg = (await call(server, "GET", `/v1/runs/${runNew.id}/compare-with/${runOld.id}`)).body;
    expect(body.common).toBe(120);
    expect(body.only_new + body.only_old).toBe(0);
    const score = agg.metrics.find((m: any) => m.metric_name === "score");
    const column = body.columns.find((c: any) => c.metric_name === "score");
    const scoreVerdicts = body.rows.map((r: any) => r.metrics[column.id].verdict);
    expect(scoreVerdicts.filter((v: string) => v === "improved")).toHaveLength(score.improved_count);
    expect(scoreVerdicts.filter((v: string) => v === "degraded")).toHaveLength(score.degraded_count);
    const dp4 = body.rows.find((r: any) => r.datapoint_id === "dp-00004");
    expect(dp4.metrics[column.id]).toMatchObject({ old: 0.4, new: 0, verdict: "degraded" });
    const total = body.counts.improved + body.counts.degraded + body.counts.same + body.counts.mixed;
    expect(total).toBe(120);
    const degraded = await call(server, "GET", `/viewer/runs/${runNew.id}/compare/${runOld.id}?verdict=degraded&limit=10`);
    expect(degraded.body.total).toBe(body.counts.degraded);
    expect(degraded.body.rows.every((r: any) => r.verdict === "degraded")).toBe(true);
    expect((await call(server, "GET", `/viewer/runs/${runNew.id}/compare/${runOld.id}?verdict=better`, undefined, { allowError: true })).status).toBe(400);
  });
});

describe("GET /viewer/runs/{new}/compare/{old}/datapoint", () => {
  it("returns one datapoint's inputs, ground truth and both outputs, and rejects missing or unknown ids", async () => {
    const path = `/viewer/runs/${runNew.id}/compare/${runOld.id}`;
    const { body } = await call(server, "GET", `${path}/datapoint?datapoint_id=dp-00007`);
    expect(body.datapoint_id).toBe("dp-00007");
    expect(body.inputs.value).toEqual({ question: "question 7" });
    expect(body.ground_truth.value).toEqual({ answer: "answer 7" });
    expect(body.old.outputs).toMatchObject({ value: { answer: "answer 7" }, truncated: false });
    expect(body.new.session_id).not.toBe(body.old.session_id);
    const list = (await call(server, "GET", `${path}?verdict=changed`)).body;
    expect(list.counts.changed).toBe(0); // both runs answer the same
    expect(list.total).toBe(0);
    expect((await call(server, "GET", `${path}/datapoint`, undefined, { allowError: true })).status).toBe(400);
    expect((await call(server, "GET", `${path}/datapoint?datapoint_id=nope`, undefined, { allowError: true })).status).toBe(404);
  });
});

describe("GET /viewer/runs and /viewer/datasets", () => {
  it("lists runs newest first with a name substring filter, paging and trends; lists offline datasets", async () => {
    const all = (await call(server, "GET", "/viewer/runs?limit=1")).body;
    expect(all.total).toBe(2);
    expect(all.runs).toHaveLength(1);
    expect(all.trends).toHaveLength(1);
    const named = (await call(server, "GET", "/viewer/runs?name=OL")).body;
    expect(named.runs.map((r: any) => r.name)).toEqual(["old"]);
    expect(named.trends[0].metrics.map((m: any) => m.metric_name).sort()).toEqual(["exact", "score"]);
    expect((await call(server, "GET", `/viewer/runs?from=${Date.now() + 86_400_000}`)).body.total).toBe(0);
    expect((await call(server, "GET", "/viewer/runs?from=soon", undefined, { allowError: true })).status).toBe(400);
    expect((await call(server, "GET", "/viewer/datasets")).body.datasets).toEqual([]);
    expect((await call(server, "GET", "/viewer/datasets/EXT-unknown", undefined, { allowError: true })).status).toBe(404);
  });
});

describe("GET /viewer/whoami", () => {
  it("names the caller's project", async () => {
    const { body } = await call(server, "GET", "/viewer/whoami");
    expect(body.project.name).toBe("Local project"); // readable: never the key or its hash
    expect(KEY).not.toContain(body.project.name);
  });
});
