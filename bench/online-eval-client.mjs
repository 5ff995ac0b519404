// One side of bench/online-eval.mjs in its own process: a tracer with online evaluation on (a judge that takes
// `--judge-ms`, sampled at `--rate`) or off, serving requests in blocks when the parent asks. Each side pays only for
// its own background work (the "on" side's judgements and metric writes run in its own event loop, also while it
// waits between blocks); the parent alternates the blocks. Messages: { block: n } → { times, gcMs, gcMaxMs, cpuMs }
// (cpuMs: the process's CPU time during the block, its background work included);
// { counters: true } → { counters }; { exit: true }.
import { randomUUID } from "node:crypto";
import { PerformanceObserver } from "node:perf_hooks";
import { HoneyHiveTracer } from "../packages/honeyhive/src/index.ts";

const [mode, url, judgeMs, rate, target, apiKey] = process.argv.slice(2);
const quiet = () => undefined;

async function judge(outputs) {
  await new Promise((r) => setTimeout(r, Number(judgeMs)));
  return String(outputs.result).length;
}

const tracer = new HoneyHiveTracer({
  apiKey, serverUrl: url, setAsDefault: false, logSink: quiet,
  onlineEvaluation: mode === "on" ? { sampleRate: Number(rate), target, concurrency: 4, evaluators: [judge] } : undefined,
});

/** One request: a handler span in its own session, with a little async work; its wall time in ms. */
async function request(i) {
  const started = performance.now();
  await tracer.withSession({ sessionId: randomUUID(), sessionName: "bench" }, () =>
    tracer.startSpan("handler", async () => {
      tracer.enrichSpan({ inputs: { i }, outputs: { result: `answer ${i}` } });
      await new Promise((r) => setImmediate(r));
      return i;
    }));
  return performance.now() - started;
}

// garbage collection pauses while a block runs (what a tail is made of, besides the machine)
let measuring = false;
let gcMs = 0;
let gcMaxMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!measuring) continue;
    gcMs += entry.duration;
    gcMaxMs = Math.max(gcMaxMs, entry.duration);
  }
}).observe({ entryTypes: ["gc"] });

let next = 0;
process.on("message", async (message) => {
  if (message.block !== undefined) {
    const times = [];
    gcMs = 0;
    gcMaxMs = 0;
    measuring = true;
    const cpu = process.cpuUsage();
    for (let i = 0; i < message.block; i++) times.push(await request(next++));
    await new Promise((r) => setImmediate(r)); // the observer reports the block's last pauses
    measuring = false;
    const used = process.cpuUsage(cpu);
    process.send({ times, gcMs, gcMaxMs, cpuMs: (used.user + used.system) / 1000 });
  } else if (message.counters) {
    process.send({ counters: tracer.diagnostics().onlineEvaluation ?? null });
  } else if (message.exit) {
    const delivered = await tracer.shutdown(2000);
    const d = tracer.diagnostics();
    process.send({ delivered, started: d.spansStarted, exported: d.spansExported, dropped: d.dropped, sessionWritesLost: d.sessionWritesLost }, () => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0)); // the parent went away
process.send({ ready: true });
