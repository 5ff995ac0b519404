// scale13 repro 01 (fixed): a sharded run of a server dataset held the whole dataset, not its slice, so its peak RSS
// grew with the dataset. At 100,000 datapoints, 2 shards through `honeyhive eval --shard i/2` peaked at 366-493 MB
// per shard; this script at 100,000 (load 1.7-2.7): shard 1/2 456 MB, the unsharded streamed run 358 MB. Fixed: a
// shard streams only its slice's pages (test/evaluation/shard-streamed-dataset.test.ts); shard 1/2 before/after: at
// 20,000 188/180 MB (load 4-5.5), at 60,000 220/215 MB (load 1.8-2.3; unsharded 280-308 MB). Run: `npm run build && node repro/scale13/01-shard-rss.mjs [N]`
// (default 100000); prints the shard's peak RSS (VmHWM) next to an unsharded run's of the same dataset.
import { readFileSync } from "node:fs";
import { createDevServer } from "../../packages/dev-server/dist/index.js";
import { HoneyHive, evaluate, pushDataset } from "../../packages/honeyhive/dist/index.js";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const n = Number(process.argv[2] ?? 100000);
const vmHwmMb = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]) / 1024);
if (process.argv[3] === "child") {
  const [, , , , url, datasetId, shard] = process.argv;
  await evaluate({
    name: `rss-${shard}`, apiKey: "local", serverUrl: url, datasetId, printResults: false, datapointResults: "summary", maxConcurrency: 16,
    ...(shard === "none" ? {} : { shard: { index: 1, count: 2 }, runId: "00000000-0000-4000-8000-000000000001" }),
    function: (inputs) => String(Number(inputs.q) + 1), evaluators: [function exact(o, _i, gt) { return o === gt.a; }],
  });
  console.log(`${shard === "none" ? "unsharded" : "shard 1/2"}: peak RSS ${vmHwmMb()} MB`);
  process.exit(0);
}
const server = await createDevServer({ port: 0, inMemory: true });
const rows = Array.from({ length: n }, (_, i) => ({ qid: `q${i}`, inputs: { q: i }, ground_truth: { a: String(i + 1) } }));
const file = `/tmp/scale13-repro01-${process.pid}.json`;
(await import("node:fs")).writeFileSync(file, JSON.stringify(rows));
const pushed = await pushDataset(new HoneyHive({ apiKey: "local", serverUrl: server.url }), "rss", file, { key: "qid" });
const datasetId = pushed.datasetId;
for (const shard of ["1/2", "none"]) {
  // the server runs in this process: the child is awaited, never waited for synchronously
  const child = await promisify(execFile)(process.execPath, [fileURLToPath(import.meta.url), String(n), "child", server.url, datasetId, shard]).catch((e) => e);
  const line = child.stdout.split("\n").find((l) => l.includes("peak RSS"));
  console.log(line ?? `${shard}: failed: ${child.stderr.slice(0, 600)}`);
}
await server.close();
