// OTLP/protobuf request bodies in the shape the HoneyHive SDKs send: `batch` spans each (~16 attributes, one chain
// root per 8 spans, the rest model spans under it), one session per request. Used by bench/dev-server-ingest.mjs,
// bench/dev-server-read.mjs and the A/B gate's ingest and session figures (bench/ab/), so all measure the same bodies.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { context, trace } from "@opentelemetry/api";

/** The session id request `r` of `buildIngestBodies` names (in each of its spans). */
const requestSession = (r) => `${String(r).padStart(8, "0")}-0000-4000-8000-000000000000`;

/** `requests` protobuf bodies (Buffers) of `batch` spans each. */
export function buildIngestBodies({ requests, batch }) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer("bench", "1.0.0");
  const bodies = [];
  for (let r = 0; r < requests; r++) {
    exporter.reset();
    const session = requestSession(r);
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

/**
 * Bodies for `sessions` sessions of `events` spans each (`batch`-span requests, rounded up to whole requests):
 * request r joins session r % sessions. Returns the bodies and the session ids.
 */
export function buildSessionBodies({ sessions, events, batch }) {
  const bodies = buildIngestBodies({ requests: sessions * Math.ceil(events / batch), batch });
  const ids = [];
  for (let r = 0; r < bodies.length; r++) {
    const from = Buffer.from(requestSession(r));
    const to = Buffer.from(`${String(r % sessions).padStart(8, "0")}-0000-4000-8000-0000000000ee`);
    for (let i = bodies[r].indexOf(from); i >= 0; i = bodies[r].indexOf(from, i + 1)) to.copy(bodies[r], i);
    if (r < sessions) ids.push(to.toString());
  }
  return { bodies, ids };
}
