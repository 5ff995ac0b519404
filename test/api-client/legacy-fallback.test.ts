// An older deployment without the canonical /v1 routes: the client falls back to the legacy route once per
// operation and remembers it (per client), so later calls go straight to the legacy form.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { newUuid } from "../../packages/core/src/ids/uuid";
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from "./loopback-server";

const KEY = "hh_legacy_fallback_key";
/** The canonical operations an older server lacks. */
const V1_ONLY = [
  /^POST \/v1\/sessions$/, /^PUT \/v1\/events\/[^/]+$/, /^POST \/v1\/events$/, /^POST \/v1\/events\/batch$/, /^POST \/v1\/events\/search$/,
  /^GET \/v1\/runs\/[^/]+\/compare\/[^/]+$/, /^(PUT|DELETE) \/v1\/datasets\/[^/]+$/,
];
let dev: DevServer;
let old: LoopbackServer;
let missingStatus = 404;

let gateway: LoopbackServer;
let legacyFailure: 503 | "no answer" = 503;

/** Answers 404/405 on the v1-only routes and forwards everything else to the dev server. */
async function olderDeployment(req: RecordedRequest) {
  const line = `${req.method} ${req.path}`;
  if (V1_ONLY.some((re) => re.test(line))) return { status: missingStatus, body: { error: `Cannot ${line}` } };
  return forward(req);
}

/** A current deployment behind a gateway whose legacy routes fail: 503, or no answer (`legacyFailure`). */
async function currentDeployment(req: RecordedRequest) {
  if (!req.path.startsWith("/v1/")) return legacyFailure === 503 ? { status: 503, body: { error: "unavailable" } } : { hang: true };
  return forward(req);
}

/** The dev server's answer to `req`. */
async function forward(req: RecordedRequest) {
  const query = req.query.toString();
  const answer = await fetch(`${dev.url}${req.path}${query ? `?${query}` : ""}`, {
    method: req.method,
    headers: { authorization: String(req.headers.authorization), "content-type": "application/json" },
    body: req.rawBody || undefined,
  });
  return { status: answer.status, body: await answer.text() };
}

beforeAll(async () => {
  dev = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  old = await startLoopbackServer(olderDeployment);
  gateway = await startLoopbackServer(currentDeployment);
});
afterAll(async () => {
  await gateway.close();
  await old.close();
  await dev.close();
});
beforeEach(() => {
  old.requests.length = 0;
  gateway.requests.length = 0;
  missingStatus = 404;
});

const lines = () => old.requests.map((r) => `${r.method} ${r.path}`);

describe("legacy fallback", () => {
  it("falls back once per operation on 404 and remembers it: later calls use the legacy route directly", async () => {
    const api = createApiClient({ serverUrl: old.url, apiKey: KEY });
    const sessionId = newUuid();
    expect((await api.sessions.start({ session: { session_id: sessionId, session_name: "old", project: "p" } })).ok).toBe(true);
    expect((await api.events.update({ event_id: sessionId, metadata: { a: 1 } })).ok).toBe(true);
    expect((await api.events.update({ event_id: sessionId, metadata: { b: 2 } })).ok).toBe(true);
    const second = newUuid();
    expect((await api.sessions.start({ session: { session_id: second, session_name: "old-2" } })).ok).toBe(true);
    const found = await api.events.search({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], dateRange: { start_time: "2000-01-01T00:00:00Z", end_time: "2999-01-01T00:00:00Z" } });
    expect(found.ok && found.data.events[0]).toMatchObject({ event_id: sessionId, event_name: "old", metadata: { a: 1, b: 2 } });
    await api.events.search({ filters: [{ field: "source", operator: "exists", value: null }] });
    expect(lines()).toEqual([
      "POST /v1/sessions", "POST /session/start",
      `PUT /v1/events/${sessionId}`, "PUT /events",
      "PUT /events",
      "POST /session/start",
      "POST /v1/events/search", "POST /v1/events/export",
      "POST /v1/events/export",
    ]);
    expect(old.requests[1]!.body).toEqual({ session: { session_id: sessionId, session_name: "old", project: "p" } });
    expect(old.requests[3]!.body).toEqual({ event_id: sessionId, metadata: { a: 1 } });
    expect(old.requests[7]!.body).toMatchObject({ dateRange: { $gte: "2000-01-01T00:00:00Z", $lte: "2999-01-01T00:00:00Z" } });
    expect(old.requests[8]!.body).toEqual({ filters: [{ field: "source", operator: "exists", value: null, type: "string" }] });

    // Memory is per client: a new client probes the v1 route again.
    await createApiClient({ serverUrl: old.url, apiKey: KEY }).sessions.start({ session: { session_id: newUuid() } });
    expect(lines().slice(-2)).toEqual(["POST /v1/sessions", "POST /session/start"]);
  });

  it("a burst of concurrent calls costs one probe: the others wait for its answer", async () => {
    const api = createApiClient({ serverUrl: old.url, apiKey: KEY });
    const results = await Promise.all(Array.from({ length: 20 }, () => api.sessions.start({ session: { session_id: newUuid(), session_name: "burst" } })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(lines().filter((l) => l === "POST /v1/sessions")).toHaveLength(1);
    expect(lines().filter((l) => l === "POST /session/start")).toHaveLength(20);
    // On a server that has the route, nothing waits once it is known: a burst is sent as is.
    const fresh = createApiClient({ serverUrl: dev.url, apiKey: KEY });
    const direct = await Promise.all(Array.from({ length: 5 }, () => fresh.sessions.start({ session: { session_id: newUuid() } })));
    expect(direct.every((r) => r.ok)).toBe(true);
  });

  it("also on 405, for events, batches, comparisons and dataset updates", async () => {
    missingStatus = 405;
    const api = createApiClient({ serverUrl: old.url, apiKey: KEY });
    const created = await api.events.create({ event: { event_type: "tool", event_name: "legacy-event", inputs: { q: 1 } } });
    expect(created.ok && created.data.event_id).toMatch(/^[0-9a-f-]{36}$/);
    const batch = await api.events.createBatch({ events: [{ event_type: "chain", inputs: {} }] });
    expect(batch.ok).toBe(true);
    const ds = await api.datasets.create({ name: "before" });
    const datasetId = ds.ok ? String((ds.data.result as { insertedId: string }).insertedId) : "";
    expect((await api.datasets.update({ dataset_id: datasetId, name: "after" })).ok).toBe(true);
    const listed = await api.datasets.list({ dataset_id: datasetId });
    expect(listed.ok && listed.data.datasets[0]?.name).toBe("after");
    expect((await api.datasets.delete(datasetId)).ok).toBe(true);
    const a = await api.runs.create({ name: "a" });
    const b = await api.runs.create({ name: "b" });
    const compared = await api.runs.compare(a.ok ? a.data.run_id : "", b.ok ? b.data.run_id : "");
    expect(compared.ok).toBe(true);
    expect(lines().filter((l) => !l.startsWith("POST /v1/runs") && !l.startsWith("POST /v1/datasets") && !l.startsWith("GET /v1/datasets"))).toEqual([
      "POST /v1/events", "POST /events",
      "POST /v1/events/batch", "POST /events/batch",
      `PUT /v1/datasets/${datasetId}`, "PUT /v1/datasets",
      `DELETE /v1/datasets/${datasetId}`, "DELETE /v1/datasets",
      expect.stringMatching(/^GET \/v1\/runs\/[^/]+\/compare\/[^/]+$/), expect.stringMatching(/^GET \/v1\/runs\/[^/]+\/compare-with\/[^/]+$/),
    ]);
  });

  it("a 404 for a missing resource (legacy route 404s too) is returned and not remembered", async () => {
    const api = createApiClient({ serverUrl: dev.url, apiKey: KEY });
    const missing = newUuid();
    const first = await api.events.update({ event_id: missing, metadata: { a: 1 } });
    expect(first).toMatchObject({ ok: false, status: 404 });
    const proxied = createApiClient({ serverUrl: old.url, apiKey: KEY });
    missingStatus = 404;
    await proxied.events.update({ event_id: missing, metadata: { a: 1 } });
    expect(lines()).toEqual([`PUT /v1/events/${missing}`, "PUT /events"]);
    // The legacy route answered 404 as well, so the next call tries v1 again.
    await proxied.events.update({ event_id: missing, metadata: { a: 1 } });
    expect(lines()).toEqual([`PUT /v1/events/${missing}`, "PUT /events", `PUT /v1/events/${missing}`, "PUT /events"]);
  });

  it("once the v1 route answered 2xx, its 404 is a missing resource's: returned without a legacy request", async () => {
    const api = createApiClient({ serverUrl: gateway.url, apiKey: KEY });
    const sessionId = newUuid();
    expect((await api.sessions.start({ session: { session_id: sessionId } })).ok).toBe(true);
    expect((await api.events.update({ event_id: sessionId, metadata: { a: 1 } })).ok).toBe(true);
    const missing = newUuid();
    expect(await api.events.update({ event_id: missing, metadata: { a: 1 } })).toMatchObject({ ok: false, status: 404 });
    expect(gateway.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/sessions", `PUT /v1/events/${sessionId}`, `PUT /v1/events/${missing}`]);
  });

  it.each([503, "no answer"] as const)("a legacy route that failed (%s) is not remembered: the next call uses v1 and lands", async (failure) => {
    legacyFailure = failure;
    const api = createApiClient({ serverUrl: gateway.url, apiKey: KEY, maxRetries: 0, timeoutMs: 500 });
    const missing = newUuid();
    expect((await api.events.update({ event_id: missing, metadata: { a: 1 } })).ok).toBe(false);
    const sessionId = newUuid();
    expect((await api.sessions.start({ session: { session_id: sessionId } })).ok).toBe(true);
    const update = await api.events.update({ event_id: sessionId, metadata: { b: 2 } });
    expect(update.ok, JSON.stringify(update)).toBe(true);
    expect(gateway.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /v1/events/${missing}`, "PUT /events", "POST /v1/sessions", `PUT /v1/events/${sessionId}`]);
  });
});
