// Realistic spans for the OTLP encoder benchmark: ~15 attributes per span, as HoneyHive spans carry.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { context, trace } from "@opentelemetry/api";
import { randomUUID } from "node:crypto";

export const RESOURCE_ATTRIBUTES = {
  "service.name": "bench-service",
  "telemetry.sdk.language": "nodejs",
  "telemetry.sdk.name": "honeyhive",
  "telemetry.sdk.version": "2.0.0",
};

/** Finished ReadableSpans: a root per "request" with `perTrace - 1` children, ~15 attributes each. */
export function makeSpans(count, perTrace = 8) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(RESOURCE_ATTRIBUTES),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    spanLimits: { attributeCountLimit: 1000 },
  });
  const tracer = provider.getTracer("honeyhive", "2.0.0");
  const sessionId = randomUUID();
  let made = 0;
  while (made < count) {
    const root = tracer.startSpan("session");
    made++;
    const ctx = trace.setSpan(context.active(), root);
    for (let i = 1; i < perTrace && made < count; i++, made++) {
      const started = Date.now();
      const span = tracer.startSpan(`llm_call_${i}`, {}, ctx);
      span.setAttributes({
        "honeyhive.session_id": sessionId,
        "traceloop.association.properties.session_id": sessionId,
        "honeyhive.source": "production",
        "traceloop.association.properties.source": "production",
        "honeyhive.project": "my-llm-project",
        "traceloop.association.properties.project": "my-llm-project",
        honeyhive_event_type: "model",
        honeyhive_event_name: `llm_call_${i}`,
        "honeyhive_inputs.question": `What is the capital of country number ${made}? Please answer briefly.`,
        "honeyhive_inputs.temperature": 0.7,
        "honeyhive_outputs.answer": `The capital of country number ${made} is a city with a long history and many museums.`,
        "honeyhive_outputs.tokens": 42 + i,
        "honeyhive_outputs.finish_reason": "stop",
        "honeyhive_outputs.cached": false,
        honeyhive_duration_ms: 12.5 + i,
      });
      span.end([Math.floor(started / 1000), (started % 1000) * 1e6 + 12345]);
    }
    root.end();
  }
  return exporter.getFinishedSpans();
}
