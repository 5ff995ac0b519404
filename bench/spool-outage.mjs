// Spool benchmark (issue 13, req 5 at full scale): a collector is down for --outageMs while a tracer with a
// disk spool produces --spans spans at an even rate; then the collector comes back on the same port. Reports
// spans delivered, duplicates, drops, the spool's peak size and how long the spool took to drain.
//
// Run:  node --import tsx bench/spool-outage.mjs [--spans=100000] [--outageMs=30000] [--protocol=http/protobuf]
//
// The collector (a node:http server that decodes bodies with the SDK's own decoder) runs in this process.
import { createServer } from "node:http";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HoneyHiveTracer } from "../packages/honeyhive/src/index.ts";
import { decodeTraceRequest } from "../packages/honeyhive/src/otlp/index.ts";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
const SPANS = Number(args.spans ?? 100_000);
const OUTAGE_MS = Number(args.outageMs ?? 30_000);
const protocol = args.protocol ?? "http/protobuf";

const seen = new Map();
let port = 0;
let server;
async function up() {
  server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      if (req.url?.includes("/opentelemetry/v1/traces")) {
        for (const span of decodeTraceRequest(new Uint8Array(Buffer.concat(chunks)), String(req.headers["content-type"]))) seen.set(span.name, (seen.get(span.name) ?? 0) + 1);
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  port = server.address().port;
}
async function down() {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}

await up();
await down();
const dir = mkdtempSync(join(tmpdir(), "hh-spool-bench-"));
const tracer = new HoneyHiveTracer({
  apiKey: "hh_bench_key", serverUrl: `http://127.0.0.1:${port}`, skipSessionStart: true, otlpProtocol: protocol,
  spool: { dir }, logSink: () => undefined, timeoutMs: 2000,
});
const spoolBytes = () => readdirSync(dir).reduce((n, f) => n + (statSync(join(dir, f), { throwIfNoEntry: false })?.size ?? 0), 0);

const started = Date.now();
let peakBytes = 0;
const perTick = Math.max(1, Math.ceil(SPANS / (OUTAGE_MS / 20)));
for (let i = 0; i < SPANS; ) {
  for (const end = Math.min(SPANS, i + perTick); i < end; i++) {
    tracer.startSpan(`span-${i}`, (span) => span.setAttribute("honeyhive_inputs.question", `What is item ${i}?`));
  }
  const due = started + (i / SPANS) * OUTAGE_MS;
  await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
  if (i % (perTick * 50) < perTick) peakBytes = Math.max(peakBytes, spoolBytes());
}
await tracer.flush(30_000);
peakBytes = Math.max(peakBytes, spoolBytes());
const outageEnded = Date.now();
await up();
const recoveredAt = Date.now();
// recovery is noticed by the spool drainer's retry timer (backoff capped at 5 s), then the spool is sent
while (tracer.diagnostics().spoolDelivered < tracer.diagnostics().spansSpooled && Date.now() - recoveredAt < 120_000) await new Promise((r) => setTimeout(r, 20));
const drainMs = Date.now() - recoveredAt;
const d = tracer.diagnostics();
const duplicates = [...seen.values()].filter((n) => n > 1).length;
console.log(JSON.stringify({
  spans: SPANS, outageMs: outageEnded - started, protocol, received: seen.size, duplicates, missing: SPANS - seen.size,
  dropped: d.dropped, spansSpooled: d.spansSpooled, spoolDelivered: d.spoolDelivered, spoolPeakBytes: peakBytes, drainMs,
}, null, 2));
await tracer.shutdown(2000);
await down();
rmSync(dir, { recursive: true, force: true });
