/**
 * A probe for `diagnose()`: a span started in a context carrying {@link PROCESSOR_PROBE_KEY} tells every
 * HoneyHiveSpanProcessor it reaches to call the probe's callback and leave the span alone (it is never routed, so
 * HoneyHive never receives it). Whether the callback ran tells whether the global provider has our processor.
 */
import { type Context, createContextKey } from "@opentelemetry/api";

/** Shared by every copy of the SDK (`createContextKey` uses `Symbol.for`). */
export const PROCESSOR_PROBE_KEY = createContextKey("honeyhive.diagnose.processor_probe");

/** Calls the probe callback carried by `ctx`, if any; true when `ctx` is a probe context. */
export function answerProcessorProbe(ctx: Context): boolean {
  const callback = ctx.getValue(PROCESSOR_PROBE_KEY);
  if (typeof callback !== "function") return false;
  (callback as () => void)();
  return true;
}
