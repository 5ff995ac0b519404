// fileshard15 repro 01: a shard of a dataset file read the file whole (evaluation/open-run.ts streamedFile() returned
// undefined with a shard), so shard 1/2 of a 100,000-row JSON Lines file held every row. Prints shard 1/2's peak RSS
// (VmHWM) next to an unsharded run's of the same file, both against the in-process dev server.
// Run: `npm run build && node repro/fileshard15/01-file-shard-rss.mjs [N]` (default 100000).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { createDevServer } from "../../packages/dev-server/dist/index.js";
import { evaluate } from "../../packages/honeyhive/dist/index.js";

const n = Number(process.argv[2] ?? 100000);
const vmHwmMb = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]) / 1024);
if (process.argv[3] === "child") {
  const [, , , , url, file, shard] = process.argv;
  await evaluate({
    name: `rss-${shard}`, apiKey: "local", serverUrl: url, dataset: file, printResults: false, datapointResults: "summary", maxConcurrency: 16,
    ...(shard === "none" ? {} : { shard: { index: 1, count: 2 }, runId: "00000000-0000-4000-8000-000000000002" }),
    function: (inputs) => String(Number(inputs.q) + 1), evaluators: [function exact(o, _i, gt) { return o === gt.a; }],
  });
  console.log(`${shard === "none" ? "unsharded" : "shard 1/2"}: peak RSS ${vmHwmMb()} MB`);
  process.exit(0);
}
const server = await createDevServer({ port: 0, inMemory: true });
const file = `/tmp/fileshard15-repro01-${process.pid}.jsonl`;
writeFileSync(file, Array.from({ length: n }, (_, i) => JSON.stringify({ inputs: { q: i, pad: "p".repeat(200) }, ground_truth: { a: String(i + 1) } })).join("\n"));
for (const shard of (process.argv[3] ?? "1/2,none").split(",")) {
  // the server runs in this process: the child is awaited, never waited for synchronously
  const child = await promisify(execFile)(process.execPath, [fileURLToPath(import.meta.url), String(n), "child", server.url, file, shard]).catch((e) => e);
  const line = child.stdout.split("\n").find((l) => l.includes("peak RSS"));
  console.log(line ?? `${shard}: failed: ${child.stderr.slice(0, 600)}`);
}
rmSync(file);
await server.close();
