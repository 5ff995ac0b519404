// Floating-point noise is no change: two runs with the same scores, summed in another order, average to numbers that
// differ in their last bit (-5.55e-17). The comparison calls them the same, and the difference shown beside it —
// compare-with's `difference` and `percentage_change`, the viewer's per-datapoint delta, the SDK's compareRuns() and
// the CLI's "compared with the previous run" line — is 0, not a red -5.55e-17. One tolerance (core verdict/float-noise)
// for all of them; a difference a person could mean is kept exactly.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RELATIVE_TOLERANCE, numericDifference } from "../../packages/core/src/verdict/float-noise";
import { compareValues } from "../../packages/core/src/verdict/compare";
import { atLeast } from "../../packages/core/src/verdict/bounds";
import type { DevServer } from "../../packages/dev-server/src/index";
import { compareRuns } from "../../packages/honeyhive/src/index";
import { previousRunLines } from "../../packages/honeyhive/src/reporting/previous-runs";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { client, startServer, type Client } from "../dev-server/helpers";

describe("numericDifference: one tolerance", () => {
  it("is exactly 0 within a relative 1e-12 and the plain difference beyond it, agreeing with compareValues and the bounds", () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (a, b) => {
      const d = numericDifference(a, b);
      const noise = Math.abs(b - a) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
      expect(d).toBe(noise ? 0 : b - a);
      expect(compareValues(a, b)).toBe(d > 0 ? "improved" : d < 0 ? "degraded" : "same");
    }));
    expect(numericDifference(((0.1 + 0.2) + 0.3) / 3, ((0.3 + 0.2) + 0.1) / 3)).toBe(0);
    expect(numericDifference(0.4, 0.3999)).toBeCloseTo(-0.0001, 12);
    expect(atLeast(0.39999999999999997, 0.4)).toBe(true);
  });
});

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server, "float-noise-key");
});
afterAll(() => server.close());

/** A run whose three datapoints score 0.1, 0.2 and 0.3, stored in `order`. */
async function run(order: number[]): Promise<string> {
  const runId = randomUUID();
  await api.call("POST", "/v1/runs", { run_id: runId, name: "noise", event_ids: [] });
  const sessions: string[] = [];
  for (const i of order) {
    const metadata = { run_id: runId, dataset_id: "EXT-noise", datapoint_id: `EXT-dp${i}` };
    const session = await api.call("POST", "/session/start", { session: { session_name: "noise", metadata } });
    sessions.push(session.body.session_id);
    await api.call("POST", "/events", { event: { event_type: "chain", event_name: "fn", session_id: session.body.session_id, inputs: {}, metadata, metrics: { score: [0.1, 0.2, 0.3][i] } } });
  }
  await api.call("PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: sessions });
  return runId;
}

describe("a float-noise difference between two runs is shown as no change", () => {
  it("compare-with, the viewer's comparison and compareRuns() answer 0 where the aggregates differ in their last bit", async () => {
    const before = await run([0, 1, 2]);
    const after = await run([2, 1, 0]);
    const [oldAgg, newAgg] = await Promise.all([before, after].map(async (id) => (await api.call("GET", `/v1/runs/${id}/result`)).body.metrics.details[0].aggregate as number));
    expect(newAgg! - oldAgg!).not.toBe(0); // the noise is there
    const compared = (await api.call("GET", `/v1/runs/${after}/compare-with/${before}`)).body.metrics[0];
    expect(compared).toMatchObject({ difference: 0, percentage_change: 0, same_count: 3, improved_count: 0, degraded_count: 0 });
    const sdk = await compareRuns(after, before, { apiKey: "float-noise-key", serverUrl: server.url });
    expect(sdk.metrics.find((m) => m.metric === "score")?.difference).toBe(0);
  });

  it("the CLI's line against the previous run shows an untinted (0), and a real change keeps its sign and colour", () => {
    const [older, newer] = [((0.1 + 0.2) + 0.3) / 3, ((0.3 + 0.2) + 0.1) / 3];
    expect(newer - older).toBeLessThan(0); // -5.55e-17
    const result = { metrics: { score: { average: newer }, exact: { average: 0.5 } } } as unknown as EvaluationResult;
    const tint = (delta: number | null, text: string) => (delta !== null && delta < 0 ? `red(${text})` : delta !== null && delta > 0 ? `green(${text})` : text);
    const lines = previousRunLines(result, { runId: "r1", metrics: { score: older, exact: 0.75 } } as never, tint);
    expect(lines[1]).toBe("  score: 0.2 -> 0.2 (0)");
    expect(lines[2]).toBe("  exact: 0.75 -> 0.5 (red(-0.25))");
  });
});
