// Dev server benchmark: (1) OTLP protobuf ingest throughput in spans/s — batches of 512 real SDK spans
// (~16 attributes each, the shape the HoneyHive SDKs send) from 4 concurrent senders over loopback HTTP into a
// file-backed (WAL) store; (2) latency of GET /v1/runs/{id}/result for a 10,000-datapoint run.
//
// Run:  node --import tsx bench/dev-server-ingest.mjs [--requests=160] [--senders=4] [--batch=512]
//                                                   [--datapoints=10000] [--queries=30] [--driver=auto]
//
// --driver picks the SQLite driver (auto | node:sqlite | better-sqlite3; default HH_DEV_SERVER_SQLITE, else
// auto = node:sqlite where this Node has it). For node:sqlite on a Node without it: NODE22=$(scripts/node22.sh),
// then "$NODE22" --import tsx bench/dev-server-ingest.mjs --driver=node:sqlite. --datapoints=0 skips part 2.
//
// The server runs in this process; the senders run in a child process (so request building does not
// compete with the server for the same core). Request bodies are built before timing starts.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
const num = (name, fallback) => Number(args[name] ?? fallback);

async function sender() {
  const { buildIngestBodies } = await import("./ingest-bodies.mjs");
  const config = await new Promise((resolve) => process.once("message", resolve));
  const bodies = buildIngestBodies(config);
  process.send({ ready: true, bytes: bodies.reduce((s, b) => s + b.length, 0) });
  await new Promise((resolve) => process.once("message", resolve));
  let next = 0;
  let errors = 0;
  const headers = { authorization: "Bearer bench", "content-type": "application/x-protobuf" };
  const start = performance.now();
  await Promise.all(Array.from({ length: config.senders }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const res = await fetch(`${config.url}/opentelemetry/v1/traces`, { method: "POST", body, headers });
      await res.arrayBuffer();
      if (res.status !== 200) errors++;
    }
  }));
  process.send({ elapsedMs: performance.now() - start, errors, bodies: bodies.slice(0, 40).map((b) => b.toString("base64")) });
}

function percentile(sorted, p) {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  return sorted[lo] + (sorted[Math.ceil(rank)] - sorted[lo]) * (rank - lo);
}

async function main() {
  const { createDevServer } = await import("../packages/dev-server/src/index.ts");
  const { createLogger } = await import("../packages/honeyhive/src/internal/logger.ts");
  const dir = mkdtempSync(join(tmpdir(), "hh-bench-"));
  const server = await createDevServer({
    dataDir: dir, logger: createLogger({ sink: () => {} }), maxConcurrentRequests: 64, sqliteDriver: args.driver,
  });
  const requests = num("requests", 160);
  const batch = num("batch", 512);
  const senders = num("senders", 4);
  try {
    console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), SQLite driver ${server.store.driver}, ` +
      `load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    // 1. Ingest.
    const child = fork(fileURLToPath(import.meta.url), ["--sender"], { execArgv: process.execArgv, stdio: "inherit" });
    const messages = [];
    let wake;
    child.on("message", (m) => { messages.push(m); wake?.(); });
    const nextMessage = () => new Promise((resolve) => {
      if (messages.length) return resolve(messages.shift());
      wake = () => { wake = undefined; resolve(messages.shift()); };
    });
    child.send({ url: server.url, requests, batch, senders });
    const ready = await nextMessage();
    console.log(`built ${requests} protobuf requests x ${batch} spans (${(ready.bytes / requests / 1024).toFixed(0)} KiB each)`);
    const cpuBefore = process.cpuUsage();
    child.send({ go: true });
    const done = await nextMessage();
    const cpu = process.cpuUsage(cpuBefore);
    child.kill();
    // Per-batch CPU cost, one request at a time (server and client in this process): the minimum is the
    // uncontended cost, which the concurrent figure above cannot show on a machine busy with other work.
    const perSpan = [];
    for (const [i, b64] of done.bodies.entries()) {
      const body = Buffer.from(b64, "base64");
      const c0 = process.cpuUsage();
      const res = await fetch(`${server.url}/opentelemetry/v1/traces`, {
        method: "POST", body, headers: { authorization: `Bearer bench-seq-${i}`, "content-type": "application/x-protobuf" },
      });
      await res.arrayBuffer();
      const c1 = process.cpuUsage(c0);
      perSpan.push((c1.user + c1.system) / batch);
    }
    perSpan.sort((a, b) => a - b);
    const spans = requests * batch;
    const stored = await fetch(`${server.url}/v1/events/export`, {
      method: "POST", headers: { authorization: "Bearer bench", "content-type": "application/json" },
      body: JSON.stringify({ filters: [{ field: "event_type", operator: "is not", value: "session", type: "string" }], limit: 1 }),
    }).then((r) => r.json());
    const rate = spans / (done.elapsedMs / 1000);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(`ingest: ${spans} spans from ${senders} senders in ${done.elapsedMs.toFixed(0)} ms -> ${Math.round(rate)} spans/s wall ` +
      `(${done.errors} errors, ${stored.totalEvents} stored)`);
    console.log(`        server CPU ${cpuSeconds.toFixed(2)} s (${((cpuSeconds * 1000) / done.elapsedMs * 100).toFixed(0)}% of one core) -> ` +
      `${Math.round(spans / cpuSeconds)} spans per server CPU-second, ${((cpuSeconds * 1e6) / spans).toFixed(1)} us/span; ` +
      `load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    console.log(`        one batch at a time: CPU per span min ${perSpan[0].toFixed(1)} us, median ${percentile(perSpan, 50).toFixed(1)} us ` +
      `-> ${Math.round(1e6 / perSpan[0])} spans/s per core uncontended`);

    // 2. Results of a 10,000-datapoint run (sessions + chain spans with metrics + a tool span each), seeded through the store.
    const datapoints = num("datapoints", 10000);
    if (datapoints <= 0) return;
    const queries = num("queries", 30);
    const { hashKey, defaultProjectName } = await import("../packages/dev-server/src/routes/auth.ts");
    const keyHash = hashKey("bench-results-key");
    const project = await server.store.projectForKey(keyHash, defaultProjectName(keyHash));
    const runId = "5e1f0000-0000-4000-8000-000000000001";
    const now = new Date().toISOString();
    const sessions = [];
    const base = { children_ids: [], source: "evaluation", inputs: {}, outputs: {}, config: {}, feedback: {}, user_properties: {}, error: null, start_time: 1, end_time: 2, duration: 1 };
    const { mergeEvents } = await import("../packages/dev-server/src/model/event-model.ts");
    for (let start = 0; start < datapoints; start += 1000) {
      const sessionRows = [];
      const events = [];
      for (let i = start; i < Math.min(start + 1000, datapoints); i++) {
        const sid = `${String(i).padStart(8, "0")}-1111-4000-8000-000000000000`;
        sessions.push(sid);
        const metadata = { run_id: runId, datapoint_id: `EXT-${i}` };
        sessionRows.push({ ...base, event_id: sid, session_id: sid, parent_id: null, event_type: "session", event_name: "exp", metadata, metrics: {} });
        events.push({ event: { ...base, event_id: `${String(i).padStart(8, "0")}-2222-4000-8000-000000000000`, session_id: sid, parent_id: sid,
          event_type: "chain", event_name: "my_fn", metadata, metrics: { accuracy: (i % 100) / 100, exact: i % 3 === 0, accuracy_explanation: "ok" } } });
        events.push({ event: { ...base, event_id: `${String(i).padStart(8, "0")}-3333-4000-8000-000000000000`, session_id: sid, parent_id: sid,
          event_type: "tool", event_name: "retrieve", metadata, metrics: { latency_ms: i % 50 } } });
      }
      await server.store.writeEvents(project.id, { sessions: sessionRows, events, merge: mergeEvents });
    }
    await server.store.createRun(project.id, { id: runId, name: "bench", description: null, status: "completed", metadata: {}, results: {}, metrics: {},
      configuration: {}, event_ids: sessions, session_ids: [], datapoint_ids: [], evaluators: [], passing_ranges: { accuracy: { min: 0.5 } },
      dataset_id: null, created_at: now, updated_at: now });
    const times = [];
    const cpuTimes = [];
    let size = 0;
    for (let q = 0; q < queries + 3; q++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const res = await fetch(`${server.url}/v1/runs/${runId}/result`, { headers: { authorization: "Bearer bench-results-key" } });
      const text = await res.text();
      const c1 = process.cpuUsage(c0);
      if (q >= 3) cpuTimes.push((c1.user + c1.system) / 1000);
      if (res.status !== 200) throw new Error(`result query failed: ${res.status} ${text.slice(0, 200)}`);
      if (q >= 3) times.push(performance.now() - t0);
      size = text.length;
    }
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    console.log(`run result (${datapoints} datapoints, ${datapoints * 3} events, ${(size / 1e6).toFixed(1)} MB JSON): ` +
      `p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms wall over ${queries} queries ` +
      `(CPU per query p50 ${percentile(cpuTimes, 50).toFixed(0)} ms, p95 ${percentile(cpuTimes, 95).toFixed(0)} ms)`);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--sender")) await sender();
else await main();
