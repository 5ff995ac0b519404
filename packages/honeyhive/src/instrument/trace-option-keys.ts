import { HoneyHiveConfigError } from "../config/config-error";
import { strictOptionsOf, unknownOptionMessages } from "../config/unknown-options";
import { discoverTracerHandle } from "../context/discover";
import { guard } from "../internal/guard";
import { sdkLogger, warnOncePerProcess } from "../internal/logger";
import { TRACE_OPTION_KEYS, type TraceOptions, readTraceOptions } from "./trace-options";
import { checkTraceOptionTypes } from "./trace-option-types";

/** `answer`, `Class.method`, or `anonymous`: the wrap site a warning names. */
export function wrapSiteName(fn: unknown, fallbackName?: string): string {
  if (fallbackName) return fallbackName;
  const name = guard(() => (typeof fn === "function" ? fn.name : ""), "");
  return typeof name === "string" && name ? name : "anonymous";
}

/**
 * Reads the trace options given at wrap time (`trace()`, decorators, `traceClass`, the old `traceFunction` helpers)
 * and reports their problems, once per process for each wrap site and problem:
 * - a key that is not a trace option: a warning naming the closest option
 *   (`trace options of "answer": unknown option "evenType" (did you mean "eventType"?); ignored`); the key is ignored;
 * - a value of the wrong type (`trace-option-types.ts`): a warning naming the option, the type expected, the value
 *   given and what is recorded instead (`trace options of "answer": captureInputs must be true or false (got the
 *   string "no"); inputs are not recorded`); the returned options hold that safe value instead.
 *
 * When the tracer the options name (else the one in context, else the default; with none, `HH_RESILIENCE`) is strict,
 * it throws {@link HoneyHiveConfigError} with every problem instead, as the tracer's own options do. Anything else
 * never throws.
 */
export function checkTraceOptions(raw: unknown, site: string): TraceOptions {
  const { options, problems } = checkTraceOptionTypes(readTraceOptions(raw));
  const unknown = unknownOptionMessages(raw, TRACE_OPTION_KEYS).map((message) => `${message}; ignored`);
  if (unknown.length === 0 && problems.length === 0) return options;
  const messages = [...unknown, ...problems].map((problem) => `trace options of ${JSON.stringify(site)}: ${problem}`);
  const handle = guard(() => discoverTracerHandle(options.tracer).tracer, undefined);
  if (strictOptionsOf(handle)) throw new HoneyHiveConfigError(messages);
  const logger = handle?.logger ?? sdkLogger();
  for (const message of messages) warnOncePerProcess(logger, message);
  return options;
}
