// Where evaluate()'s client CPU per datapoint goes, in figures that do not move with the machine's load: the promises,
// timers and bytes it allocates per datapoint, and (with --profile) the top functions of a V8 CPU profile of the
// measured runs. The same work as the A/B gate's evaluate child (bench/evaluate-workload.mjs: trivial 5 ms task,
// 2 evaluators, concurrency 64); with --key the run uploads to the loopback sink, run in this parent process while the
// measured evaluate() runs in a child (so neither the sink's CPU nor its promises are counted).
//
// Usage: node bench/profile-evaluate.mjs [--key] [--n=2000] [--runs=3] [--dist=packages/honeyhive/dist]
//                                       [--profile=<file.cpuprofile>] [--top=25] [--alloc-top=25]
// Counts: one extra run with an async_hooks init hook (promises, timers); one with the inspector's sampling heap
// profiler (bytes allocated per datapoint, collected objects included: the GC's work; --alloc-top=N lists the N
// functions that allocate most). The profile covers the `runs`
// runs only (after a warm-up run), without the counting hooks.
import { fork } from "node:child_process";
import { createHook } from "node:async_hooks";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { evaluateWorkload } from "./evaluate-workload.mjs";
import { startSink } from "./sink.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [k, v] = a.replace(/^--/, "").split("="); return [k, v ?? "true"]; }));

if (args.child !== "true") {
  const sink = await startSink();
  const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), "--child"], {
    execArgv: ["--expose-gc"], env: { ...process.env, HH_API_KEY: "", HH_VERBOSE: "", BENCH_SINK_URL: sink.url },
  });
  const code = await new Promise((done) => child.on("exit", done));
  await sink.close?.();
  process.exit(code ?? 1);
}

const n = Number(args.n ?? 2000);
const runs = Number(args.runs ?? 3);
const dist = resolve(root, args.dist ?? "packages/honeyhive/dist");
const { evaluate } = await import(pathToFileURL(join(dist, "index.js")).href);
const { dataset, task, exact, magnitude } = evaluateWorkload({ n, taskMs: 5 });
const apiKey = args.key === "true" ? "bench-key" : undefined;
const run = (data = dataset) => evaluate({
  name: "bench", apiKey, serverUrl: process.env.BENCH_SINK_URL, dataset: data, function: task, evaluators: [exact, magnitude], maxConcurrency: 64,
});
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const perDatapoint = (value) => (value / n).toFixed(1);

/** Promises and timers made per datapoint during one run (an init hook counts them by type). */
async function countResources() {
  const counts = {};
  let on = false;
  const hook = createHook({ init(_id, type) { if (on) counts[type] = (counts[type] ?? 0) + 1; } }).enable();
  on = true;
  await run();
  on = false;
  hook.disable();
  return { promises: perDatapoint(counts.PROMISE ?? 0), timers: perDatapoint(counts.Timeout ?? 0) };
}

/** Bytes allocated per datapoint during one run (sampled, collected objects included). */
async function allocatedBytes(session) {
  await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await run();
  const { profile } = await session.post("HeapProfiler.stopSampling");
  let total = 0;
  const byFunction = new Map();
  const walk = (node) => {
    total += node.selfSize;
    const frame = node.callFrame;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber + 1}`;
    if (node.selfSize > 0) byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
    node.children.forEach(walk);
  };
  walk(profile.head);
  if (args["alloc-top"]) {
    const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(args["alloc-top"]));
    console.log(`bytes allocated per datapoint, by allocating function (top ${top.length}):`);
    for (const [key, bytes] of top) console.log(`  ${(bytes / n).toFixed(0).padStart(7)} B  ${key}`);
  }
  return (total / n).toFixed(0);
}

/** The top `count` functions of `profile` by self and by inclusive time, in ms and %. */
function topOf(profile, count) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = (node) => `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.split("/").pop()}:${node.callFrame.lineNumber + 1}`;
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const leaf = byId.get(id).callFrame;
    if (leaf.functionName === "dispatch" && leaf.url === "") return; // the inspector's own Profiler.start/stop message
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(byId.get(at));
      if (at === id) self.set(key, (self.get(key) ?? 0) + us);
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      seen.add(key);
    }
  });
  const lines = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([key, us]) => `  ${(us / 1000).toFixed(0).padStart(6)} ms ${(100 * us / total).toFixed(1).padStart(5)} %  ${key}`);
  return [`self (of ${(total / 1000).toFixed(0)} ms):`, ...lines(self), "inclusive:", ...lines(inclusive)].join("\n");
}

await run(dataset.slice(0, Math.min(n, 500))); // warm-up: JIT, first-use work
const session = new Session();
session.connect();
if (args.profile) {
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
}
const used = [];
for (let i = 0; i < runs; i++) {
  globalThis.gc?.();
  const start = cpu();
  await run();
  used.push(perDatapoint(cpu() - start));
}
if (args.profile) {
  const { profile } = await session.post("Profiler.stop");
  writeFileSync(args.profile, JSON.stringify(profile));
  console.log(topOf(profile, Number(args.top ?? 25)));
}
const counts = await countResources();
const bytes = await allocatedBytes(session);
session.disconnect();
console.log(`evaluate() ${apiKey ? "uploading" : "no key"}, ${n} datapoints: CPU µs per datapoint ${used.join(" ")} (whole run, load-dependent); `
  + `per datapoint: ${counts.promises} promises, ${counts.timers} timers, ${bytes} bytes allocated`);
process.exit(0);
