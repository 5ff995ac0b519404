import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { defaultProjectName, hashKey } from "../../packages/dev-server/src/routes/auth";
import { createRunTracerFactory } from "../../packages/honeyhive/src/evaluation/create-datapoint-tracer";
import { runEvaluation } from "../../packages/honeyhive/src/evaluation/evaluate-core";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { HoneyHiveTracer, enrichSession } from "../../packages/honeyhive/src/index";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy";
import { startSwitchableTcpProxy, type SwitchableTcpProxy } from "../helpers/switchable-tcp-proxy";
import { runWritesHeld, type RunWritesHeld } from "./run-writes-held";

/**
 * Req (decision record 0095): a backend outage inside an evaluate() run loses nothing the SDK could have sent. The
 * writes that meet the run's open circuit breaker wait for the probe that finds the backend back and are sent then,
 * within their wait budget; what outlives the budget is counted lost exactly once (the run's incomplete record says
 * as many as the server misses), and nothing waits past it. The backend goes down by its connections being refused
 * (a restart) through a TCP proxy in front of the real dev server; between the two, a forwarding proxy can start the
 * outage the moment a datapoint's final update arrives: the server applies it, its answer is lost with its connection.
 */
const KEY = "local";
const N = 30;
let dev: DevServer;
let proxy: SwitchableTcpProxy;
let forwarder: FaultProxy;
/** While set, the next final session update to arrive starts the outage; its session id is kept in `appliedUnanswered`. */
let startOutageOnUpdate: (() => void) | undefined;
let appliedUnanswered: string | undefined;

beforeAll(async () => {
  dev = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  // a fault proxy that faults nothing: its rule sees each request's path and JSON body (gzip undone) before forwarding it
  forwarder = await startFaultProxy(dev.url, (request) => {
    if (startOutageOnUpdate === undefined || request.method !== "PUT" || !request.path.startsWith("/v1/events/")) return undefined;
    if ((request.json as { outputs?: unknown } | undefined)?.outputs === undefined) return undefined;
    appliedUnanswered = request.path.split("/")[3];
    startOutageOnUpdate();
    startOutageOnUpdate = undefined; // forwarded once the rule returns: applied, while the SDK's connection is gone
    return undefined;
  });
  proxy = await startSwitchableTcpProxy(forwarder.url);
});
afterAll(async () => {
  await proxy.close();
  await forwarder.close();
  await dev.close();
});
afterEach(() => proxy.up());

/**
 * Runs N datapoints of `taskMs` each through the proxy, taking the backend down for `outageMs` once 3 are done (with
 * `onUpdate`, when the next final session update arrives after that).
 */
async function runWithOutage(
  taskMs: number, outageMs: number, outageWaitMs?: number, afterTask?: (i: number) => Promise<unknown>, onUpdate = false,
): Promise<{ result: EvaluationResult; warnings: string[]; ms: number }> {
  const factory = createRunTracerFactory(HoneyHiveTracer);
  if (outageWaitMs !== undefined) factory.outageWaitMs = outageWaitMs;
  let outage: Promise<void> | undefined;
  const takeDown = (): void => void (outage = proxy.down().then(() => new Promise((r) => setTimeout(r, outageMs))).then(() => proxy.up()));
  appliedUnanswered = undefined;
  const logs = captureSdkLogs();
  const started = performance.now();
  try {
    const result = await runEvaluation({
      name: "outage-mid-run", apiKey: KEY, serverUrl: proxy.url, maxConcurrency: 3, progress: false,
      dataset: Array.from({ length: N }, (_, i) => ({ inputs: { i } })),
      function: async function answer(inputs: { i: number }) {
        await new Promise((r) => setTimeout(r, taskMs));
        await afterTask?.(inputs.i);
        return inputs.i;
      },
      evaluators: [function positive(o: number) { return o >= 0; }],
      onProgress: (p) => {
        if (outage !== undefined || p.done < 3) return;
        if (!onUpdate) takeDown();
        else startOutageOnUpdate ??= takeDown;
      },
    }, factory);
    await outage;
    return { result, warnings: logs.lines.filter((l) => l.level === "warn").map((l) => l.message), ms: performance.now() - started };
  } finally {
    logs.restore();
    await factory.close();
  }
}

/** What the server holds of the run's datapoints (`run-writes-held.ts`). */
const stored = (result: EvaluationResult): Promise<RunWritesHeld> => runWritesHeld(dev, KEY, result);

describe("evaluate() through a backend outage in the middle of the run", () => {
  it("an outage of 4 s (a probe fails, the next one finds it back): the server holds every session, update and span", async () => {
    const { result, warnings } = await runWithOutage(1_000, 4_000);
    expect(result.datapoints.every((d) => d.status === "success")).toBe(true);
    expect(result.uploadError).toBeUndefined();
    expect(result.uploaded).toBe(true);
    expect(await stored(result)).toEqual({ starts: N, updates: N, withSpans: N, incomplete: undefined });
    expect(warnings.filter((w) => /could not be delivered|could not be started|update failed|results not stored/.test(w))).toEqual([]);
  }, 60_000);

  it("an outage longer than the writes' wait budget: the losses counted are those the server misses, and nothing waits past the budget", async () => {
    const { result, ms } = await runWithOutage(1_000, 5_000, 1_500);
    const held = await stored(result);
    const lost = { session_starts_lost: N - held.starts, session_updates_lost: N - held.updates };
    expect(lost.session_starts_lost + lost.session_updates_lost).toBeGreaterThan(0);
    expect(held.incomplete).toEqual(lost);
    expect(result.uploaded).toBe(false);
    expect(result.uploadError).toMatch(/of the run's datapoints failed/);
    expect(ms).toBeLessThan((N / 3) * 1_000 * 1.2 + 5_000);
  }, 60_000);

  it("an update the server applied as the outage began, its answer lost, then the budget ran out: counted stored, as the server holds it", async () => {
    const { result } = await runWithOutage(1_000, 5_000, 1_500, undefined, true);
    expect(appliedUnanswered).toBeDefined();
    const project = await dev.store.projectForKey(hashKey(KEY), defaultProjectName(hashKey(KEY)));
    const events = (await dev.store.queryEvents(project.id, { where: { session_id: appliedUnanswered! } })).events;
    expect(events.find((e) => e.event_id === appliedUnanswered)?.outputs).toBeDefined(); // the server applied it
    const held = await stored(result);
    expect(held.incomplete).toEqual({ session_starts_lost: N - held.starts, session_updates_lost: N - held.updates });
  }, 60_000);

  it("an enrichSession() the function awaits never waits on the outage: it is refused at once, as before, while the run's own writes wait", async () => {
    const awaited: number[] = [];
    const { result } = await runWithOutage(300, 8_000, undefined, async (i) => {
      const started = performance.now();
      await enrichSession({ metadata: { awaited_by_function: i } });
      awaited.push(performance.now() - started);
    });
    expect(awaited).toHaveLength(N);
    // a refused connection is retried for about 1.4 s before the breaker opens; waiting would have taken up to 10 s
    expect(Math.max(...awaited)).toBeLessThan(4_000);
    expect(result.datapoints.every((d) => d.status === "success")).toBe(true);
  }, 90_000);
});
