// summary14 repro 03: the live heap evaluate()'s result holds once it returned (a full collection first), for N
// datapoints of a dev-server dataset in datapointResults "summary" mode (maxConcurrency 16): before and after the
// caller reads `result.datapoints`.
// Run: `npm run build && node --expose-gc repro/summary14/03-heap-at-return.mjs [N]`.
import { readFileSync, writeFileSync } from "node:fs";
import { createDevServer } from "../../packages/dev-server/dist/index.js";
import { HoneyHive, evaluate, pushDataset } from "../../packages/honeyhive/dist/index.js";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const n = Number(process.argv[2] ?? 100000);
const status = () => readFileSync("/proc/self/status", "utf8");
const mb = (key) => Math.round(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status())[1]) / 1024);
if (process.argv[3] === "child") {
  const [, , , , url, datasetId] = process.argv;
  const result = await evaluate({
    name: "rss", apiKey: "local", serverUrl: url, datasetId, printResults: false, datapointResults: "summary", maxConcurrency: 16,
    function: (inputs) => String(Number(inputs.q) + 1), evaluators: [function exact(o, _i, gt) { return o === gt.a; }],
  });
  const heap = () => (globalThis.gc(), Math.round(process.memoryUsage().heapUsed / 1048576));
  const before = heap();
  const read = result.datapoints.length;
  console.log(`live heap at return: ${before} MB; after reading result.datapoints (${read}): ${heap()} MB; passed ${result.passed.length}; peak RSS ${mb("VmHWM")} MB`);
  process.exit(0);
}
const server = await createDevServer({ port: 0, inMemory: true });
const url = server.url;
const rows = Array.from({ length: n }, (_, i) => ({ qid: `q${i}`, inputs: { q: i }, ground_truth: { a: String(i + 1) } }));
const file = `/tmp/summary14-repro03-${process.pid}.json`;
writeFileSync(file, JSON.stringify(rows));
const pushed = await pushDataset(new HoneyHive({ apiKey: "local", serverUrl: server.url }), "rss", file, { key: "qid" });
const child = await promisify(execFile)(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), String(n), "child", url, pushed.datasetId], { maxBuffer: 1 << 24 }).catch((e) => e);
console.log(child.stdout.trim() || `failed: ${String(child.stderr).slice(0, 600)}`);
process.exit(0);
