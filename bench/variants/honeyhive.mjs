// This SDK from the build output (BENCH_HONEYHIVE_DIST: another build's dist directory, the A/B gate's base): one tracer, trace() wrappers (inputs and outputs captured), batch export
// of OTLP/protobuf to the loopback sink. `thirdParty` also starts a span through the global OpenTelemetry
// API inside the traced function, which the SDK routes to the tracer active in context.
import { trace as otelTrace } from "@opentelemetry/api";
import { pathToFileURL } from "node:url";

const dist = process.env.BENCH_HONEYHIVE_DIST ? pathToFileURL(`${process.env.BENCH_HONEYHIVE_DIST}/index.js`).href : "../../packages/honeyhive/dist/index.js";
const { HoneyHiveTracer, trace } = await import(dist);

/** `seams` (bench/profile-cpu-driver.mjs): tracer options that leave part of the export out (`exporter`, `fetch`). */
export async function setup({ sinkUrl, work, workAsync, makeNested, seams }) {
  const tracer = new HoneyHiveTracer({ apiKey: "hh_bench_key", serverUrl: sinkUrl, source: "bench", sessionName: "bench", maxQueueSize: 65536, ...seams });
  const wrap = (name, fn) => trace(fn, { eventName: name, tracer });
  const thirdParty = otelTrace.getTracer("third-party");
  const llmCall = (a, b) => thirdParty.startActiveSpan("chat gpt-4o", (span) => { span.setAttribute("gen_ai.operation.name", "chat"); span.end(); return workAsync(a, b); });
  return {
    sync: wrap("work", work),
    async: wrap("workAsync", workAsync),
    nested: makeNested(wrap),
    thirdParty: wrap("agent", llmCall),
    flush: () => tracer.flush(),
    shutdown: () => tracer.shutdown(),
    info: { diagnostics: () => tracer.diagnostics() },
  };
}
