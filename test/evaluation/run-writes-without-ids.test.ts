/**
 * The evaluation engine's run writes and reads (the final `PUT /v1/runs/{id}`, a shard's marker and completion, an
 * attempt's claim, the run read back) answer with the whole run, its `event_ids` among it: 100,000 session ids at
 * 100,000 datapoints, which the engine never reads. It reads those answers without the run's id lists
 * (`runs.updateWithoutIds` / `runs.getWithoutIds`, pruned as they arrive), so the bound on an answer applies to the
 * rest of the run only. Real HTTP on 127.0.0.1 through HoneyHive's OpenAPI spec.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { completeRun, runExists } from "../../packages/honeyhive/src/evaluation/run-lifecycle";
import { finishShard } from "../../packages/honeyhive/src/evaluation/shard";
import { claimRun, overlappingAttempt } from "../../packages/honeyhive/src/evaluation/run-attempt";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { startSpecCheckingProxy, type SpecCheckingProxy } from "../helpers/spec-checking-proxy";

const N = 20_000;
const BOUND = 50_000;
const RUN = "00000000-0000-4000-8000-000000000001";
const id = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
/** The run as the server holds it, less its id lists. */
let stored: Record<string, unknown> = {};
/** The run's answer: the stored run with its id lists, far over the client's bound. */
function runAnswer(): { evaluation: Record<string, unknown> } {
  return {
    evaluation: {
      id: RUN, run_id: RUN, name: "big", status: "running", results: {}, configuration: {}, is_active: true,
      created_at: "2026-11-29T00:00:00Z", scope_type: "project", scope_id: "p", metadata: {}, ...stored,
      event_ids: Array.from({ length: N }, (_, i) => id(i)), datapoint_ids: Array.from({ length: N }, (_, i) => `dp-${i}`),
    },
  };
}
let server: LoopbackServer;
let proxy: SpecCheckingProxy;

beforeAll(async () => {
  server = await startLoopbackServer((req) => {
    if (req.method === "PUT") {
      const body = req.body as { metadata?: Record<string, unknown>; status?: string };
      stored = { ...stored, ...(body.status ? { status: body.status } : {}), metadata: { ...(stored.metadata as object), ...body.metadata } };
    }
    return { body: runAnswer() };
  });
  proxy = await startSpecCheckingProxy(server.url);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

const client = (): ReturnType<typeof createApiClient> => createApiClient({ serverUrl: proxy.url, apiKey: "k", maxResponseBytes: BOUND });

describe("the engine's run writes read the run without its id lists", () => {
  it("the run's answer is far over the bound read whole, and within it without its id lists", async () => {
    stored = {};
    expect(JSON.stringify(runAnswer()).length).toBeGreaterThan(10 * BOUND);
    const api = client();
    const whole = await api.runs.get(RUN);
    expect(whole.ok ? "" : whole.error).toMatch(/larger than 50000 bytes/);
    const pruned = await api.runs.getWithoutIds(RUN);
    const { event_ids: _e, datapoint_ids: _d, ...rest } = runAnswer().evaluation;
    expect(pruned).toEqual({ ok: true, data: { evaluation: rest } });
    expect(proxy.violations()).toEqual([]);
  });

  it("completing the run, finishing a shard, claiming a run and reading it back succeed within the bound", async () => {
    stored = {};
    const api = client();
    const eventIds = [id(1), id(2)];
    expect(await runExists(api, RUN)).toBe(true);
    expect(await claimRun(api, RUN, undefined, "attempt-1")).toBe(true);
    expect(await overlappingAttempt(api, RUN, undefined, "attempt-1")).toBeUndefined();
    expect(await completeRun(api, RUN, { status: "completed", name: "big", event_ids: eventIds, metadata: {} })).toBeUndefined();
    const shard = { index: 1, count: 1 };
    expect(await finishShard(api, RUN, shard, { cancelled: false, name: "big", event_ids: eventIds, metadata: {}, datapoints: 2 })).toEqual({ completedRun: true });
    expect(stored.status).toBe("completed");
    expect(proxy.violations()).toEqual([]);
  });

  it("a pruned run answer equals the whole one less its id lists, whatever the run holds", async () => {
    const api = createApiClient({ serverUrl: proxy.url, apiKey: "k" });
    const json = fc.jsonValue({ maxDepth: 3 });
    await fc.assert(fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 12 }), json, { maxKeys: 6 }), async (metadata) => {
      stored = { metadata };
      const whole = await api.runs.get(RUN);
      const pruned = await api.runs.updateWithoutIds(RUN, {});
      if (!whole.ok || !pruned.ok) throw new Error("a read failed");
      const { event_ids: _e, datapoint_ids: _d, ...rest } = (whole.data as { evaluation: Record<string, unknown> }).evaluation;
      expect(pruned.data).toEqual({ evaluation: rest });
    }), { numRuns: 25 });
  });
});
