// A/B gate child: ONE variant of bench/variants/ (raw OpenTelemetry, or this SDK from BENCH_HONEYHIVE_DIST) set up
// once, then driven by the parent over IPC one trial at a time, so that the trials of all variants alternate within
// seconds of each other and share the machine's load. Same workload, warm-up and measurement as bench/cpu-child.mjs.
import { SHAPES, loop, makeNested, measureTrial, work, workAsync } from "../workload.mjs";
import { spinCpuUs } from "./spin.mjs";

const [variantName, sinkUrl] = process.argv.slice(2);
const cfg = JSON.parse(process.env.BENCH_CONFIG);
const variant = await import(`../variants/${variantName}.mjs`);
const api = await variant.setup({ sinkUrl, work, workAsync, makeNested });

/** Warm-up (`warm`: half a trial) or one trial (`measureTrial`: a full GC, a re-warm, then the measured calls). */
async function run({ shape, warm }) {
  const [, spansPerCall, isAsync] = SHAPES.find(([name]) => name === shape);
  const fn = api[shape];
  const calls = Math.round(cfg.n / spansPerCall);
  if (warm) {
    await loop(fn, Math.round(calls / 2), isAsync);
    await api.flush();
    return {};
  }
  const inject = cfg.slowdown > 0 ? (usedUs) => spinCpuUs(cfg.slowdown * usedUs) : undefined;
  return measureTrial(fn, { calls, spansPerCall, isAsync, flush: api.flush, inject });
}

process.on("message", (m) => {
  if (m.cmd === "close") void api.shutdown().then(() => process.exit(0));
  else void run(m).then((r) => process.send(r));
});
process.send({ ready: true });
