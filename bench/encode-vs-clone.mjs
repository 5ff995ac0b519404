// Would OTLP encoding in a worker thread take work off the app's main thread? A worker can only be handed the spans'
// data by postMessage, which serializes it on the sending thread. This measures, on the main thread alone (its
// schedstat run time, Linux), the CPU per span of: encoding a batch of 512 spans (src/otlp, what the SDK does now),
// handing the same spans' fields to a worker by postMessage (what encoding in a worker would cost the main thread,
// before the worker's own decoding and encoding), and encoding then transferring the encoded bytes (what a worker doing
// gzip and the HTTP send alone would cost). Variants alternate within each round; medians over rounds.
// Usage: node --import tsx bench/encode-vs-clone.mjs [--rounds=5]
import { Worker } from "node:worker_threads";
import { makeSpans, RESOURCE_ATTRIBUTES } from "./otlp-fixtures.mjs";
import { mainThreadCpuUs } from "./workload.mjs";

const { encodeTraceRequestProtobuf } = await import("../packages/honeyhive/src/otlp/index.ts");
const rounds = Number(process.argv.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 5);
const BATCH = 512;
const PASSES = 200;
const spans = makeSpans(BATCH);

/** The fields an encoder reads from a ReadableSpan, as plain data a worker could be sent. */
const fieldsOf = (span) => {
  const ctx = span.spanContext();
  return {
    traceId: ctx.traceId, spanId: ctx.spanId, parentSpanId: span.parentSpanContext?.spanId, name: span.name, kind: span.kind,
    startTime: span.startTime, endTime: span.endTime, attributes: span.attributes, status: span.status, events: span.events, links: span.links,
  };
};

const worker = new Worker("require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage(0));", { eval: true });
const post = (message, transfer) => new Promise((resolve) => {
  worker.once("message", resolve);
  worker.postMessage(message, transfer);
});

const VARIANTS = {
  "encode on the main thread (now)": () => encodeTraceRequestProtobuf(spans, RESOURCE_ATTRIBUTES),
  "post the spans' fields to a worker": () => post(spans.map(fieldsOf)),
  "encode, then transfer the bytes to a worker": () => {
    const bytes = encodeTraceRequestProtobuf(spans, RESOURCE_ATTRIBUTES).slice();
    return post(bytes, [bytes.buffer]);
  },
};

const samples = Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of Object.entries(VARIANTS)) {
    for (let i = 0; i < PASSES / 4; i++) await run();
    const start = mainThreadCpuUs();
    for (let i = 0; i < PASSES; i++) await run();
    samples[name].push(((mainThreadCpuUs() - start) / PASSES / BATCH) * 1000);
  }
}
await worker.terminate();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`node ${process.version}; batches of ${BATCH} spans (bench/otlp-fixtures.mjs), main-thread CPU ns per span, median of ${rounds} rounds`);
console.log("| variant | main thread ns per span |\n|---|---:|");
for (const [name, xs] of Object.entries(samples)) console.log(`| ${name} | ${Math.round(median(xs))} |`);
