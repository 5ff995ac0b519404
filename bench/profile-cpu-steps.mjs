// Where the main thread's CPU per span goes (decision record 0100), for this SDK and raw OpenTelemetry, alternating
// `--reps` times per shape (bench/profile-cpu-driver.mjs runs each). Two methods, because V8's sampling profiler
// samples wall time: a thread preempted on a loaded machine is charged to whatever it was running, and the export's
// steps wake other threads (zlib's pool, the sink) and are preempted most.
//  - Subtraction, CPU-true: the main thread's measured CPU with the export (`full`), with batches encoded and gzipped
//    but a fetch that answers at once (`encode`, this SDK only), and with an exporter that takes batches at once
//    (`none`). export = full - none; request = full - encode; encoding, budget and gzip = encode - none.
//  - The `none` run is profiled: each sample goes to the step of its innermost frame a rule names, and the steps'
//    shares of the busy samples are scaled to that run's measured CPU (no export there, so little preemption bias).
// Prints medians as a Markdown table. Usage: node bench/profile-cpu-steps.mjs [--shapes=sync,nested] [--spans=150000] [--reps=3]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const shapes = arg("shapes", "sync,nested").split(",");
const spans = arg("spans", "150000");
const reps = Number(arg("reps", "3"));
const driver = fileURLToPath(new URL("./profile-cpu-driver.mjs", import.meta.url));

const rule = (step, fn, url = "") => ({ step, fn: new RegExp(fn), url: new RegExp(url) });
/** The first rule matching the innermost frame that any rule matches names a sample's step ("other" if none). */
const RULES = [
  rule("garbage collector", "^\\(garbage collector\\)$"), rule("idle", "^\\(idle\\)$"), rule("other", "^\\(program\\)$"),
  // `take`: the span-id pool's (per span); the bounded queue's `take` (once per batch) lands here too, negligibly
  rule("start (ids, clocks, attribute stamp)", "^take$"),
  rule("batching (processor, queue, batch hand-off)", "^(#pump|#export|onEnd|_addToBuffer|_maybeStartTimer|_flushOneBatch|doExport|flush|forceFlush|_flushAll|export|#count|deliverAllNow)$"),
  rule("input capture (inputs to attributes)", "^captureInputs$"),
  rule("output capture (output to attributes)", "^(captureOutput|safeCaptureOutput)$"),
  rule("input/output capture (JSON.stringify, setAttribute)", ".", "variants/otel\\.mjs$"),
  rule("end (end time, processor onEnd)", "^(finishSpan|endAt|end)$"),
  rule("start (ids, clocks, attribute stamp)", "^(startOwnSpan|#startLight|startSpan|SpanImpl|HoneyHiveSpan|start)$"),
  rule("context (AsyncLocalStorage)", "^(run|with|setSpan|startActiveSpan|getValue|setValue|active|bind)$"),
  rule("wrapper (trace(), result settling)", "^(invokeTraced|wrapped|settleResult|settle|completeWithValue)$"),
  rule("workload and loop", "^(loop|work|workAsync|tick|retrieve|rerank|generate|pipeline)$"),
];

/** µs per span of each step in one profile, scaled to `mainUs` (the run's measured main-thread CPU per span). */
function stepsOf(file, mainUs) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map();
  const stepOf = (id) => {
    if (!memo.has(id)) {
      let found;
      for (let x = id; x !== undefined && found === undefined; x = parent.get(x)) {
        const { functionName, url } = byId.get(x).callFrame;
        found = RULES.find((r) => r.fn.test(functionName || "(anon)") && r.url.test(url))?.step;
      }
      memo.set(id, found ?? "other");
    }
    return memo.get(id);
  };
  const time = new Map();
  profile.samples.forEach((id, i) => time.set(stepOf(id), (time.get(stepOf(id)) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  time.delete("idle");
  const busy = [...time.values()].reduce((a, b) => a + b, 0);
  return new Map([...time].map(([step, t]) => [step, (t / busy) * mainUs]));
}

function run(variant, shape, exportMode, profile) {
  const args = [driver, variant, shape, spans, ...(profile ? [profile] : [])];
  const out = execFileSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, BENCH_EXPORT: exportMode } });
  return JSON.parse(out.trim().split("\n").pop());
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };
const fmt = (x) => (Number.isNaN(x) ? "–" : x.toFixed(2));

function table(shape, runs) {
  const m = (variant, f) => median(runs[variant].map(f));
  const rows = [];
  const stepNames = [...new Set(runs.honeyhive.concat(runs.otel).flatMap((r) => [...r.steps.keys()]))];
  const lifecycle = stepNames.map((step) => [step, m("honeyhive", (r) => r.steps.get(step) ?? 0), m("otel", (r) => r.steps.get(step) ?? 0)]);
  for (const row of lifecycle.sort((a, b) => b[1] + b[2] - a[1] - a[2])) rows.push(row);
  rows.push(["**span, no export (measured)**", m("honeyhive", (r) => r.none), m("otel", (r) => r.none)]);
  rows.push(["export: encoding, byte budget, gzip hand-off (encode − none)", m("honeyhive", (r) => r.encode - r.none), NaN]);
  rows.push(["export: HTTP request and answer (full − encode)", m("honeyhive", (r) => r.full - r.encode), NaN]);
  rows.push(["**export (full − none)**", m("honeyhive", (r) => r.full - r.none), m("otel", (r) => r.full - r.none)]);
  rows.push(["**main thread (measured, full)**", m("honeyhive", (r) => r.full), m("otel", (r) => r.full)]);
  rows.push(["whole process (measured, full)", m("honeyhive", (r) => r.fullAll), m("otel", (r) => r.fullAll)]);
  console.log(`\n${shape}: ${spans} spans per run, medians of ${reps} alternating runs, µs per span (main thread)\n`);
  console.log("| step | this SDK | raw OpenTelemetry |\n|---|---:|---:|");
  for (const [name, ours, theirs] of rows) console.log(`| ${name} | ${fmt(ours)} | ${fmt(theirs)} |`);
}

const dir = mkdtempSync(join(tmpdir(), "cpu-steps-"));
try {
  for (const shape of shapes) {
    const runs = { honeyhive: [], otel: [] };
    for (let r = 0; r < reps; r++) {
      for (const variant of r % 2 ? ["otel", "honeyhive"] : ["honeyhive", "otel"]) {
        const file = join(dir, `${variant}-${shape}-${r}.cpuprofile`);
        const none = run(variant, shape, "none", file);
        const full = run(variant, shape, "full");
        const encode = variant === "honeyhive" ? run(variant, shape, "encode").mainUsPerSpan : NaN;
        runs[variant].push({ none: none.mainUsPerSpan, encode, full: full.mainUsPerSpan, fullAll: full.cpuUsPerSpan, steps: stepsOf(file, none.mainUsPerSpan) });
      }
    }
    table(shape, runs);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
