// Start-up cost (issue 18): import-to-first-span on Node, and the size of the Workers bundle.
//
// 1. Node: wall time and CPU (user + system, as the process counts it at its end) of a fresh process from spawn until
//    its first span was delivered to a loopback sink and the process exited, for three scripts: bare Node (no
//    import), the raw OpenTelemetry SDK (NodeTracerProvider + OTLP/proto exporter, one span, forceFlush), and the
//    built SDK (`import "honeyhive"`, a tracer, one traced call, flush). The figures that matter are each one minus
//    bare Node; on a loaded machine read CPU (wall mostly measures the queue for a core, hence the load average
//    printed). Variants run interleaved; medians of `--runs`.
// 2. Workers: a minimal Worker (tracer + trace + flushWithWaitUntil) bundled the way wrangler does (esbuild,
//    `workerd` / `worker` / `browser` conditions, everything bundled, minified), then gzipped. A Workers Free
//    plan accepts 3 MB compressed (paid: 10 MB).
// Usage: npm run build && node bench/startup.mjs [--runs 15]
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { startSink } from "./sink.mjs";
import { startupScripts } from "./startup-scripts.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] || 15) || 15;
const scripts = (sinkUrl) => startupScripts({ sinkUrl, honeyhiveDist: join(root, "packages/honeyhive/dist"), nodeModules: join(root, "node_modules") });

async function nodeStartup(sink) {
  const work = mkdtempSync(join(tmpdir(), "hh-startup-"));
  const variants = Object.entries(scripts(sink.url)).map(([name, body]) => {
    const file = join(work, `${name.replace(/\W+/g, "-")}.mjs`);
    writeFileSync(file, `${body}\nprocess.stdout.write(JSON.stringify(process.cpuUsage()));`);
    return { name, file, wall: [], cpu: [] };
  });
  const loadBefore = loadavg()[0];
  for (let round = 0; round < runs; round++) {
    for (const v of variants) {
      const started = performance.now();
      const { stdout } = await promisify(execFile)(process.execPath, [v.file], { env: { ...process.env, HH_API_KEY: "", HH_VERBOSE: "" } });
      v.wall.push(performance.now() - started);
      const cpu = JSON.parse(stdout);
      v.cpu.push((cpu.user + cpu.system) / 1000);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const [bareWall, bareCpu] = [median(variants[0].wall), median(variants[0].cpu)];
  const load = `load average ${loadBefore.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`;
  console.log(`Node ${process.versions.node}: spawn -> first span delivered -> exit, ms (median of ${runs}; ${load})`);
  console.log(`  ${"".padEnd(14)} ${"wall".padStart(5)}   ${"over bare".padEnd(10)} ${"CPU".padStart(5)}   over bare`);
  for (const v of variants) {
    const [wall, cpu] = [median(v.wall), median(v.cpu)];
    console.log(`  ${v.name.padEnd(14)} ${wall.toFixed(0).padStart(5)}   ${`+${(wall - bareWall).toFixed(0)}`.padEnd(10)} ${cpu.toFixed(0).padStart(5)}   +${(cpu - bareCpu).toFixed(0)}`);
  }
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
