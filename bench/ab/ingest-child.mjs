// A/B gate child: the dev server of ONE build (BENCH_CONFIG.devServerDist) on a fresh file-backed (WAL) data
// directory. The parent sends it OTLP bodies (bench/ingest-bodies.mjs) and asks, over IPC, for this process's CPU
// between two marks: the server's CPU per ingested span.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { spinCpuUs } from "./spin.mjs";

const cfg = JSON.parse(process.env.BENCH_CONFIG);
const { createDevServer } = await import(pathToFileURL(`${cfg.devServerDist}/index.js`).href);
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const quiet = { verbose: false, debug() {}, info() {}, warn() {}, error() {}, warnOnce() {} };
const dir = mkdtempSync(join(tmpdir(), "hh-bench-ab-ingest-"));
const server = await createDevServer({ dataDir: dir, logger: quiet, port: 0 });
let mark = 0;
process.on("message", async (m) => {
  if (m === "mark") {
    mark = cpu();
    process.send({ marked: true });
  } else if (m === "measure") {
    const used = cpu() - mark;
    if (cfg.slowdown > 0) spinCpuUs(cfg.slowdown * used);
    process.send({ cpuUs: cpu() - mark });
  } else if (m?.cmd === "close") {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
});
process.send({ url: server.url });
