import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { call, startViewerServer } from "./helpers/viewer-server";

/**
 * A run its client never completed (`POST /v1/runs` pending, one session, no `PUT` with `completed`) is shown by the
 * viewer's endpoints as stalled once the server's clock (injected: `createDevServer({ clock })`) is past the
 * threshold since its last write; its HoneyHive `status` stays `pending`; a new write makes it live again.
 */
const T0 = Date.UTC(2025, 5, 15, 10, 42);
const MIN = 60_000;
let now = T0;
let server: DevServer;
const cutOff = randomUUID();
const finished = randomUUID();

/** A session event of `runId` for `datapointId`, stamped by the server's clock (no times sent). */
async function session(runId: string, datapointId: string): Promise<void> {
  await call(server, "POST", "/events/batch", {
    events: [{ event_type: "session", session_id: randomUUID(), event_name: "qa", source: "evaluation", inputs: { q: datapointId }, metadata: { run_id: runId, datapoint_id: datapointId } }],
  });
}

async function listed(runId: string): Promise<any> {
  const { body } = await call(server, "GET", "/viewer/runs?limit=50");
  return body.runs.find((r: any) => r.id === runId);
}

beforeAll(async () => {
  server = await startViewerServer(undefined, { clock: () => now });
  const datapoint_ids = ["dp-0", "dp-1", "dp-2", "dp-3"];
  await call(server, "POST", "/v1/runs", { run_id: cutOff, name: "cut-off", status: "pending", datapoint_ids });
  await call(server, "POST", "/v1/runs", { run_id: finished, name: "finished", status: "pending", datapoint_ids: ["dp-0"] });
  await session(finished, "dp-0");
  await call(server, "PUT", `/v1/runs/${finished}`, { status: "completed" });
  now = T0 + MIN;
  await session(cutOff, "dp-0"); // the upload is cut off after its first datapoint
});
afterAll(() => server?.close());

describe("a run its client never completed", () => {
  it("is live until its last write is older than the threshold (its session's write counts, not only the run's)", async () => {
    now = T0 + MIN + 10 * MIN; // the run's own update is 11 minutes old, its session's write exactly 10
    expect((await listed(cutOff)).stalled).toBeUndefined();
    expect((await call(server, "GET", `/viewer/runs/${cutOff}`)).body.run.stalled).toBeUndefined();
  });

  it("is stalled past it, on the runs list and the run page alike, with the time of its last write", async () => {
    now = T0 + MIN + 10 * MIN + 1;
    const stalled = { since: new Date(T0 + MIN).toISOString(), threshold_ms: 10 * MIN };
    const row = await listed(cutOff);
    expect(row).toMatchObject({ status: "pending", stalled, verdict: { not_run: 3 } });
    const page = (await call(server, "GET", `/viewer/runs/${cutOff}`)).body;
    expect(page.run).toMatchObject({ status: "pending", stalled });
    expect(page.not_run).toBe(3);
  });

  it("keeps its HoneyHive status: the wire API has no stalled field", async () => {
    const { body } = await call(server, "GET", `/v1/runs/${cutOff}`);
    expect(body.evaluation.status).toBe("pending");
    expect(body.evaluation).not.toHaveProperty("stalled");
  });

  it("a completed run is never stalled", async () => {
    now = T0 + 1000 * MIN;
    expect((await listed(finished)).stalled).toBeUndefined();
    expect((await call(server, "GET", `/viewer/runs/${finished}`)).body.run.stalled).toBeUndefined();
  });

  it("becomes live again when its client writes again, and completed when it completes it", async () => {
    now = T0 + 1000 * MIN;
    expect((await listed(cutOff)).stalled).toBeDefined();
    await session(cutOff, "dp-1"); // a client replaying its spool
    expect((await listed(cutOff)).stalled).toBeUndefined();
    now += 11 * MIN;
    expect((await listed(cutOff)).stalled).toBeDefined();
    await call(server, "PUT", `/v1/runs/${cutOff}`, { status: "completed" });
    now += 1000 * MIN;
    expect(await listed(cutOff)).toMatchObject({ status: "completed" });
    expect((await listed(cutOff)).stalled).toBeUndefined();
  });
});

describe("stalledRunAfterMs", () => {
  it("changes the threshold", async () => {
    now = T0;
    const quick = await startViewerServer(undefined, { clock: () => now, stalledRunAfterMs: MIN });
    try {
      const id = randomUUID();
      await call(quick, "POST", "/v1/runs", { run_id: id, name: "quick", status: "pending" });
      now = T0 + MIN + 1;
      const { body } = await call(quick, "GET", `/viewer/runs/${id}`);
      expect(body.run.stalled).toEqual({ since: new Date(T0).toISOString(), threshold_ms: MIN });
    } finally {
      await quick.close();
    }
  });
});
