// Child process of bench/run.mjs: sets up ONE variant, runs warm-up and trials of each workload, and
// reports CPU microseconds (user+system, all threads, loop + flush) per span to the parent.
import { SHAPES, loop, makeNested, measureTrial, work, workAsync } from "./workload.mjs";

const [variantName, sinkUrl] = process.argv.slice(2);
const cfg = JSON.parse(process.env.BENCH_CONFIG ?? "{}");
const N = cfg.n ?? 20000;
const TRIALS = cfg.trials ?? 5;

const variant = await import(`./variants/${variantName}.mjs`);
const api = await variant.setup({ sinkUrl, work, workAsync, makeNested });

const results = {};
for (const [name, shapeSpans, isAsync] of SHAPES) {
  const spansPerCall = name === "thirdParty" ? (api.thirdPartySpansPerCall ?? shapeSpans) : shapeSpans;
  const fn = api[name];
  if (!fn) continue;
  const calls = Math.round(N / spansPerCall);
  // Warm-up: half a trial, so every variant is measured in its JIT steady state (a short warm-up mostly
  // measured compilation).
  await loop(fn, Math.round(calls / 2), isAsync);
  await api.flush();
  const samples = [];
  for (let t = 0; t < TRIALS; t++) samples.push((await measureTrial(fn, { calls, spansPerCall, isAsync, flush: api.flush })).us);
  samples.sort((a, b) => a - b);
  results[name] = samples[samples.length >> 1];
}
await api.shutdown();
process.send({ variant: variantName, results, info: api.info ?? {} });
