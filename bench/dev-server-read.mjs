// Dev server benchmark: read latency while ingest runs. Stores --spans real SDK spans (OTLP protobuf, 512-span
// batches, 16 attributes each), then a reader child times reads — the first and a deep page of GET /v1/events
// (by offset and by cursor), one event by id, a filtered export, and the viewer's session list — first alone, then
// while an ingest child posts as many new spans again. Prints p50/p95/p99 per read and the ingest rate reached.
//
// Run:  node --import tsx bench/dev-server-read.mjs [--spans=100000] [--reads=100] [--limit=100] [--senders=2]
//                                                 [--tree-events=10240] [--tree-sessions=5] [--tree-reads=15]
//                                                 [--tree-paths=/v1/sessions/{id}] (the tree routes timed; both by default)
//
// First, the session trees (the viewer's GET /viewer/sessions/{id}/tree, then GET /v1/sessions/{id}) of
// --tree-sessions sessions of --tree-events events each (512-span batches of one session), read round robin so the
// server's tree cache (4 entries) never answers: server CPU and wall time per tree, and the response size (JSON, and
// on the wire: gzipped when large). --tree-events=0 skips it; --spans=0 skips the rest.
//
// The server runs in this process; ingest and reads come from two child processes.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
const num = (name, fallback) => Number(args[name] ?? fallback);
const BATCH = 512;
const AUTH = { authorization: "Bearer bench" };

async function buildBodies(first, count) {
  const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
  const { ProtobufTraceSerializer } = await import("@opentelemetry/otlp-transformer");
  const { context, trace } = await import("@opentelemetry/api");
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer("bench", "1.0.0");
  const bodies = [];
  for (let r = first; r < first + count; r++) {
    exporter.reset();
    const session = `${String(r).padStart(8, "0")}-0000-4000-8000-000000000000`;
    let root;
    for (let i = 0; i < BATCH; i++) {
      const top = i % 8 === 0;
      const span = tracer.startSpan(top ? "my_pipeline" : "openai.chat", {
        attributes: {
          "honeyhive.session_id": session, "honeyhive.source": "bench", "honeyhive.project": "bench",
          honeyhive_event_type: top ? "chain" : "model", honeyhive_event_name: top ? "my_pipeline" : "llm",
          "honeyhive_inputs._params_.question": `What is item ${i}?`, "honeyhive_inputs._params_.k": i,
          "honeyhive_outputs.result": `Answer number ${i} with some text to make it realistic.`,
          "honeyhive_metadata.run_id": "r-bench", "honeyhive_metadata.datapoint_id": `dp-${r}-${i}`,
          "honeyhive_metrics.score": (i % 10) / 10, "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o-mini",
          "gen_ai.usage.input_tokens": 120 + i, "gen_ai.usage.output_tokens": 40,
        },
      }, top ? undefined : trace.setSpan(context.active(), root));
      if (top) root = span;
      span.end();
    }
    bodies.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())));
  }
  return bodies;
}

async function post(url, body) {
  const res = await fetch(`${url}/opentelemetry/v1/traces`, { method: "POST", body, headers: { ...AUTH, "content-type": "application/x-protobuf" } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
}

/** Child: posts `count` batches starting at `first` with `senders` concurrent senders, reports when done. */
async function ingestChild() {
  const config = await new Promise((resolve) => process.once("message", resolve));
  const bodies = await buildBodies(config.first, config.count);
  process.send({ ready: true });
  await new Promise((resolve) => process.once("message", resolve));
  let next = 0;
  let stop = false;
  process.once("message", () => (stop = true));
  const start = performance.now();
  // With config.loop, batches are sent again once all were (the second time they update the stored events).
  await Promise.all(Array.from({ length: config.senders }, async () => {
    while (!stop && (config.loop || next < bodies.length)) await post(config.url, bodies[next++ % bodies.length]);
  }));
  process.send({ spans: next * BATCH, elapsedMs: performance.now() - start });
}

function percentile(sorted, p) {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  return sorted[lo] + (sorted[Math.ceil(rank)] - sorted[lo]) * (rank - lo);
}

/** Child: times each read `reads` times (round robin), reports the latencies. */
async function readerChild() {
  const config = await new Promise((resolve) => process.once("message", resolve));
  const get = async (path, init = {}) => {
    const t0 = performance.now();
    const res = await fetch(`${config.url}${path}`, { ...init, headers: { ...AUTH, ...(init.headers ?? {}) } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 200)}`);
    return { ms: performance.now() - t0, body: JSON.parse(text) };
  };
  const limit = config.limit;
  const deepPage = Math.floor(config.spans / limit) - 2;
  const deep = (await get(`/v1/events?limit=${limit}&page=${deepPage}`)).body;
  const cursor = deep.next_cursor;
  const eventId = deep.events[0].event_id;
  const exportBody = JSON.stringify({ filters: [{ field: "event_type", operator: "is", value: "chain", type: "string" }], limit });
  const reads = {
    "GET /v1/events page 1": () => get(`/v1/events?limit=${limit}`),
    [`GET /v1/events page ${deepPage + 1} (cursor)`]: () => get(`/v1/events?limit=${limit}&cursor=${cursor}`),
    [`GET /v1/events page ${deepPage} (offset)`]: () => get(`/v1/events?limit=${limit}&page=${deepPage}`),
    "GET /v1/events/{id}": () => get(`/v1/events/${eventId}`),
    "POST /v1/events/export event_type=chain": () => get("/v1/events/export", { method: "POST", body: exportBody, headers: { "content-type": "application/json" } }),
    "GET /viewer/sessions page 1": () => get("/viewer/sessions?limit=50"),
  };
  const inbox = [];
  let wake;
  process.on("message", (m) => { inbox.push(m); wake?.(); });
  const nextMessage = () => new Promise((resolve) => {
    if (inbox.length) return resolve(inbox.shift());
    wake = () => { wake = undefined; resolve(inbox.shift()); };
  });
  const stopAsked = () => {
    const at = inbox.findIndex((m) => m.stop);
    if (at >= 0) inbox.splice(at, 1);
    return at >= 0;
  };
  process.send({ ready: true });
  for (;;) {
    const message = await nextMessage();
    if (message.exit) break;
    if (message.cpuBlock) {
      for (let i = 0; i < config.cpuReads; i++) await reads[message.cpuBlock]();
      process.send({ block: message.cpuBlock });
      continue;
    }
    if (!message.phase) continue; // a late stop
    const times = Object.fromEntries(Object.keys(reads).map((k) => [k, []]));
    let stopped = false;
    for (let i = 0; i < config.reads && !stopped; i++) {
      for (const [name, read] of Object.entries(reads)) times[name].push((await read()).ms);
      stopped = stopAsked();
    }
    if (!stopped && !message.bounded) while (!(await nextMessage()).stop);
    process.send({ times });
  }
  process.exit(0);
}

/** Child: reads the session trees the parent names, one at a time, and reports each read's wall time and size. */
async function treeReaderChild() {
  process.on("message", async (m) => {
    if (m.exit) process.exit(0);
    const t0 = performance.now();
    const res = await fetch(`${m.url}${m.path.replace("{id}", m.session)}`, { headers: AUTH });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${m.path} answered ${res.status}: ${text.slice(0, 200)}`);
    const body = JSON.parse(text);
    const wire = Number(res.headers.get("content-length") ?? Buffer.byteLength(text)); // gzipped when the server chose to
    process.send({ ms: performance.now() - t0, bytes: Buffer.byteLength(text), wire, events: body.events?.length ?? body.num_events + 1 });
  });
  process.send({ ready: true });
}

/** The session tree routes: the viewer's, and the API's session with its event tree. */
const TREE_PATHS = ["/viewer/sessions/{id}/tree", "/v1/sessions/{id}"];

/** The session tree part (see the header): seeds the sessions through OTLP, then times the reads of each route. */
async function sessionTrees(server, { events, sessions, reads }) {
  const { buildSessionBodies } = await import("./ingest-bodies.mjs");
  const { bodies, ids } = buildSessionBodies({ sessions, events, batch: BATCH });
  for (const body of bodies) await post(server.url, body);
  const only = args["tree-paths"]?.split(","); // e.g. --tree-paths=/v1/sessions/{id}
  for (const path of TREE_PATHS.filter((p) => !only || only.includes(p))) await timeTreeReads(server, path, { ids, sessions, reads });
}

/** Times `reads` reads of `path` (after one warm-up read per session), round robin over the sessions `ids`. */
async function timeTreeReads(server, path, { ids, sessions, reads }) {
  const reader = child("--tree-reader");
  await reader.next();
  const wall = [];
  const cpuMs = [];
  let bytes = 0;
  let wire = 0;
  let count = 0;
  for (let q = 0; q < reads + sessions; q++) {
    const before = process.cpuUsage();
    reader.send({ url: server.url, path, session: ids[q % sessions] });
    const read = await reader.next();
    const used = process.cpuUsage(before);
    if (q < sessions) continue; // the first round warms up
    wall.push(read.ms);
    cpuMs.push((used.user + used.system) / 1000);
    bytes = read.bytes;
    wire = read.wire;
    count = read.events;
  }
  reader.send({ exit: true });
  wall.sort((a, b) => a - b);
  cpuMs.sort((a, b) => a - b);
  console.log(`\nsession tree, GET ${path}: ${count} events, ${(bytes / 1e6).toFixed(2)} MB of JSON per response (${(wire / 1e6).toFixed(2)} MB on the wire), ${wall.length} reads (load average ${loadavg()[0].toFixed(1)})`);
  console.log("| figure | p50 | p95 |\n|---|---:|---:|");
  console.log(`| server CPU ms | ${percentile(cpuMs, 50).toFixed(0)} | ${percentile(cpuMs, 95).toFixed(0)} |`);
  console.log(`| wall ms | ${percentile(wall, 50).toFixed(0)} | ${percentile(wall, 95).toFixed(0)} |`);
}

function report(title, times) {
  console.log(`\n${title}`);
  console.log("| read | reads | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|");
  for (const [name, list] of Object.entries(times)) {
    list.sort((a, b) => a - b);
    console.log(`| ${name} | ${list.length} | ${percentile(list, 50).toFixed(1)} | ${percentile(list, 95).toFixed(1)} | ${percentile(list, 99).toFixed(1)} |`);
  }
}

/** The names of the reads (as the reader child labels them). */
function readNames(spans, limit) {
  const deepPage = Math.floor(spans / limit) - 2;
  return ["GET /v1/events page 1", `GET /v1/events page ${deepPage + 1} (cursor)`, `GET /v1/events page ${deepPage} (offset)`,
    "GET /v1/events/{id}", "POST /v1/events/export event_type=chain", "GET /viewer/sessions page 1"];
}

function child(role) {
  const proc = fork(fileURLToPath(import.meta.url), [role], { execArgv: process.execArgv, stdio: "inherit" });
  const queue = [];
  let wake;
  proc.on("message", (m) => { queue.push(m); wake?.(); });
  const next = () => new Promise((resolve) => {
    if (queue.length) return resolve(queue.shift());
    wake = () => { wake = undefined; resolve(queue.shift()); };
  });
  return { proc, next, send: (m) => proc.send(m) };
}

async function main() {
  const { createDevServer } = await import("../packages/dev-server/src/index.ts");
  const { createLogger } = await import("../packages/honeyhive/src/internal/logger.ts");
  const spans = num("spans", 100_000);
  const reads = num("reads", 100);
  const limit = num("limit", 100);
  const senders = num("senders", 2);
  const cpuReads = num("cpu-reads", 20);
  const preload = Math.ceil(spans / BATCH);
  const dir = mkdtempSync(join(tmpdir(), "hh-bench-read-"));
  const server = await createDevServer({ dataDir: dir, logger: createLogger({ sink: () => {} }) });
  try {
    console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    const treeEvents = num("tree-events", 10_240);
    if (treeEvents > 0) await sessionTrees(server, { events: treeEvents, sessions: num("tree-sessions", 5), reads: num("tree-reads", 15) });
    if (spans <= 0) return;
    const loader = child("--ingest");
    loader.send({ url: server.url, first: 0, count: preload, senders: 4, loop: false });
    await loader.next();
    loader.send({ go: true });
    const loaded = await loader.next();
    loader.proc.kill();
    console.log(`stored ${loaded.spans} spans in ${(loaded.elapsedMs / 1000).toFixed(1)} s`);

    const ingest = child("--ingest");
    ingest.send({ url: server.url, first: preload, count: preload, senders, loop: false });
    const reader = child("--reader");
    reader.send({ url: server.url, spans: loaded.spans, reads, limit, cpuReads });
    await Promise.all([ingest.next(), reader.next()]);
    // Phase 0: server CPU per read, one kind at a time (wall times on a shared machine mostly measure its load).
    const cpu = {};
    for (const name of readNames(loaded.spans, limit)) {
      const before = process.cpuUsage();
      reader.send({ cpuBlock: name });
      await reader.next();
      const used = process.cpuUsage(before);
      cpu[name] = (used.user + used.system) / 1000 / cpuReads;
    }
    // Phase 1: reads alone (a fixed number, or fewer if the machine is slow: stopped after 60 s).
    reader.send({ phase: "alone", bounded: true });
    const timer = setTimeout(() => reader.send({ stop: true }), 60_000);
    const alone = await reader.next();
    clearTimeout(timer);
    // Phase 2: the same reads while new spans are ingested, until the ingest is done.
    const load = loadavg()[0].toFixed(1);
    reader.send({ phase: "ingest" });
    ingest.send({ go: true });
    const ingested = await ingest.next();
    reader.send({ stop: true });
    const during = await reader.next();
    reader.send({ exit: true });
    ingest.proc.kill();
    console.log(`\nserver CPU per read (${cpuReads} reads of each kind, one at a time, no ingest):`);
    console.log("| read | server CPU ms |\n|---|---:|");
    for (const [name, ms] of Object.entries(cpu)) console.log(`| ${name} | ${ms.toFixed(1)} |`);
    report(`reads alone (${limit} events per page, load average ${load}):`, alone.times);
    report(`reads while ${ingested.spans} new spans are ingested (${Math.round(ingested.spans / (ingested.elapsedMs / 1000))} spans/s, ` +
      `${senders} senders, load average ${loadavg()[0].toFixed(1)}):`, during.times);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--tree-reader")) await treeReaderChild();
else if (process.argv.includes("--ingest")) await ingestChild();
else if (process.argv.includes("--reader")) await readerChild();
else await main();
