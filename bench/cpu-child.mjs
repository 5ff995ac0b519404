// Child process of bench/run.mjs: sets up ONE variant, runs warm-up and trials of each workload, and
// reports CPU microseconds (user+system, all threads, loop + flush) per span to the parent.
import { SHAPES, loop, makeNested, work, workAsync } from "./workload.mjs";

const [variantName, sinkUrl] = process.argv.slice(2);
const cfg = JSON.parse(process.env.BENCH_CONFIG ?? "{}");
const N = cfg.n ?? 20000;
const TRIALS = cfg.trials ?? 5;
const tick = () => new Promise((r) => setImmediate(r));
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };

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
  for (let t = 0; t < TRIALS; t++) {
    // Each trial starts from a clean heap. A forced full GC also deoptimizes most optimized code (the maps
    // and closures it embeds died with the previous trial's spans: "reason: weak objects" in --trace-deopt,
    // for raw OpenTelemetry and this SDK alike), so warm up again after it: the trial then measures the
    // steady state, not re-compilation on the JIT threads.
    globalThis.gc?.();
    await loop(fn, Math.round(calls / 4), isAsync);
    await api.flush();
    const start = cpu();
    await loop(fn, calls, isAsync);
    await tick();
    await api.flush();
    samples.push((cpu() - start) / (calls * spansPerCall));
  }
  samples.sort((a, b) => a - b);
  results[name] = samples[samples.length >> 1];
}
await api.shutdown();
process.send({ variant: variantName, results, info: api.info ?? {} });
