// Raw OpenTelemetry JS, the ratio base: NodeTracerProvider (AsyncLocalStorage context), BatchSpanProcessor,
// OTLP/protobuf exporter to the loopback sink; input and output recorded as JSON attributes.
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

/** `seams.exporter` (bench/profile-cpu-driver.mjs): an exporter in place of the OTLP one (the export's cost left out). */
export async function setup({ sinkUrl, work, workAsync, makeNested, seams }) {
  const processor = new BatchSpanProcessor(seams?.exporter ?? new OTLPTraceExporter({ url: `${sinkUrl}/v1/traces` }), { maxQueueSize: 65536 });
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ "service.name": "bench" }), spanProcessors: [processor] });
  provider.register();
  const tracer = trace.getTracer("bench");
  const wrap = (name, fn) => function traced(a, b) {
    return tracer.startActiveSpan(name, (span) => {
      span.setAttribute("input", JSON.stringify([a, b]));
      let out;
      try {
        out = fn(a, b);
      } catch (e) {
        span.recordException(e);
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        throw e;
      }
      if (out && typeof out.then === "function") {
        return out.then((v) => { span.setAttribute("output", JSON.stringify(v)); span.end(); return v; });
      }
      span.setAttribute("output", JSON.stringify(out));
      span.end();
      return out;
    });
  };
  const thirdParty = trace.getTracer("third-party");
  const llmCall = (a, b) => thirdParty.startActiveSpan("chat gpt-4o", (span) => { span.setAttribute("gen_ai.operation.name", "chat"); span.end(); return workAsync(a, b); });
  return {
    sync: wrap("work", work),
    async: wrap("workAsync", workAsync),
    nested: makeNested(wrap),
    thirdParty: wrap("agent", llmCall),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
