// Datasets at scale: (1) the dev server's time to add a chunk of datapoints to one dataset as it grows (chunks of
// 5,000 rows through POST /v1/datasets/{id}/datapoints, then single POST /v1/datapoints into the large dataset);
// (2) pushDataset() of 100,000 new rows (wall time, requests by route), then the same push again (nothing to write).
//
// Run:  node --import tsx bench/dataset-push.mjs [--chunks=4] [--chunk=5000] [--singles=200] [--rows=100000]
//                                                [--part=add,push] [--driver=auto]
//
// The server runs in this process over a file-backed (WAL) store, as `honeyhive serve` does; the requests are counted
// by a forwarding proxy in front of it.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
const num = (name, fallback) => Number(args[name] ?? fallback);
const parts = new Set(String(args.part ?? "add,push").split(","));
const KEY = "bench_dataset_push";

function rows(from, count) {
  return Array.from({ length: count }, (_, i) => ({
    qid: `q${from + i}`, question: `what is ${from + i} + ${from + i}?`, context: "x".repeat(120), answer: String(2 * (from + i)),
  }));
}

async function call(url, method, path, body) {
  const res = await fetch(`${url}${path}`, {
    method, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

async function addChunks(url) {
  const chunks = num("chunks", 4);
  const size = num("chunk", 5000);
  const made = await call(url, "POST", "/v1/datasets", { name: "bench-add" });
  const datasetId = made.result.insertedId;
  const mapping = { inputs: ["question", "context"], ground_truth: ["answer"], history: [] };
  console.log(`\n(1) adding ${chunks} chunks of ${size} rows to one dataset (POST /v1/datasets/{id}/datapoints)`);
  console.log("| chunk | dataset size before | ms for the chunk | µs per datapoint |\n|---|---|---|---|");
  for (let c = 0; c < chunks; c++) {
    const data = rows(c * size, size);
    const started = performance.now();
    await call(url, "POST", `/v1/datasets/${datasetId}/datapoints`, { data, mapping });
    const ms = performance.now() - started;
    console.log(`| ${c + 1} | ${c * size} | ${ms.toFixed(0)} | ${((ms * 1000) / size).toFixed(0)} |`);
  }
  const singles = num("singles", 200);
  const small = (await call(url, "POST", "/v1/datasets", { name: "bench-small" })).result.insertedId;
  // one request at a time, alternating between the empty dataset and the large one
  const spent = new Map([[small, 0], [datasetId, 0]]);
  for (let i = 0; i < 2 * singles; i++) {
    const target = i % 2 === 0 ? small : datasetId;
    const started = performance.now();
    await call(url, "POST", "/v1/datapoints", { inputs: { question: `single ${i}` }, linked_datasets: [target] });
    spent.set(target, spent.get(target) + performance.now() - started);
  }
  const each = (id) => ((spent.get(id) * 1000) / singles).toFixed(0);
  console.log(`\nsingle POST /v1/datapoints (${singles} each, alternating): into a dataset of ≤${singles}: ${each(small)} µs; into the dataset of ${chunks * size}: ${each(datasetId)} µs`);
}

async function pushRows(url) {
  const { HoneyHive } = await import("../packages/honeyhive/src/api-client/honeyhive.ts");
  const { pushDataset } = await import("../packages/honeyhive/src/datasets/push-dataset.ts");
  const { startForwardingProxy } = await import("../test/helpers/forwarding-proxy.ts");
  const routes = new Map();
  const proxy = await startForwardingProxy(url, (req) => {
    const route = `${req.method} ${(req.url ?? "").split("?")[0].replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id")}`;
    routes.set(route, (routes.get(route) ?? 0) + 1);
  });
  const total = num("rows", 100_000);
  const items = rows(0, total).map((r) => ({ qid: r.qid, inputs: { question: r.question, context: r.context }, ground_truth: { answer: r.answer } }));
  const client = new HoneyHive({ apiKey: KEY, serverUrl: proxy.url });
  try {
    for (const round of ["first push", "same rows again"]) {
      routes.clear();
      const rss0 = process.memoryUsage().rss;
      const started = performance.now();
      const pushed = await pushDataset(client, "bench-push", items, { key: "qid" });
      const ms = performance.now() - started;
      const requests = [...routes.values()].reduce((a, b) => a + b, 0);
      console.log(`\n(2) pushDataset, ${round}: ${total} rows in ${(ms / 1000).toFixed(1)} s, ${requests} requests; ` +
        `${pushed.added.length} added, ${pushed.unchanged} unchanged; RSS ${(rss0 / 2 ** 20).toFixed(0)} → ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
      for (const [route, n] of [...routes].sort((a, b) => b[1] - a[1])) console.log(`    ${String(n).padStart(6)}  ${route}`);
    }
  } finally {
    await proxy.close();
  }
}

async function main() {
  const { createDevServer } = await import("../packages/dev-server/src/index.ts");
  const { createLogger } = await import("../packages/honeyhive/src/internal/logger.ts");
  const dir = mkdtempSync(join(tmpdir(), "hh-bench-datasets-"));
  const server = await createDevServer({ dataDir: dir, logger: createLogger({ sink: () => {} }), sqliteDriver: args.driver });
  console.log(`node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}, ${server.store?.driver ?? ""}`);
  try {
    if (parts.has("add")) await addChunks(server.url);
    if (parts.has("push")) await pushRows(server.url);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
