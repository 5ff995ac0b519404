// OTLP/protobuf request bodies in the shape the HoneyHive SDKs send: `batch` spans each (~16 attributes, one chain
// root per 8 spans, the rest model spans under it), one session per request. Used by bench/dev-server-ingest.mjs
// and the A/B gate's ingest figure (bench/ab/), so both measure the same bodies.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { context, trace } from "@opentelemetry/api";

/** `requests` protobuf bodies (Buffers) of `batch` spans each. */
export function buildIngestBodies({ requests, batch }) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer("bench", "1.0.0");
  const bodies = [];
  for (let r = 0; r < requests; r++) {
    exporter.reset();
    const session = `${String(r).padStart(8, "0")}-0000-4000-8000-000000000000`;
    let root;
    for (let i = 0; i < batch; i++) {
      const parent = i % 8 === 0 ? undefined : root;
      const span = tracer.startSpan(i % 8 === 0 ? "my_pipeline" : "openai.chat", {
        attributes: {
          "honeyhive.session_id": session, "traceloop.association.properties.session_id": session,
          "honeyhive.source": "bench", "honeyhive.project": "bench",
          honeyhive_event_type: i % 8 === 0 ? "chain" : "model", honeyhive_event_name: i % 8 === 0 ? "my_pipeline" : "llm",
          "honeyhive_inputs._params_.question": `What is item ${i}?`, "honeyhive_inputs._params_.k": i,
          "honeyhive_outputs.result": `Answer number ${i} with some text to make it realistic.`,
          "honeyhive_metadata.run_id": "r-bench", "honeyhive_metadata.datapoint_id": `dp-${r}-${i}`,
          "honeyhive_metrics.score": (i % 10) / 10, "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o-mini",
          "gen_ai.usage.input_tokens": 120 + i, "gen_ai.usage.output_tokens": 40,
        },
      }, parent ? trace.setSpan(context.active(), parent) : undefined);
      if (i % 8 === 0) root = span;
      span.end();
    }
    bodies.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())));
  }
  return bodies;
}
