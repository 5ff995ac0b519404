// A/B gate child: evaluate() client CPU per datapoint of ONE build (BENCH_CONFIG.dist), the same work as
// bench/evaluate.bench.mjs (trivial async task, 2 evaluators, shared concurrency) against the loopback sink the
// parent runs (so the sink's CPU is not counted). Overhead = evaluate()'s CPU minus an untraced promise pool's.
import { pathToFileURL } from "node:url";
import { spinCpuUs } from "./spin.mjs";
import { median } from "./stats.mjs";

const cfg = JSON.parse(process.env.BENCH_CONFIG);
const { evaluate } = await import(pathToFileURL(`${cfg.dist}/index.js`).href);
const N = cfg.n;
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const dataset = Array.from({ length: N }, (_, i) => ({ inputs: { i, question: `question ${i}` }, ground_truth: { answer: i * 2 } }));
const task = async (inputs) => {
  await new Promise((r) => setTimeout(r, cfg.taskMs));
  return inputs.i * 2;
};
function exact(outputs, _inputs, gt) { return outputs === gt.answer; }
async function magnitude(outputs) { return { score: outputs / (2 * N), explanation: "relative size" }; }

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

async function cpuOf(fn, slowdownOf) {
  globalThis.gc?.();
  const start = cpu();
  await fn();
  if (slowdownOf !== undefined && cfg.slowdown > 0) spinCpuUs(cfg.slowdown * Math.max(0, cpu() - start - slowdownOf));
  return cpu() - start;
}

delete process.env.HH_API_KEY; // the no-key figure must not pick a key up from the environment
await run("bench-key", dataset.slice(0, Math.min(N, 500))); // warm-up: JIT, connection pool
if (!cfg.uploadOnly) await run(undefined, dataset.slice(0, Math.min(N, 500)));
await untracedPool();
// The no-key run is short (about 1 s of CPU): three pool/run pairs, and the median of their differences, so one
// scheduling hiccup in a round does not decide the round's figure. The uploading run takes several seconds: once.
// `uploadOnly` (the full report's evaluate() against a dev server): the uploading figure alone, after 3 pools.
const pools = [];
const localOverheads = [];
for (let rep = 0; rep < 3; rep++) {
  const pool = await cpuOf(untracedPool);
  pools.push(pool);
  if (!cfg.uploadOnly) localOverheads.push((await cpuOf(() => run(undefined), pool)) - pool);
}
const pool = median(pools);
const uploaded = await cpuOf(() => run("bench-key"), pool);
process.send({ uploadedUs: (uploaded - pool) / N, noKeyUs: cfg.uploadOnly ? NaN : median(localOverheads) / N, poolUs: pool / N });
