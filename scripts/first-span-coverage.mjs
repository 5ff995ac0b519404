#!/usr/bin/env node
// What of the code `import "honeyhive"` loads a cold start runs before its first traced call returns (or, with
// `--flush`, before its first span is delivered): the SDK built unminified (its modules marked by the bundler's
// `// <module path>` comments) into node_modules/.cache, then a fresh process with V8's function coverage runs the
// start-up bench's script (bench/startup-scripts.mjs: a tracer, one traced call, flush) against a loopback sink. Prints
// the bytes of the shared file per folder and per module, and how many of them are in functions never called: the
// candidates to load on first use (decision record 0086).
// Usage: node scripts/first-span-coverage.mjs [--flush] [--top 40]
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const home = join(root, "node_modules/.cache/honeyhive-first-span-coverage");
const dist = join(home, "dist");
const args = process.argv.slice(2);
const top = Number(args.includes("--top") ? args[args.indexOf("--top") + 1] : 40) || 40;
const untilFlush = args.includes("--flush");

/** In the child: the coverage of the shared file through the first traced call (and flush), printed as JSON. */
async function child() {
  const { startSink } = await import(pathToFileURL(join(root, "bench/sink.mjs")).href);
  const sink = await startSink();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.startPreciseCoverage", { callCount: false, detailed: false });
  const m = await import(pathToFileURL(join(dist, "index.js")).href);
  const tracer = new m.HoneyHiveTracer({ apiKey: "bench-key", serverUrl: sink.url, project: "bench", skipSessionStart: true });
  m.trace(function first(x) { return x + 1; }, { tracer })(1);
  if (untilFlush && !(await tracer.flush())) throw new Error("not delivered");
  const { result } = await session.post("Profiler.takePreciseCoverage");
  await tracer.shutdown();
  await sink.close();
  process.stdout.write(JSON.stringify(result.filter((script) => /\/honeyhive-[^/]*\.cjs$/.test(script.url))));
}

/** Per module of `text` (split at the bundler's module comments): its bytes and those in functions never called. */
function perModule(text, coverage) {
  const never = new Uint8Array(text.length);
  for (const fn of coverage.functions) for (const range of fn.ranges) if (range.count === 0) never.fill(1, range.startOffset, range.endOffset);
  const marks = [...text.matchAll(/^\/\/ (\S+\.(?:ts|js|mjs|cjs))$/gm)];
  return marks.map((mark, i) => {
    const end = i + 1 < marks.length ? marks[i + 1].index : text.length;
    let unused = 0;
    for (let k = mark.index; k < end; k++) unused += never[k];
    return { module: mark[1].replace(/^\.\.\/core\/src\//, "core/").replace(/^(\.\.\/)+node_modules\//, "").replace(/^src\//, ""), bytes: end - mark.index, unused };
  });
}

/** A module's group: its folder (core's: `core/<folder>`; a package: its name). */
function groupOf(module) {
  const parts = module.split("/");
  if (parts[0] === "core") return `core/${parts[1]}`;
  if (module.includes("/build/") || module.includes("/lib/")) return parts.slice(0, parts[0].startsWith("@") ? 2 : 1).join("/");
  return parts[0];
}

function report(modules, file) {
  const sum = (list, key) => list.reduce((s, m) => s + m[key], 0);
  const [bytes, unused] = [sum(modules, "bytes"), sum(modules, "unused")];
  const point = untilFlush ? "the first span was delivered" : "the first traced call returned";
  console.log(`${file} (unminified): ${bytes} bytes in ${modules.length} modules; ${unused} (${((100 * unused) / bytes).toFixed(0)} %) in functions not called before ${point}`);
  const groups = new Map();
  for (const m of modules) {
    const g = groups.get(groupOf(m.module)) ?? { bytes: 0, unused: 0, idle: 0, count: 0 };
    Object.assign(g, { bytes: g.bytes + m.bytes, unused: g.unused + m.unused, count: g.count + 1, idle: g.idle + (m.unused > 0.9 * m.bytes ? m.bytes : 0) });
    groups.set(groupOf(m.module), g);
  }
  console.log(`\n${"bytes".padStart(8)} ${"not called".padStart(10)} ${"in idle modules".padStart(15)}  folder (modules); an idle module has over 90 % not called`);
  for (const [name, g] of [...groups].sort((a, b) => b[1].unused - a[1].unused).slice(0, top)) {
    console.log(`${String(g.bytes).padStart(8)} ${String(g.unused).padStart(10)} ${String(g.idle).padStart(15)}  ${name} (${g.count})`);
  }
  console.log(`\n${"bytes".padStart(8)} ${"not called".padStart(10)}  module`);
  for (const m of [...modules].sort((a, b) => b.unused - a.unused).slice(0, top)) console.log(`${String(m.bytes).padStart(8)} ${String(m.unused).padStart(10)}  ${m.module}`);
}

if (process.env.HH_FIRST_SPAN_COVERAGE_CHILD) {
  await child();
} else {
  execFileSync(process.execPath, [join(root, "scripts/build-sdk.mjs"), "--no-types", "--no-minify", "--out", dist], { stdio: "ignore" });
  writeFileSync(join(home, "package.json"), JSON.stringify({ type: "module" })); // dist/index.js is an ES module
  const env = { ...process.env, HH_FIRST_SPAN_COVERAGE_CHILD: "1", HH_API_KEY: "", HH_VERBOSE: "" };
  const [coverage] = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { env, maxBuffer: 1 << 30 }));
  const file = readdirSync(dist).find((f) => coverage.url.endsWith(`/${f}`));
  report(perModule(readFileSync(join(dist, file), "latin1"), coverage), file);
}
