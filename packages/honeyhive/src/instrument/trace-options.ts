import { optionKeys, readPlainOptions } from "../config/options-snapshot";
import type { TracerReference } from "../context/tracer-handle";

/** Options of `trace()`, the decorators and the legacy `traceFunction` helpers. */
export interface TraceOptions {
  /** The tracer to use. @defaultValue the tracer active in context, else the default tracer */
  tracer?: TracerReference;
  /**
   * Event type: "model", "chain" or "tool", matched case-insensitively and trimmed ("MODEL" is recorded as "model",
   * as in the 1.0 SDK). Any other value ("retriever", "session": a traced call is an event inside a session) is
   * recorded as "tool" with one warning naming the allowed values. @defaultValue "tool"
   */
  eventType?: string;
  /** Event (span) name. @defaultValue the function's name */
  eventName?: string;
  /** Metadata recorded on the span as `honeyhive_metadata.*`. */
  metadata?: Record<string, unknown>;
  /** Config recorded on the span as `honeyhive_config.*`. */
  config?: Record<string, unknown>;
  /** Capture arguments as `honeyhive_inputs.<parameter>` (a value other than true/false captures nothing, with a warning). @defaultValue true */
  captureInputs?: boolean;
  /** Capture the return value as `honeyhive_outputs.result` (a value other than true/false captures nothing, with a warning). @defaultValue true */
  captureOutputs?: boolean;
  /**
   * Names of the captured arguments, in order (`honeyhive_inputs.<name>`), instead of the parameter names read
   * from the function's source. Use it when the code is minified (Next.js, bundled Workers), where parameters
   * are renamed to `e`, `t`, …; arguments past the list are captured as `arg<i>`.
   * @defaultValue the function's parameter names
   */
  inputNames?: readonly string[];
}

/** Every trace option (a missing one is a type error, so none is silently dropped when options are read). */
export const TRACE_OPTION_KEYS = optionKeys<TraceOptions>()({
  tracer: true, eventType: true, eventName: true, metadata: true, config: true, captureInputs: true, captureOutputs: true, inputNames: true,
});

/**
 * The user's trace options as a plain object (hostile objects and throwing getters cost only the unreadable key;
 * unknown keys are left out: wrap sites report them, see `trace-option-keys.ts`).
 */
export function readTraceOptions(raw: unknown): TraceOptions {
  return readPlainOptions(raw, TRACE_OPTION_KEYS) as TraceOptions;
}
