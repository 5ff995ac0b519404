// A/B gate child: evaluate() client CPU per datapoint of ONE build (BENCH_CONFIG.dist), the same work as
// bench/evaluate.bench.mjs (bench/evaluate-workload.mjs: trivial async task, 2 evaluators, shared concurrency)
// against the loopback sink the parent runs (so the sink's CPU is not counted). Overhead = evaluate()'s CPU minus an untraced promise pool's,
// measured just before it. Driven by the parent over IPC one measurement at a time ({ kind: "noKey" | "uploaded" }),
// so the base's and the head's measurements alternate within seconds and share the machine's load.
import { pathToFileURL } from "node:url";
import { spinCpuUs } from "./spin.mjs";
import { evaluateWorkload } from "../evaluate-workload.mjs";

const cfg = JSON.parse(process.env.BENCH_CONFIG);
const { evaluate } = await import(pathToFileURL(`${cfg.dist}/index.js`).href);
const N = cfg.n;
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const { dataset, task, exact, magnitude } = evaluateWorkload({ n: N, taskMs: cfg.taskMs });

async function untracedPool() {
  let next = 0;
  const worker = async () => {
    while (next < N) {
      const dp = dataset[next++];
      const out = await task(dp.inputs, dp.ground_truth);
      await Promise.allSettled([exact(out, dp.inputs, dp.ground_truth), magnitude(out)]);
    }
  };
  await Promise.all(Array.from({ length: cfg.concurrency }, worker));
}

const run = (apiKey, data = dataset) => evaluate({
  name: "bench", apiKey, serverUrl: cfg.sinkUrl, dataset: data, function: task, evaluators: [exact, magnitude], maxConcurrency: cfg.concurrency,
});

async function cpuOf(fn) {
  globalThis.gc?.();
  const start = cpu();
  await fn();
  return cpu() - start;
}

/** One measurement: the pool's CPU, then the run's; the overhead per datapoint (the injected slowdown on top). */
async function measure(kind) {
  const pool = await cpuOf(untracedPool);
  const used = await cpuOf(async () => {
    const start = cpu();
    await run(kind === "uploaded" ? "bench-key" : undefined);
    if (cfg.slowdown > 0) spinCpuUs(cfg.slowdown * Math.max(0, cpu() - start - pool));
  });
  return { us: (used - pool) / N };
}

delete process.env.HH_API_KEY; // the no-key figure must not pick a key up from the environment
await run("bench-key", dataset.slice(0, Math.min(N, 500))); // warm-up: JIT, connection pool
await run(undefined, dataset.slice(0, Math.min(N, 500)));
await untracedPool();
process.on("message", (m) => {
  if (m.cmd === "close") process.exit(0);
  else void measure(m.kind).then((r) => process.send(r));
});
process.send({ ready: true });
