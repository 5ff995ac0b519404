// Cold-start cost of the BUILT SDK: `import "honeyhive"` (ESM, dist/index.js) or `require("honeyhive")` (CJS,
// dist/index.cjs) in a fresh Node process, then the first tracer, then the first traced call + flush (which
// encodes and POSTs one OTLP batch to a loopback sink, so the export path is loaded and used).
// Each child reports three cumulative figures measured with performance.now() from just before the import:
//   import   = module graph loaded
//   tracer   = import + `new HoneyHiveTracer(...)`
//   span     = tracer + one traced call (`trace(fn)` run inside `tracer.trace`) + `await tracer.flush()` (delivered)
// Node's own boot time is excluded (it is the same for every variant). Variants run interleaved, one fresh process
// each, `--runs` times; medians are printed. A loaded machine moves absolute figures a lot: compare variants of
// one run. `--dist DIR` compares another build (e.g. a copy of dist/ from before a change) as extra variants.
// Usage: npm run build && node bench/import-time.mjs [--runs 15] [--dist /tmp/old-dist] [--per-module]
//   --per-module: one extra CJS run with a require hook printing self time per package (where the time goes).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startSink } from "./sink.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(flag("runs", 15));
const dists = { current: resolve(here, "../packages/honeyhive/dist") };
if (flag("dist")) dists.other = resolve(flag("dist"));

/** The child's source: loads the SDK, creates a tracer, traces one call and flushes it to the sink. */
function childSource(format, dist, sinkUrl) {
  const load = format === "esm"
    ? `await import(${JSON.stringify(pathToFileURL(join(dist, "index.js")).href)})`
    : `require(${JSON.stringify(join(dist, "index.cjs"))})`;
  const body = `
    const t0 = performance.now();
    const m = ${load};
    const t1 = performance.now();
    const tracer = new m.HoneyHiveTracer({ apiKey: "bench-key", serverUrl: ${JSON.stringify(sinkUrl)}, project: "bench", skipSessionStart: true, setAsDefault: false });
    const t2 = performance.now();
    tracer.trace(() => m.trace(function first(x) { return x + 1; })(1));
    const delivered = await tracer.flush();
    const t3 = performance.now();
    if (!delivered || tracer.diagnostics().spansExported !== 1) throw new Error("not delivered: " + JSON.stringify(tracer.diagnostics()));
    process.stdout.write(JSON.stringify({ import: t1 - t0, tracer: t2 - t0, span: t3 - t0 }));
    await tracer.shutdown();`;
  return format === "esm" ? body : `(async () => {${body}})().catch((e) => { console.error(e); process.exit(1); });`;
}

const sink = await startSink();
const work = mkdtempSync(join(tmpdir(), "hh-import-time-"));
const variants = [];
for (const [distName, dist] of Object.entries(dists)) {
  for (const format of ["esm", "cjs"]) {
    const file = join(work, `${distName}-${format}.${format === "esm" ? "mjs" : "cjs"}`);
    writeFileSync(file, childSource(format, dist, sink.url));
    variants.push({ name: `${distName} ${format}`, file });
  }
}

const samples = new Map(variants.map((v) => [v.name, { import: [], tracer: [], span: [] }]));
for (let round = 0; round < runs; round++) {
  for (const v of variants) {
    // Async: the sink answers from this process, so it must not block while a child runs.
    const { stdout } = await promisify(execFile)(process.execPath, [v.file], { env: { ...process.env, HH_API_KEY: "", HH_VERBOSE: "" } });
    const out = JSON.parse(stdout);
    const s = samples.get(v.name);
    for (const k of Object.keys(s)) s[k].push(out[k]);
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
console.log(`cold start, ms (median of ${runs} fresh processes per variant, interleaved)`);
console.log(`${"variant".padEnd(14)}${"import".padStart(9)}${"+tracer".padStart(9)}${"+span+flush".padStart(13)}`);
for (const [name, s] of samples) {
  console.log(`${name.padEnd(14)}${median(s.import).toFixed(1).padStart(9)}${median(s.tracer).toFixed(1).padStart(9)}${median(s.span).toFixed(1).padStart(13)}`);
}

if (args.includes("--per-module")) {
  const hook = join(work, "hook.cjs");
  writeFileSync(hook, `
    const Module = require("module"); const orig = Module._load; const stack = []; const self = new Map();
    Module._load = function (request, parent) {
      const t = process.hrtime.bigint(); stack.push(0n);
      try { return orig.apply(this, arguments); } finally {
        const dt = process.hrtime.bigint() - t; const child = stack.pop(); let key = request;
        try { const f = Module._resolveFilename(request, parent); const m = f.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)/); key = m ? m[1] : f.split("/").slice(-2).join("/"); } catch {}
        self.set(key, (self.get(key) ?? 0n) + dt - child); if (stack.length) stack[stack.length - 1] += dt;
      }
    };
    process.on("exit", () => { for (const [k, v] of [...self].sort((a, b) => Number(b[1] - a[1])).slice(0, 20)) if (v > 300000n) process.stderr.write((Number(v) / 1e6).toFixed(1).padStart(8) + " ms  " + k + "\\n"); });`);
  console.log("\nself time per module (CJS, current dist, one run, builtins included):");
  const { stderr } = await promisify(execFile)(process.execPath, ["-r", hook, variants.find((v) => v.name === "current cjs").file]);
  process.stdout.write(stderr);
}
await sink.close();
