import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createRunTracerFactory } from "../../packages/honeyhive/src/evaluation/create-datapoint-tracer";
import { runEvaluation } from "../../packages/honeyhive/src/evaluation/evaluate-core";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { failWrites, startFaultProxy, type Fault, type FaultProxy, type SeenRequest } from "../helpers/fault-proxy";
import { startSwitchableTcpProxy, type SwitchableTcpProxy } from "../helpers/switchable-tcp-proxy";
import { runWritesHeld } from "./run-writes-held";

/**
 * Req (decision records 0095, 0111): two evaluate() runs at once, 5 % of their writes failing (half refused, half
 * applied with their answer lost; the first run creation refused too), and the backend down for longer than the
 * writes' wait budget in the middle of both: both runs are created on the server, and what each reports lost
 * (`honeyhive_incomplete`, `uploaded`) is exactly what the server misses of its datapoints' session starts and final
 * updates. Chain: SDK → switchable TCP proxy (the outage: connections
 * dropped, then refused) → fault proxy (the 5 %) → the real dev server.
 */
const KEY = "local";
const N = 30;
let dev: DevServer;
let faults: FaultProxy;
let proxy: SwitchableTcpProxy;

beforeAll(async () => {
  dev = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  const refused = failWrites(0.025, 7);
  const answerLost = failWrites(0.025, 1007, { kind: "lose-answer", status: 502 });
  // whatever the random picks hit: the first run creation is refused with a 500, the first session update applied and
  // answered 502
  const firsts = { creation: 0, update: 0 };
  const forced = (request: SeenRequest): Fault | undefined => {
    if (request.method === "POST" && request.path === "/v1/runs" && firsts.creation++ === 0) return { kind: "refuse", status: 500 };
    if (request.method === "PUT" && request.path.startsWith("/v1/events/") && firsts.update++ === 0) return { kind: "lose-answer", status: 502 };
    return undefined;
  };
  faults = await startFaultProxy(dev.url, (request, index) => forced(request) ?? refused(request, index) ?? answerLost(request, index));
  proxy = await startSwitchableTcpProxy(faults.url);
});
afterAll(async () => {
  await proxy.close();
  await faults.close();
  await dev.close();
});

/** One run of N datapoints of 1 s, concurrency 3, through the chain; `onThird` is called when 3 are done. */
async function oneRun(name: string, onThird: () => void): Promise<EvaluationResult> {
  const factory = createRunTracerFactory(HoneyHiveTracer);
  factory.outageWaitMs = 1_500;
  try {
    return await runEvaluation({
      name, apiKey: KEY, serverUrl: proxy.url, maxConcurrency: 3, progress: false,
      dataset: Array.from({ length: N }, (_, i) => ({ inputs: { i } })),
      function: async function answer(inputs: { i: number }) {
        await new Promise((r) => setTimeout(r, 1_000));
        return inputs.i;
      },
      evaluators: [function positive(o: number) { return o >= 0; }],
      onProgress: (p) => void (p.done === 3 && onThird()),
    }, factory);
  } finally {
    await factory.close();
  }
}

describe("two evaluate() runs at once through 5 % failing writes and an outage longer than the wait budget", () => {
  it("each run's counted losses are exactly what the server misses of it", async () => {
    let outage: Promise<void> | undefined;
    const takeDown = (): void => void (outage ??= proxy.down().then(() => new Promise((r) => setTimeout(r, 4_000))).then(() => proxy.up()));
    const results = await Promise.all([oneRun("faults-a", takeDown), oneRun("faults-b", takeDown)]);
    await outage;
    let lostInAll = 0;
    for (const result of results) {
      expect(result.uploadError ?? "").not.toMatch(/POST \/v1\/runs/); // a refused creation is made again
      const held = await runWritesHeld(dev, KEY, result);
      const missed = { session_starts_lost: N - held.starts, session_updates_lost: N - held.updates };
      const lost = missed.session_starts_lost + missed.session_updates_lost;
      lostInAll += lost;
      expect(held.incomplete).toEqual(lost === 0 ? undefined : missed);
      expect(result.uploaded).toBe(lost === 0);
    }
    expect(lostInAll).toBeGreaterThan(0); // the outage outlived the budget: some writes were lost, and counted
  }, 90_000);
});
