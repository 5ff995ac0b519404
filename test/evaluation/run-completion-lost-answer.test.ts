/**
 * The closing `PUT /v1/runs/{id}` of an evaluate() run, applied by the server while every answer to it was lost (a
 * 502 from a proxy, each retry too), over real HTTP to the in-process dev server behind the fault proxy. What
 * evaluate() reports must be what the server holds: the run completed with its sessions, so it is uploaded. A closing
 * write the server never applied is still reported not stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { type Fault, type FaultProxy, startFaultProxy } from "../helpers/fault-proxy";

const KEY = "local";
let server: DevServer;
let proxy: FaultProxy;
/** What happens to every closing PUT of the run. */
let fault: Fault = { kind: "lose-answer", status: 502 };
/** Which closing PUTs the fault applies to (every one by default). */
let faulted: (json: any) => boolean = () => true;

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  proxy = await startFaultProxy(server.url, (req) => (req.method === "PUT" && /^\/v1\/runs\/[^/]+$/.test(req.path) && faulted(req.json) ? fault : undefined));
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

function run(name: string, extra: { runId?: string; shard?: { index: number; count: number } } = {}): ReturnType<typeof evaluate> {
  return evaluate<{ i: number }, { answer: number }, number>({
    name, apiKey: KEY, serverUrl: proxy.url, printResults: false, progress: false, ...extra,
    dataset: [1, 2, 3].map((i) => ({ inputs: { i }, ground_truth: { answer: i * 2 } })),
    function: (inputs) => inputs.i * 2,
  });
}

/** The run as the dev server holds it (read directly, not through the proxy). */
async function held(runId: string): Promise<{ status?: string; event_ids?: string[] }> {
  const read = await createApiClient({ serverUrl: server.url, apiKey: KEY }).runs.get(runId);
  expect(read.ok).toBe(true);
  return (read.ok ? read.data.evaluation : {}) as { status?: string; event_ids?: string[] };
}

describe("the run's closing write, applied while every answer to it was lost", () => {
  it("is read back: the run is reported uploaded, as the server holds it completed with its sessions", async () => {
    fault = { kind: "lose-answer", status: 502 };
    const result = await run("closing-answer-lost");
    const closings = proxy.requests.filter((r) => r.method === "PUT" && r.path === `/v1/runs/${result.runId}`);
    expect(closings.length).toBeGreaterThan(1); // retried, each answer lost
    expect(closings.every((r) => r.fault === "lose-answer")).toBe(true);
    const stored = await held(result.runId!);
    expect(stored.status).toBe("completed");
    expect(new Set(stored.event_ids)).toEqual(new Set(result.datapoints.map((d) => d.sessionId)));
    expect({ uploaded: result.uploaded, uploadError: result.uploadError }).toEqual({ uploaded: true, uploadError: undefined });
  }, 60_000);

  it("the last shard's marker and the run's completion, each answer lost: read back, the run completed, every shard uploaded", async () => {
    fault = { kind: "lose-answer", status: 502 };
    const runId = "00000000-0000-4000-8000-0000000c1053";
    faulted = () => false;
    const first = await run("sharded-closing", { runId, shard: { index: 1, count: 2 } });
    faulted = (json) => json?.metadata?.shard_2_of_2 !== undefined || json?.status === "completed";
    const last = await run("sharded-closing", { runId, shard: { index: 2, count: 2 } });
    const lost = proxy.requests.filter((r) => r.fault === "lose-answer" && r.path === `/v1/runs/${runId}`);
    expect(lost.filter((r) => r.json?.metadata?.shard_2_of_2 !== undefined).length).toBeGreaterThan(1); // the marker, retried
    expect(lost.filter((r) => r.json?.status === "completed").length).toBeGreaterThan(1); // the completion, retried
    expect((await held(runId)).status).toBe("completed");
    expect([first.uploaded, last.uploaded, last.uploadError]).toEqual([true, true, undefined]);
    faulted = () => true;
  }, 60_000);

  it("a closing write the server never applied is still reported not stored", async () => {
    fault = { kind: "refuse", status: 502 };
    const result = await run("closing-refused");
    expect((await held(result.runId!)).status).not.toBe("completed");
    expect(result.uploaded).toBe(false);
    expect(result.uploadError).toMatch(/PUT \/v1\/runs\/.* failed/);
  }, 60_000);
});
