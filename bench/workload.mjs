// The workload every variant traces: tiny functions, so the benchmark measures the tracing wrapper.
// (Same shape as the shared peer harness's workload, so figures are comparable.)
import { readFileSync } from "node:fs";

export const A = Object.freeze({ question: "What is the capital of France?", k: 3 });
export const B = Object.freeze({ user: "u1" });
const OUT = Object.freeze({ answer: "Paris", score: 0.92 });

export function work(a, b) {
  return { answer: OUT.answer, score: OUT.score, k: a.k, user: b.user };
}

export async function workAsync(a, b) {
  return { answer: OUT.answer, score: OUT.score, k: a.k, user: b.user };
}

/** An async outer function calling three async inner functions, all traced with `wrap(name, fn)`. */
export function makeNested(wrap) {
  const retrieve = wrap("retrieve", async function retrieve(a, b) { return workAsync(a, b); });
  const rerank = wrap("rerank", async function rerank(a, b) { return workAsync(a, b); });
  const generate = wrap("generate", async function generate(a, b) { return workAsync(a, b); });
  return wrap("pipeline", async function pipeline(a, b) {
    const r1 = await retrieve(a, b);
    const r2 = await rerank(a, b);
    const r3 = await generate(a, b);
    return { answer: r3.answer, sources: [r1.k, r2.k], user: b.user };
  });
}

/** The traced shapes: [name, spans per call, async]; `thirdParty` spans per call come from the variant. */
export const SHAPES = [["sync", 1, false], ["async", 1, true], ["nested", 4, true], ["thirdParty", 2, true]];

const YIELD = 100;
const tick = () => new Promise((r) => setImmediate(r));

/** Calls `fn(A, B)` `calls` times (awaiting each when async), yielding to the event loop every 100 calls. */
export async function loop(fn, calls, isAsync) {
  for (let i = 0; i < calls; i++) {
    const r = fn(A, B);
    if (isAsync) await r;
    if (i % YIELD === YIELD - 1) await tick();
  }
}

/**
 * Spans traced after each forced GC before a trial is measured. A full GC deoptimizes most optimized code (the maps
 * and closures it embeds died with the previous trial's spans: "reason: weak objects" in --trace-deopt, for raw
 * OpenTelemetry and this SDK alike) and shrinks the young generation. Measured on the 2-core machine (5,000-span
 * trials, `sync`): after 1,250 spans of re-warm both variants still cost about twice their sustained CPU per span
 * (this SDK 12–20 µs, raw OpenTelemetry 13–18 µs, against 7–8 and 8–10), after 5,000 or more the trials match the
 * sustained figures. So the re-warm is a number of spans, not a fraction of the trial.
 */
export const REWARM_SPANS = 10_000;

const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };

const mainThreadStat = `/proc/self/task/${process.pid}/schedstat`;
/**
 * The main thread's CPU time in µs (Linux: the first field of its schedstat, in ns), or NaN where the kernel does not
 * say. Node 20 has no per-thread `cpuUsage`; `process.cpuUsage()` counts every thread (libuv's pool, where zlib's gzip
 * runs, V8's GC helpers and compiler threads).
 */
export function mainThreadCpuUs() {
  try {
    return Number(readFileSync(mainThreadStat, "latin1").split(" ", 1)[0]) / 1000;
  } catch {
    return NaN;
  }
}

/**
 * One measured trial of a traced shape: a full GC (when exposed), a re-warm of {@link REWARM_SPANS} spans, a flush,
 * then `calls` calls and a flush; returns the CPU per span in µs: `us` of the whole process (user + system, all threads:
 * export, gzip and the exporter's I/O included) and `mainUs` of the main thread alone (the app's own thread; NaN where
 * it cannot be read). `inject(usedUs)`, when given, runs inside the measured window after the calls (the A/B gate's
 * injected slowdown, on the main thread).
 */
export async function measureTrial(fn, { calls, spansPerCall, isAsync, flush, inject }) {
  globalThis.gc?.();
  await loop(fn, Math.max(Math.round(calls / 4), Math.ceil(REWARM_SPANS / spansPerCall)), isAsync);
  await flush();
  const start = cpuUs();
  const mainStart = mainThreadCpuUs();
  await loop(fn, calls, isAsync);
  await tick();
  await flush();
  inject?.(cpuUs() - start);
  const spans = calls * spansPerCall;
  return { us: (cpuUs() - start) / spans, mainUs: (mainThreadCpuUs() - mainStart) / spans };
}
