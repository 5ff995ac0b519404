// summary14 repro 01: peak RSS (VmHWM) of evaluate() over N datapoints of a dev-server dataset (unsharded,
// datapointResults "summary", maxConcurrency 16), and where the peak falls: VmRSS is sampled every 50 ms and the
// largest sample is printed with its time before evaluate() returned. `skip` answers `/v1/runs/{id}/result` with `{}`
// (a proxy in front of the dev server) to show what the end-of-run summary read costs.
// With env PAD, each row carries PAD bytes of input text (the canonical texts of the content version grow with it).
// With env CHILD_FLAGS, the evaluate() process runs with those Node flags (e.g. `--max-semi-space-size=16`, decision
// record 0109).
// Run: `npm run build && [PAD=2000] node repro/summary14/01-close-rss.mjs [N] [full|skip]`.
/* global setInterval, clearInterval */
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createDevServer } from "../../packages/dev-server/dist/index.js";
import { HoneyHive, evaluate, pushDataset } from "../../packages/honeyhive/dist/index.js";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const n = Number(process.argv[2] ?? 100000);
const mode = process.argv[3] ?? "full";
const status = () => readFileSync("/proc/self/status", "utf8");
const mb = (key) => Math.round(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status())[1]) / 1024);
if (process.argv[4] === "child") {
  const [, , , , , url, datasetId] = process.argv;
  const samples = [];
  const timer = setInterval(() => samples.push([Date.now(), mb("VmRSS")]), 50);
  const result = await evaluate({
    name: "rss", apiKey: "local", serverUrl: url, datasetId, printResults: false, datapointResults: "summary", maxConcurrency: 16,
    function: (inputs) => String(Number(inputs.q) + 1), evaluators: [function exact(o, _i, gt) { return o === gt.a; }],
  });
  const end = Date.now();
  clearInterval(timer);
  const top = samples.reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0]);
  const last5 = samples.filter(([t]) => t > end - 5000).map(([t, r]) => `${t - end}:${r}`).join(" ");
  const cpu = process.cpuUsage(); // the evaluate() process's CPU, every thread
  console.log(`${mode}: peak RSS ${mb("VmHWM")} MB; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; largest sample ${top[1]} MB at ${top[0] - end} ms; passed ${result.passed.length}, ` +
    `summary keys ${Object.keys(result.serverSummary ?? {}).join(",")}, mismatch ${JSON.stringify(result.serverSummaryMismatch)}`);
  console.log(`last 5 s (ms:MB): ${last5}`);
  process.exit(0);
}
const server = await createDevServer({ port: 0, inMemory: true });
let url = server.url;
if (mode === "skip") {
  const target = new URL(server.url);
  const proxy = http.createServer((req, res) => {
    if (/\/v1\/runs\/[^/]+\/result/.test(req.url)) { req.resume(); res.setHeader("content-type", "application/json"); res.end("{}"); return; }
    const out = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (r) => {
      res.writeHead(r.statusCode, r.headers); r.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${proxy.address().port}`;
}
const pad = "p".repeat(Number(process.env.PAD ?? 0)); // PAD bytes of input text per row (decision record 0108)
const rows = Array.from({ length: n }, (_, i) => ({ qid: `q${i}`, inputs: pad ? { q: i, text: `${i} ${pad}` } : { q: i }, ground_truth: { a: String(i + 1) } }));
const file = `/tmp/summary14-repro01-${process.pid}.json`;
writeFileSync(file, JSON.stringify(rows));
const pushed = await pushDataset(new HoneyHive({ apiKey: "local", serverUrl: server.url }), "rss", file, { key: "qid" });
const childFlags = (process.env.CHILD_FLAGS ?? "").split(" ").filter(Boolean); // Node flags of the evaluate() process only
const child = await promisify(execFile)(process.execPath, [...childFlags, fileURLToPath(import.meta.url), String(n), mode, "child", url, pushed.datasetId], { maxBuffer: 1 << 24 }).catch((e) => e);
console.log(child.stdout.trim() || `failed: ${String(child.stderr).slice(0, 600)}`);
process.exit(0);
