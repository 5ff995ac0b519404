import { unknownKeyMessage, unknownKeys } from "@honeyhive/core/text/closest-key";
import { HoneyHiveConfigError } from "../config/config-error";
import { discoverTracerHandle } from "../context/discover";
import { guard } from "../internal/guard";
import { sdkLogger, warnOncePerProcess } from "../internal/logger";
import { TRACE_OPTION_KEYS } from "./trace-options";

/** The unknown keys of the user's trace options and the tracer they name (read defensively: a Proxy costs nothing). */
function inspect(raw: unknown): { unknown: string[]; tracer: unknown } {
  if (typeof raw !== "object" || raw === null) return { unknown: [], tracer: undefined };
  const unknown = guard(() => unknownKeys(raw, TRACE_OPTION_KEYS), [] as string[]);
  if (unknown.length === 0) return { unknown, tracer: undefined };
  return { unknown, tracer: guard(() => (raw as { tracer?: unknown }).tracer, undefined) };
}

/** `answer`, `Class.method`, or `anonymous`: the wrap site a warning names. */
export function wrapSiteName(fn: unknown, fallbackName?: string): string {
  if (fallbackName) return fallbackName;
  const name = guard(() => (typeof fn === "function" ? fn.name : ""), "");
  return typeof name === "string" && name ? name : "anonymous";
}

/**
 * Reports the keys of trace options given at wrap time (`trace()`, decorators, `traceClass`, the old `traceFunction`
 * helpers) that are not trace options: a warning naming the closest option, once per process for each wrap site
 * (`trace options of "answer": unknown option "evenType" (did you mean "eventType"?); ignored`); the key is ignored,
 * as before. When the tracer the options name (else the one in context, else the default) is `resilience: "strict"`,
 * it throws {@link HoneyHiveConfigError} instead, as the tracer's own options do. Anything else never throws.
 */
export function reportUnknownTraceOptions(raw: unknown, site: string): void {
  const { unknown, tracer } = inspect(raw);
  if (unknown.length === 0) return;
  const messages = unknown.map((key) => `trace options of ${JSON.stringify(site)}: ${unknownKeyMessage(key, TRACE_OPTION_KEYS)}; ignored`);
  const handle = guard(() => discoverTracerHandle(tracer).tracer, undefined);
  if (handle?.settings.resilience === "strict") throw new HoneyHiveConfigError(messages);
  const logger = handle?.logger ?? sdkLogger();
  for (const message of messages) warnOncePerProcess(logger, message);
}
