// Bytes on the wire per span: this SDK and raw OpenTelemetry JS (OTLP/protobuf exporter), each with gzip and without,
// exporting the same traced workload (bench/workload.mjs: the nested shape, 4 spans per call, batches of 512) to a
// loopback sink that counts the bytes of the OTLP requests as sent. Each variant runs in its own process.
// Usage: npm run build && node bench/wire-bytes.mjs [--calls 1024]
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startSink } from "./sink.mjs";

if (process.argv[2] === "--child") {
  const { makeNested, work, workAsync, A, B } = await import("./workload.mjs");
  const variant = await import(`./variants/${process.argv[3]}.mjs`);
  const api = await variant.setup({ sinkUrl: process.argv[4], work, workAsync, makeNested });
  const calls = Number(process.argv[5]);
  for (let i = 0; i < calls; i++) await api.nested(A, B);
  await api.flush();
  await api.shutdown();
  process.exit(0);
}

const args = process.argv.slice(2);
const calls = Number(args[args.indexOf("--calls") + 1] || 1024) || 1024;
const variants = [
  ["honeyhive", "honeyhive", { HH_COMPRESSION: "gzip" }, "gzip (default)"],
  ["honeyhive", "honeyhive", { HH_COMPRESSION: "none" }, "none"],
  ["raw OpenTelemetry JS", "otel", { OTEL_EXPORTER_OTLP_COMPRESSION: "gzip" }, "gzip"],
  ["raw OpenTelemetry JS", "otel", { OTEL_EXPORTER_OTLP_COMPRESSION: "none" }, "none (default)"],
];
const spans = calls * 4;
console.log(`OTLP/protobuf bytes per span as sent, ${spans} spans (${calls} nested calls of 4 spans), batches of 512; node ${process.version}`);
console.log("| exporter | compression | bytes per span | requests |\n|---|---|---:|---:|");
for (const [label, variant, env, compression] of variants) {
  const sink = await startSink();
  await new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--child", variant, sink.url, String(calls)], {
      env: { ...process.env, HH_API_KEY: "", HH_VERBOSE: "", ...env }, stdio: "inherit",
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${label} exited with ${code}`))));
  });
  await sink.close();
  const { otlpBytes, otlpRequests, otlpGzipped } = sink.stats;
  if (compression.startsWith("gzip") !== (otlpGzipped === otlpRequests)) throw new Error(`${label}: ${otlpGzipped} of ${otlpRequests} requests gzipped`);
  console.log(`| ${label} | ${compression} | ${(otlpBytes / spans).toFixed(1)} | ${otlpRequests} |`);
}
