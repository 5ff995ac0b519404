/**
 * Global provider check: starts one probe span through the global OpenTelemetry provider and watches whether a
 * HoneyHiveSpanProcessor sees it. A provider registered by the application without our processor sends the spans of
 * every instrumentation bound to it past HoneyHive. The probe is never routed to HoneyHive; the application's own
 * exporters receive it once, as `honeyhive.diagnose.probe`.
 */
import { ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { PROCESSOR_PROBE_KEY } from "../processing/processor-probe";
import { type CheckFinding, ok, problem } from "./diagnosis";

export function checkGlobalProvider(): CheckFinding {
  let seen = false;
  const probeContext = ROOT_CONTEXT.setValue(PROCESSOR_PROBE_KEY, () => {
    seen = true;
  });
  const span = trace.getTracer("honeyhive.diagnose").startSpan("honeyhive.diagnose.probe", {}, probeContext);
  const recording = span.isRecording();
  span.end();
  if (!recording) {
    return ok("No global OpenTelemetry provider is registered yet: the first HoneyHiveTracer registers one with its span processor.");
  }
  if (seen) return ok("The global OpenTelemetry provider routes spans through a HoneyHiveSpanProcessor.");
  return problem(
    "A global OpenTelemetry provider is registered without HoneyHiveSpanProcessor: spans of instrumentations bound to it never reach HoneyHive.",
    "Add `new HoneyHiveSpanProcessor()` from \"honeyhive\" to that provider's span processors: " +
      "`new NodeSDK({ spanProcessors: [new HoneyHiveSpanProcessor(), …] })`, `registerOTel({ spanProcessors: [new HoneyHiveSpanProcessor()] })` (@vercel/otel), " +
      "or Sentry's `openTelemetrySpanProcessors` — and create it before the first HoneyHiveTracer.",
  );
}
