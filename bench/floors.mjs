// Floors: what the building blocks beneath three performance goals cost on this machine by themselves, measured the
// way the goals' figures are, so a goal set below the cost of what it must do shows as such.
//
//  1. evaluate() uploading, per datapoint: the HoneyHive API takes two requests per datapoint (POST /v1/sessions,
//     PUT /v1/events/{id}). Floor = 2 x the client CPU of one node:http keep-alive POST of the same size, 64 in
//     flight, against a sink in another process (as the A/B gate's evaluate figure, whose sink is a separate process).
//     A second line measures the same two requests inside a run: evaluate() through plain node:http (the SDK's fetch
//     seam) minus evaluate() through a transport that answers at once. They cost several times more there than alone.
//     Two more lines write the same requests pipelined (HTTP/1.1, unchanged on the wire) on one keep-alive socket:
//     alone, and inside the same run (through the fetch seam).
//  2. Start-up over bare Node: a fresh process that imports the OpenTelemetry packages the SDK is built on (api, core,
//     resources, sdk-trace-base, context-async-hooks) and nothing else. Wall time over bare Node, medians, interleaved.
//  3. Dev server ingest, per span: SQLite alone: the dev server's schema and its event insert statement, rows as the
//     dev server stores them (taken from a real ingest of the benchmark's bodies), 512 per transaction, file-backed
//     WAL. A second line adds the store's own row building (SqliteEvents.write from event records).
//
// Run: npm run bench:floors [-- --runs=15 --driver=auto --readme]   (writes bench/out/floors.md; --readme: also the
// FLOORS block of docs/guide/performance.md)
import { execFile, fork } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { median } from "./ab/stats.mjs";
import { evaluateWorkload } from "./evaluate-workload.mjs";
import { SESSION_START_ANSWER, startSink } from "./sink.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
const runs = Number(args.runs ?? 15);
const cpuNow = () => { const u = process.cpuUsage(); return u.user + u.system; };

/** The child the HTTP floors post to: the benchmarks' loopback sink, in a process of its own. */
async function sinkChild() {
  const sink = await startSink();
  process.send(sink.url);
}

/** Starts {@link sinkChild} (this file with `--sink`); resolves with its URL and a way to stop it. */
async function sinkInChild() {
  const child = fork(fileURLToPath(import.meta.url), ["--sink"], { execArgv: [] });
  const url = await new Promise((r) => child.once("message", r));
  return { url, stop: () => child.kill() };
}

/** Client CPU µs of one keep-alive POST of `bytes` bytes (median of 5 rounds of `n` requests, 64 in flight). */
async function httpRequestFloor(bytes, n = 4000) {
  const sink = await sinkInChild();
  try {
    const url = new URL(sink.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const body = JSON.stringify({ pad: "x".repeat(Math.max(0, bytes - 10)) });
    const headers = { "content-type": "application/json", authorization: "Bearer floor", "content-length": Buffer.byteLength(body) };
    const post = () => new Promise((done, fail) => {
      const req = http.request({ host: url.hostname, port: url.port, path: "/v1/sessions", method: "POST", agent, headers }, (res) => {
        res.on("data", () => {});
        res.on("end", done);
      });
      req.on("error", fail);
      req.end(body);
    });
    const round = async () => {
      let next = 0;
      const start = cpuNow();
      await Promise.all(Array.from({ length: 64 }, async () => { while (next++ < n) await post(); }));
      return (cpuNow() - start) / n;
    };
    await round(); // warm-up: JIT, sockets
    const samples = [];
    for (let i = 0; i < 5; i++) samples.push(await round());
    agent.destroy();
    return median(samples);
  } finally {
    sink.stop();
  }
}

/**
 * Client CPU µs of the same POST when requests are pipelined (HTTP/1.1, the bytes on the wire unchanged): written
 * `perWrite` at a time on one keep-alive socket, up to `inFlight` writes unanswered, the answers read by their
 * content-length (the sink always sends one). What a pipelining client for the session writes could reach; median
 * of 5 rounds of `n` requests.
 */
async function pipelinedRequestFloor(bytes, { n = 4000, perWrite = 8, inFlight = 8 } = {}) {
  const sink = await sinkInChild();
  try {
    const url = new URL(sink.url);
    const body = JSON.stringify({ pad: "x".repeat(Math.max(0, bytes - 10)) });
    const head = `POST /v1/sessions HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\nauthorization: Bearer floor\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const socket = net.connect(Number(url.port), url.hostname);
    await new Promise((ok, fail) => socket.once("connect", ok).once("error", fail));
    socket.setNoDelay(true);
    socket.setEncoding("latin1");
    let answered = 0;
    let pending = "";
    let wake = () => {};
    socket.on("data", (text) => {
      pending += text;
      for (let end = pending.indexOf("\r\n\r\n"); end >= 0; end = pending.indexOf("\r\n\r\n")) {
        const length = Number(/content-length: *(\d+)/i.exec(pending.slice(0, end))?.[1] ?? 0);
        if (pending.length < end + 4 + length) break;
        pending = pending.slice(end + 4 + length);
        answered++;
      }
      wake();
    });
    const until = (count) => new Promise((ok) => {
      wake = () => answered >= count && ok();
      wake();
    });
    const round = async () => {
      const start = cpuNow();
      const first = answered;
      for (let sent = 0; sent < n; sent += perWrite) {
        const count = Math.min(perWrite, n - sent);
        socket.write((head + body).repeat(count));
        await until(first + sent + count - perWrite * inFlight);
      }
      await until(first + n);
      return (cpuNow() - start) / n;
    };
    await round(); // warm-up
    const samples = [];
    for (let i = 0; i < 5; i++) samples.push(await round());
    socket.destroy();
    return median(samples);
  } finally {
    sink.stop();
  }
}

/** A fetch-like transport on plain node:http (keep-alive, 8 sockets, as the SDK's own): no retries, no deadline. */
function plainNodeHttpFetch(agent) {
  return (url, init) => new Promise((done, fail) => {
    const req = http.request(url, { method: init.method, headers: init.headers, agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        done({ ok: res.statusCode < 300, status: res.statusCode, headers: { get: (name) => res.headers[name.toLowerCase()] ?? null }, text: async () => text });
      });
    });
    req.on("error", fail);
    req.end(init.body);
  });
}

/**
 * A fetch-like transport that pipelines (HTTP/1.1, the same bytes on the wire): one keep-alive socket to the sink, the
 * requests made in the same turn of the event loop written together in one write, the answers matched to them in
 * order and read by their content-length (the sink always sends one). A measuring device for the floor, not a client:
 * no retries, no deadline, no redirects, no chunked answers.
 */
function pipelinedFetch(origin) {
  const target = new URL(origin);
  const socket = net.connect(Number(target.port), target.hostname);
  socket.setNoDelay(true);
  const waiting = [];
  let outgoing = [];
  let pending = Buffer.alloc(0);
  socket.on("data", (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (let end = pending.indexOf("\r\n\r\n"); end >= 0; end = pending.indexOf("\r\n\r\n")) {
      const head = pending.toString("latin1", 0, end);
      const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (pending.length < end + 4 + length) break;
      const text = pending.toString("utf8", end + 4, end + 4 + length);
      pending = pending.subarray(end + 4 + length);
      const status = Number(head.slice(9, 12));
      waiting.shift()?.done({ ok: status < 300, status, headers: { get: () => null }, text: async () => text });
    }
  });
  socket.on("error", (error) => {
    for (const request of waiting.splice(0)) request.fail(error);
  });
  const flush = () => {
    const chunks = outgoing;
    outgoing = [];
    socket.write(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  };
  const fetch = (url, init) => new Promise((done, fail) => {
    const { pathname, search } = new URL(url);
    const body = init.body === undefined ? Buffer.alloc(0) : typeof init.body === "string" ? Buffer.from(init.body) : Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength);
    let head = `${init.method ?? "GET"} ${pathname}${search} HTTP/1.1\r\nhost: ${target.host}\r\n`;
    for (const [name, value] of Object.entries(init.headers ?? {})) if (name.toLowerCase() !== "content-length") head += `${name}: ${value}\r\n`;
    head += `content-length: ${body.length}\r\n\r\n`;
    if (outgoing.length === 0) setImmediate(flush);
    outgoing.push(Buffer.from(head, "latin1"), body);
    waiting.push({ done, fail });
  });
  fetch.close = () => socket.destroy();
  return fetch;
}

/** A transport that answers every request at once with the sink's answer to a session start (no socket). */
function instantFetch() {
  return async () => ({ ok: true, status: 200, headers: { get: () => null }, text: async () => SESSION_START_ANSWER });
}

/**
 * Client CPU µs per datapoint of the HTTP exchanges inside an evaluate() run (the A/B gate's work: 5 ms task, two
 * evaluators, 64 at a time): the run through plain node:http (the SDK's fetch seam) minus the same run through a
 * transport that answers at once. Median of 5 interleaved pairs. `transport`: "node:http", or "pipelined"
 * ({@link pipelinedFetch}).
 */
async function inRunHttpCost(n = 2000, transport = "node:http") {
  const sink = await sinkInChild();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let plain;
  try {
    const url = sink.url;
    const { evaluate } = await import("../packages/honeyhive/src/index.ts");
    const { dataset, task, exact, magnitude } = evaluateWorkload({ n, taskMs: 5 });
    const run = async (fetch, data = dataset) => {
      const start = cpuNow();
      await evaluate({ name: "floor", apiKey: "floor-key", serverUrl: url, fetch, dataset: data, function: task, evaluators: [exact, magnitude], maxConcurrency: 64 });
      return (cpuNow() - start) / data.length;
    };
    plain = transport === "pipelined" ? pipelinedFetch(url) : plainNodeHttpFetch(agent);
    const instant = instantFetch();
    await run(plain, dataset.slice(0, 500)); // warm-up: JIT, sockets
    await run(instant, dataset.slice(0, 500));
    const samples = [];
    for (let i = 0; i < 5; i++) samples.push(await run(plain) - await run(instant));
    return median(samples);
  } finally {
    plain?.close?.();
    agent.destroy();
    sink.stop();
  }
}

/** Median wall ms over bare Node of a fresh process importing the OpenTelemetry packages the SDK loads. */
async function otelImportFloor() {
  // what the built SDK loads from node_modules: the SDK pieces are bundled into it (docs/decisions/0031-bundled-otel-sdk.md)
  const packages = ["@opentelemetry/api", "@opentelemetry/context-async-hooks"];
  const scripts = { bare: "process.exitCode = 0;", otel: packages.map((name) => `await import(${JSON.stringify(name)});`).join("\n") };
  const variants = Object.entries(scripts).map(([name, body]) => {
    const file = join(root, `.floor-${name}.mjs`); // at the repository's root, so the packages resolve as the SDK's do
    writeFileSync(file, body);
    return { file, samples: [] };
  });
  try {
    for (let i = 0; i < runs; i++) {
      for (const v of i % 2 ? [...variants].reverse() : variants) {
        const started = performance.now();
        await promisify(execFile)(process.execPath, [v.file]);
        v.samples.push(performance.now() - started);
      }
    }
  } finally {
    for (const v of variants) rmSync(v.file, { force: true });
  }
  return median(variants[1].samples) - median(variants[0].samples);
}

/** Rows as the dev server stores them: one real ingest of the benchmark's bodies, read back. */
async function storedRows(batch, requests) {
  const { createDevServer } = await import("../packages/dev-server/src/index.ts");
  const { createLogger } = await import("../packages/honeyhive/src/internal/logger.ts");
  const { buildIngestBodies } = await import("./ingest-bodies.mjs");
  const { EVENT_COLUMNS } = await import("../packages/dev-server/src/store/sqlite-event-rows.ts");
  const dir = mkdtempSync(join(tmpdir(), "hh-floor-rows-"));
  const server = await createDevServer({ dataDir: dir, logger: createLogger({ sink: () => {} }), sqliteDriver: args.driver });
  try {
    for (const body of buildIngestBodies({ requests, batch })) {
      const res = await fetch(`${server.url}/opentelemetry/v1/traces`, {
        method: "POST", body, headers: { authorization: "Bearer floor", "content-type": "application/x-protobuf" },
      });
      if (res.status !== 200) throw new Error(`ingest failed: ${res.status}`);
      await res.arrayBuffer();
    }
  } finally {
    await server.close();
  }
  const { loadSqliteDriver } = await import("../packages/dev-server/src/store/load-sqlite-driver.ts");
  const driver = await loadSqliteDriver(args.driver ?? "auto");
  const db = driver.open(join(dir, "honeyhive.db"), { timeout: 5000 });
  const rows = db.prepare(`SELECT ${EVENT_COLUMNS.join(", ")} FROM events WHERE event_type != 'session' ORDER BY seq`).raw(true).all();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { rows, driver };
}

/** CPU µs per span of inserting `rows` into a fresh file-backed database, `batch` per transaction. */
async function sqliteInsertFloor({ rows, driver }, batch) {
  const { prepareDatabase } = await import("../packages/dev-server/src/store/sqlite-schema.ts");
  const { INSERT_EVENT_SQL } = await import("../packages/dev-server/src/store/sqlite-events.ts");
  const samples = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), "hh-floor-db-"));
    const db = driver.open(join(dir, "honeyhive.db"), { timeout: 5000 });
    prepareDatabase(db, false, dir);
    const insert = db.prepare(INSERT_EVENT_SQL);
    const write = db.transaction((part) => { for (const row of part) insert.run(row); });
    const start = cpuNow();
    for (let at = 0; at < rows.length; at += batch) write(rows.slice(at, at + batch));
    samples.push((cpuNow() - start) / rows.length);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return median(samples);
}

/** CPU µs per span of the store's own write path (row building + the same inserts) from event records. */
async function storeWriteFloor({ rows }, batch) {
  const { openSqliteStore } = await import("../packages/dev-server/src/store/sqlite-store.ts");
  const { EVENT_COLUMNS, eventFromRow } = await import("../packages/dev-server/src/store/sqlite-event-rows.ts");
  const { mergeEvents } = await import("../packages/dev-server/src/model/event-model.ts");
  const records = rows.map((r) => eventFromRow(Object.fromEntries(EVENT_COLUMNS.map((c, i) => [c, r[i]]))));
  const samples = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), "hh-floor-store-"));
    const store = await openSqliteStore({ dataDir: dir, driver: args.driver });
    const project = await store.projectForKey("floor", "floor");
    const start = cpuNow();
    for (let at = 0; at < records.length; at += batch) {
      const events = records.slice(at, at + batch).map((event) => ({ event: { ...event } }));
      await store.writeEvents(project.id, { sessions: [], events, merge: mergeEvents });
    }
    samples.push((cpuNow() - start) / records.length);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return median(samples);
}

async function main() {
  const batch = 512;
  const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}; load average ${loadavg()[0].toFixed(1)} at the start`;
  const request = await httpRequestFloor(730);
  const pipelined = await pipelinedRequestFloor(730);
  const inRun = await inRunHttpCost();
  const inRunPipelined = await inRunHttpCost(2000, "pipelined");
  const startup = await otelImportFloor();
  const stored = await storedRows(batch, 40);
  const insert = await sqliteInsertFloor(stored, batch);
  const write = await storeWriteFloor(stored, batch);
  const command = `npm run bench:floors -- --runs=${runs}${"readme" in args ? " --readme" : ""}`;
  const lines = [
    `Generated by \`${command}\`. Machine: ${machine}. Date: ${new Date().toISOString().slice(0, 10)}.`, "",
    "| goal | what it cannot go below | floor on this machine |", "|---|---|---:|",
    `| \`evaluate()\` uploading ≤ 300 µs per datapoint | the two requests the API takes per datapoint (POST /v1/sessions, PUT /v1/events/{id}): node:http keep-alive POSTs of 730 B, client CPU (${request.toFixed(0)} µs each) | ${(2 * request).toFixed(0)} µs |`,
    `| (same) | the same two requests pipelined (HTTP/1.1, the same bytes on the wire): written 8 at a time on one keep-alive socket, 8 writes unanswered at most, client CPU (${pipelined.toFixed(1)} µs each) | ${(2 * pipelined).toFixed(0)} µs |`,
    `| (same) | the same two requests inside an \`evaluate()\` run (the A/B gate's work), made by plain node:http through the SDK's \`fetch\` seam: the run's client CPU minus the same run's through a transport that answers at once | ${inRun.toFixed(0)} µs |`,
    `| (same) | the same run with the requests pipelined through the \`fetch\` seam (one keep-alive socket, the requests of one turn of the event loop written together, the same bytes on the wire), minus the same run's through a transport that answers at once | ${inRunPipelined.toFixed(0)} µs |`,
    `| start-up ≤ +40 ms over bare Node | a fresh process importing only the OpenTelemetry packages the built SDK loads from node_modules (api, context-async-hooks), wall over bare Node, median of ${runs} | +${startup.toFixed(0)} ms |`,
    `| dev server ingest ≥ 60,000 spans/s (≤ 16.7 µs CPU per span on one event loop) | SQLite alone: the dev server's schema and insert statement, stored rows, ${batch} per transaction, file-backed WAL (${stored.driver.name}) | ${insert.toFixed(1)} µs per span |`,
    `| (same) | the store's write path from event records: row building and the same inserts | ${write.toFixed(1)} µs per span |`,
  ];
  console.log(lines.join("\n"));
  mkdirSync(join(here, "out"), { recursive: true });
  writeFileSync(join(here, "out", "floors.md"), `${lines.join("\n")}\n`);
  if ("readme" in args) {
    const { replaceBenchBlock } = await import("./ab/full-report.mjs");
    const file = join(root, "docs/guide/performance.md");
    const block = ["<!-- FLOORS:START -->", ...lines, "<!-- FLOORS:END -->"].join("\n");
    writeFileSync(file, replaceBenchBlock(readFileSync(file, "utf8"), block, "FLOORS"));
  }
}

if (process.argv.includes("--sink")) await sinkChild();
else await main();
