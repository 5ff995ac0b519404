// Start-up cost (issue 18): fresh process to the first traced call on Node, and the size of the Workers bundle.
//
// 1. Node: wall time and CPU (user + system, as the process counts it) of fresh processes of three scripts: bare Node
//    (no import), the raw OpenTelemetry SDK (NodeTracerProvider + OTLP/proto exporter, one span, forceFlush), and the
//    built SDK (`import "honeyhive"`, a tracer, one traced call, flush); with `--base <dist>`, the SDK of another build
//    too (a copy of `packages/honeyhive/dist` made before a change: before and after in one run; it is copied under
//    `node_modules/.cache`, where it finds the packages it requires as the working tree's build does). Two figures per
//    spawn: spawn → first traced call returned, and spawn → first span delivered to a loopback sink → exit. The
//    figures that matter are each one minus bare Node; on a loaded machine read CPU (wall mostly measures the queue
//    for a core, hence the load average printed). Variants run interleaved; medians and lower quartiles of `--runs`.
// 2. Workers: a minimal Worker (tracer + trace + flushWithWaitUntil) bundled the way wrangler does (esbuild,
//    `workerd` / `worker` / `browser` conditions, everything bundled, minified), then gzipped. A Workers Free
//    plan accepts 3 MB compressed (paid: 10 MB).
// Usage: npm run build && node bench/startup.mjs [--runs 16] [--base <dist directory>]
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { startSink } from "./sink.mjs";
import { startupScripts, timeStartup, writeStartupScript } from "./startup-scripts.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(option("--runs") ?? 16) || 16;
const baseDist = option("--base");
const nodeModules = join(root, "node_modules");

/** The variants timed: bare Node first (what the others are measured over), then raw OpenTelemetry and the SDK. */
function variants(sinkUrl, work) {
  const head = startupScripts({ sinkUrl, honeyhiveDist: join(root, "packages/honeyhive/dist"), nodeModules });
  const list = Object.entries(head);
  if (baseDist) list.push(["honeyhive base", startupScripts({ sinkUrl, honeyhiveDist: placedBase(resolve(baseDist)), nodeModules }).honeyhive]);
  return list.map(([name, body]) => ({ name, file: writeStartupScript(join(work, `${name.replace(/\W+/g, "-")}.mjs`), body), samples: [] }));
}

/** A copy of the base build where its `require`s resolve like the working tree's (as many directories up to `node_modules`). */
function placedBase(dist) {
  const home = join(nodeModules, ".cache/honeyhive-startup-base");
  rmSync(home, { recursive: true, force: true });
  cpSync(dist, join(home, "dist"), { recursive: true });
  writeFileSync(join(home, "package.json"), JSON.stringify({ type: "module" }));
  return join(home, "dist");
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)];

async function nodeStartup(sink) {
  const list = variants(sink.url, mkdtempSync(join(tmpdir(), "hh-startup-")));
  const loadBefore = loadavg()[0];
  for (let round = 0; round < runs; round++) for (const v of list) v.samples.push(await timeStartup(v.file));
  const load = `load average ${loadBefore.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`;
  const figure = (v, point, key, q) => quantile(v.samples.map((s) => s[point][key]), q);
  // bare Node has no first call: its whole run stands in for both points
  const over = (v, point, key, q) => figure(v, point, key, q) - figure(list[0], "delivered", key, q);
  const cell = (v, point) => `${`+${over(v, point, "cpuMs", 0.5).toFixed(0)}`.padStart(5)} ${`+${over(v, point, "cpuMs", 0.25).toFixed(0)}`.padStart(5)} ${`+${over(v, point, "wallMs", 0.5).toFixed(0)}`.padStart(6)}`;
  console.log(`Node ${process.versions.node}: fresh process, ms over bare Node (CPU: median and lower quartile; wall: median) of ${runs} spawns each, interleaved; ${load}`);
  console.log(`  ${"".padEnd(15)} ${"-> first traced call returned".padEnd(32)}-> first span delivered, exit`);
  console.log(`  ${"".padEnd(15)} ${"  CPU   q25   wall".padEnd(32)}  CPU   q25   wall`);
  console.log(`  ${"bare node".padEnd(15)} ${`${figure(list[0], "delivered", "cpuMs", 0.5).toFixed(0)} ms CPU, ${figure(list[0], "delivered", "wallMs", 0.5).toFixed(0)} ms wall (itself)`}`);
  for (const v of list.slice(1)) console.log(`  ${v.name.padEnd(15)} ${cell(v, "firstCall").padEnd(32)}${cell(v, "delivered")}`);
}

async function workersBundle() {
  const entry = `
    import { HoneyHiveTracer, flushWithWaitUntil, trace } from "honeyhive";
    const answer = trace(async (q) => "echo " + q, { eventName: "answer", inputNames: ["q"] });
    export default {
      async fetch(request, env, ctx) {
        const tracer = new HoneyHiveTracer({ apiKey: env.HH_API_KEY, sessionName: "worker" });
        const body = await tracer.trace(() => answer(new URL(request.url).searchParams.get("q") ?? ""));
        flushWithWaitUntil(ctx, { tracer });
        return new Response(body);
      },
    };`;
  // An app directory where "honeyhive" resolves through its package.json exports, as in a user's project.
  const app = mkdtempSync(join(tmpdir(), "hh-worker-"));
  mkdirSync(join(app, "node_modules"));
  symlinkSync(join(root, "packages/honeyhive"), join(app, "node_modules/honeyhive"), "dir");
  const result = await build({
    stdin: { contents: entry, resolveDir: app, loader: "js" },
    bundle: true, minify: true, write: false, format: "esm", platform: "neutral", target: "es2022",
    conditions: ["workerd", "worker", "browser", "import", "default"], mainFields: ["browser", "module", "main"],
    nodePaths: [join(root, "node_modules")], logLevel: "error",
  });
  const code = result.outputFiles[0].contents;
  const gz = gzipSync(code, { level: 9 }).length;
  console.log(`Workers bundle (minimal Worker, honeyhive + @opentelemetry/api, minified): ${(code.length / 1024).toFixed(0)} KB, ${(gz / 1024).toFixed(0)} KB gzipped (Workers Free plan limit: 3 MB compressed)`);
}

await workersBundle();
const sink = await startSink();
await nodeStartup(sink);
await sink.close();
