// The full report's groups (`npm run bench:ab -- --full`): the figures of the performance goals that the gated groups
// (groups.mjs) do not give, measured for base and head in the same run. Report only: none of them fails the run.
// Same shape as groups.mjs (one round returns per side { figureKey: value }), plus optional `rounds` (fewer rounds
// than the gate's) and `close()` (the group's long-lived processes). `better: "higher"` marks figures where higher is
// better; `reference: true` a figure that does not depend on the build (raw OpenTelemetry), measured beside both.
import { fork } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIngestBodies, buildSessionBodies } from "../ingest-bodies.mjs";
import { startSink } from "../sink.mjs";
import { startupScripts, timeStartup, writeStartupScript } from "../startup-scripts.mjs";
import { evaluateRound, post, startDevServer } from "./groups.mjs";
import { median } from "./stats.mjs";

const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const us = (x) => `${x.toFixed(1)} µs`;
const ms = (x) => `${x.toFixed(0)} ms`;
const AUTH = { authorization: "Bearer bench" };

/**
 * evaluate() client CPU per datapoint against one dev server (the head's, started once, its CPU not counted): one
 * driven child per side, their uploading runs alternating (2 per side per round), as in the gated evaluate() group.
 */
export function evaluateDevServerGroup({ n, devServerDist, reps = 2 }) {
  let server;
  return {
    name: "evaluate() against a dev server",
    figures: [{ key: "uploadedUs", name: `evaluate() overhead per datapoint, dev server (${n} datapoints)`, fmt: us }],
    async round(sides) {
      server ??= await startDevServer(devServerDist);
      return evaluateRound(sides, { sinkUrl: server.url, n, kinds: { uploadedUs: "uploaded" }, reps });
    },
    close: () => server?.close(),
  };
}

/** Dev server ingest throughput: `spans` spans in `batch`-span requests from `senders` senders, spans/s and CPU/span. */
export function ingestRateGroup({ spans, batch, senders, rounds }) {
  const requests = Math.ceil(spans / batch);
  const warm = 4;
  let bodies;
  return {
    name: "dev server ingest throughput",
    rounds,
    figures: [
      { key: "spansPerS", name: `dev server ingest, ${requests * batch} spans, ${batch} per batch, ${senders} senders: spans/s`, fmt: (x) => `${Math.round(x).toLocaleString("en-US")}/s`, better: "higher" },
      { key: "cpuUsPerSpan", name: "same: server CPU per span", fmt: us },
    ],
    async round(sides) {
      bodies ??= buildIngestBodies({ requests: requests + warm, batch });
      const out = [];
      for (const side of sides) {
        const server = await startDevServer(join(side.root, "packages/dev-server/dist"), side.slowdown);
        try {
          await post(server.url, bodies.slice(0, warm), senders);
          const { cpuUs, value: wallMs } = await server.cpuUs(async () => {
            const started = performance.now();
            await post(server.url, bodies.slice(warm), senders);
            return performance.now() - started;
          });
          out.push({ spansPerS: (requests * batch) / (wallMs / 1000), cpuUsPerSpan: cpuUs / (requests * batch) });
        } finally {
          await server.close();
        }
      }
      return out;
    },
  };
}

async function readText(url, init) {
  return (await readWithSize(url, init)).text;
}

/** The body of `url` and its size on the wire (its `content-length`: compressed when the server gzipped it). */
async function readWithSize(url, init) {
  const res = await fetch(url, { ...init, headers: { ...AUTH, ...(init?.headers ?? {}) } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 200)}`);
  return { text, wire: Number(res.headers.get("content-length") ?? Buffer.byteLength(text)) };
}

/** Every event of `session` through `POST /v1/events/export` (pages of 7,500 followed by cursor); returns the count. */
async function exportSession(url, session) {
  let count = 0;
  let cursor;
  do {
    const body = { filters: [{ field: "session_id", operator: "is", value: session, type: "string" }], limit: 7500, ...(cursor ? { cursor } : {}) };
    const page = JSON.parse(await readText(`${url}/v1/events/export`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }));
    count += page.events.length;
    cursor = page.next_cursor;
  } while (cursor);
  return count;
}

/**
 * A session of `events` events: the viewer's tree, an export of all its events and the API's tree
 * (`GET /v1/sessions/{id}`), server CPU per read (median of `reads`), and the trees' response sizes. Each side's server reads `sessions` sessions in one cycle that continues
 * across rounds (warm-up included): with more sessions than the tree cache holds (4), no read is a cached answer.
 */
export function sessionGroup({ events, sessions, reads, rounds }) {
  const servers = new Map();
  const readCount = new Map();
  let seed;
  const nextSession = (label) => {
    const i = readCount.get(label) ?? 0;
    readCount.set(label, i + 1);
    return seed.ids[i % sessions];
  };
  const serverOf = async (side) => {
    if (!servers.has(side.label)) {
      const server = await startDevServer(join(side.root, "packages/dev-server/dist"), side.slowdown);
      servers.set(side.label, server);
      seed ??= buildSessionBodies({ sessions, events, batch: 512 });
      await post(server.url, seed.bodies, 2);
      for (let i = 0; i < sessions; i++) await readText(`${server.url}/viewer/sessions/${nextSession(side.label)}/tree`); // warm-up
    }
    return servers.get(side.label);
  };
  return {
    name: "session reads",
    rounds,
    figures: [
      { key: "treeMs", name: `session tree of a ${events}-event session: server CPU`, fmt: ms },
      { key: "exportMs", name: `export of the same session (\`POST /v1/events/export\`): server CPU`, fmt: ms },
      { key: "treeMB", name: "session tree response size", fmt: (x) => `${x.toFixed(2)} MB` },
      { key: "apiMs", name: "`GET /v1/sessions/{id}` of the same session: server CPU", fmt: ms },
      { key: "apiMB", name: "its size on the wire", fmt: (x) => `${x.toFixed(2)} MB` },
    ],
    async round(sides) {
      const out = [];
      for (const side of sides) {
        const server = await serverOf(side);
        const tree = [];
        const exp = [];
        const api = [];
        let bytes = 0;
        let apiBytes = 0;
        for (let q = 0; q < reads; q++) {
          const id = nextSession(side.label);
          const t = await server.cpuUs(() => readText(`${server.url}/viewer/sessions/${id}/tree`));
          tree.push(t.cpuUs / 1000);
          bytes = Buffer.byteLength(t.value);
          exp.push((await server.cpuUs(() => exportSession(server.url, id))).cpuUs / 1000);
          const a = await server.cpuUs(() => readWithSize(`${server.url}/v1/sessions/${id}`));
          api.push(a.cpuUs / 1000);
          apiBytes = a.value.wire;
        }
        out.push({ treeMs: median(tree), exportMs: median(exp), treeMB: bytes / 1e6, apiMs: median(api), apiMB: apiBytes / 1e6 });
      }
      return out;
    },
    close: () => Promise.all([...servers.values()].map((s) => s.close())),
  };
}

/** Raw OpenTelemetry's fresh process → first span delivered, wall over bare Node (the reference beside ours). */
export function startupOtelGroup({ spawns, sinkUrl, nodeModules, rounds }) {
  const work = mkdtempSync(join(tmpdir(), "hh-bench-ab-startup-otel-"));
  const scripts = startupScripts({ sinkUrl, honeyhiveDist: "", nodeModules });
  const files = ["bare node", "raw OTel SDK"].map((name, i) => writeStartupScript(join(work, `${i}.mjs`), scripts[name]));
  return {
    name: "cold start, raw OpenTelemetry",
    rounds,
    figures: [{ key: "wallMs", name: "raw OpenTelemetry beside it: wall over bare Node", fmt: ms, reference: true }],
    async round(sides) {
      const bare = [];
      const otel = [];
      for (let i = 0; i < spawns; i++) {
        bare.push((await timeStartup(files[0])).delivered.wallMs);
        otel.push((await timeStartup(files[1])).delivered.wallMs);
      }
      const wallMs = median(otel) - median(bare);
      return sides.map(() => ({ wallMs }));
    },
  };
}

/** OTLP bytes per span as sent by one variant (bench/wire-bytes.mjs's child) with `env`, counted by a loopback sink. */
async function bytesPerSpan(variant, env, calls) {
  const sink = await startSink();
  try {
    await new Promise((resolve, reject) => {
      const proc = fork(join(benchDir, "wire-bytes.mjs"), ["--child", variant, sink.url, String(calls)], {
        env: { ...process.env, HH_API_KEY: "", HH_VERBOSE: "", ...env }, stdio: ["ignore", "ignore", "pipe", "ipc"],
      });
      let stderr = "";
      proc.stderr.on("data", (d) => (stderr += d));
      proc.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wire-bytes ${variant} exited with ${code}: ${stderr.slice(-2000)}`))));
    });
  } finally {
    await sink.close();
  }
  return sink.stats.otlpBytes / (calls * 4);
}

/** Wire bytes per span (the nested workload, 512-span batches), gzip and plain, per side, raw OpenTelemetry beside. */
export function wireGroup({ calls }) {
  const bytes = (x) => `${x.toFixed(1)} B`;
  return {
    name: "wire bytes",
    rounds: 1,
    figures: [
      { key: "gzip", name: "wire bytes per span, gzip (the default)", fmt: bytes },
      { key: "otelGzip", name: "raw OpenTelemetry JS, gzip", fmt: bytes, reference: true },
      { key: "none", name: "wire bytes per span, `compression: \"none\"`", fmt: bytes },
      { key: "otelNone", name: "raw OpenTelemetry JS, uncompressed (its default)", fmt: bytes, reference: true },
    ],
    async round(sides) {
      const otelGzip = await bytesPerSpan("otel", { OTEL_EXPORTER_OTLP_COMPRESSION: "gzip" }, calls);
      const otelNone = await bytesPerSpan("otel", { OTEL_EXPORTER_OTLP_COMPRESSION: "none" }, calls);
      const out = [];
      for (const side of sides) {
        const dist = { BENCH_HONEYHIVE_DIST: join(side.root, "packages/honeyhive/dist") };
        out.push({
          gzip: await bytesPerSpan("honeyhive", { ...dist, HH_COMPRESSION: "gzip" }, calls),
          none: await bytesPerSpan("honeyhive", { ...dist, HH_COMPRESSION: "none" }, calls),
          otelGzip, otelNone,
        });
      }
      return out;
    },
  };
}
