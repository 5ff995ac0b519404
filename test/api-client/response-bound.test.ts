import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { startLoopbackServer, type LoopbackServer } from "./loopback-server";

/**
 * Req: responses are read whole, with a bound that fits the API. A run, its result and a comparison of
 * 100,000 datapoints (tens of MB) are read correctly; an answer over the bound is an error naming the route,
 * never a cut body reported as "not JSON".
 */
const N = 100_000;
const id = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
let server: LoopbackServer;

beforeAll(async () => {
  const eventIds = Array.from({ length: N }, (_, i) => id(i));
  const details = eventIds.map((sessionId, i) => ({ datapoint_id: `dp-${i}`, session_id: sessionId, passed: i % 3 !== 0, metrics: [{ name: "accuracy", value: (i % 10) / 10, passed: i % 3 !== 0 }] }));
  const run = JSON.stringify({ evaluation: { run_id: "big", name: "big", status: "completed", event_ids: eventIds } });
  const result = JSON.stringify({ status: "completed", success: true, passed: details.filter((d) => d.passed).map((d) => d.datapoint_id), failed: [], metrics: { aggregation_function: "average", details: [] }, datapoints: details });
  const comparison = JSON.stringify({ metrics: [], commonDatapoints: eventIds, event_details: details.map((d) => ({ datapoint_id: d.datapoint_id, old_event_id: d.session_id, new_event_id: d.session_id })) });
  server = await startLoopbackServer((req) => {
    if (req.path.endsWith("/result")) return { body: result };
    if (req.path.includes("/compare/")) return { body: comparison };
    return { body: run };
  });
});
afterAll(() => server.close());

describe("API responses are read whole", () => {
  it("reads a run, a result and a comparison of 100,000 datapoints", async () => {
    const api = createApiClient({ serverUrl: server.url, apiKey: "k" });
    const [run, result, comparison] = await Promise.all([api.runs.get("big"), api.runs.result("big"), api.runs.compare("big", "old")]);
    expect(run.ok && run.data.evaluation?.event_ids).toHaveLength(N);
    expect(result.ok && (result.data as { datapoints?: unknown[] }).datapoints).toHaveLength(N);
    expect(comparison.ok && (comparison.data as { event_details?: unknown[] }).event_details).toHaveLength(N);
  }, 30_000);

  it("an answer over the bound is an error naming the route, not 'not JSON', and is not retried", async () => {
    const api = createApiClient({ serverUrl: server.url, apiKey: "k", maxResponseBytes: 100_000 });
    const before = server.requests.length;
    const run = await api.runs.get("big");
    expect(run.ok).toBe(false);
    const error = run.ok ? "" : run.error;
    expect(error).toContain("GET /v1/runs/big");
    expect(error).toMatch(/larger than 100000 bytes/);
    expect(error).not.toMatch(/not JSON/);
    expect(server.requests.length - before).toBe(1);
  });
});
