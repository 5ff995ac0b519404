/**
 * Test helpers for applications using the SDK (and for the SDK's own tests): a tracer that records spans
 * in memory instead of sending them, and a reset of the SDK's process-wide state.
 *
 * @module honeyhive/testing
 */
import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { snapshotTracerOptions } from "./config/options-snapshot";
import type { HoneyHiveTracerOptions } from "./config/tracer-options";
import { setDefaultLogSink, type LogLevel } from "./internal/logger";
import { resetProcessState, sharedState } from "./internal/process-state";
import { HoneyHiveTracer } from "./facade/honeyhive-tracer";
import type { SharedProvider } from "./tracer/shared-provider";

export { InMemorySpanExporter };

/** A tracer recording into memory, with helpers to read what it recorded. */
export interface TestTracer {
  readonly tracer: HoneyHiveTracer;
  readonly exporter: InMemorySpanExporter;
  /** Flushes, then returns every span exported so far. */
  spans(): Promise<ReadableSpan[]>;
  /** Flushes, then returns the string/number/boolean attributes of the spans named `name`. */
  spansNamed(name: string): Promise<ReadableSpan[]>;
}

/**
 * Creates a tracer in test mode (no network) whose spans go to an in-memory exporter, exported immediately.
 * It does not become the process default unless `options.setAsDefault` says so.
 */
export function createTestTracer(options: HoneyHiveTracerOptions = {}): TestTracer {
  const exporter = new InMemorySpanExporter();
  const { options: plain } = snapshotTracerOptions(options);
  const tracer = new HoneyHiveTracer({ testMode: true, disableBatch: true, setAsDefault: false, ...plain, exporter });
  const spans = async (): Promise<ReadableSpan[]> => {
    await tracer.flush();
    return exporter.getFinishedSpans();
  };
  return { tracer, exporter, spans, spansNamed: async (name) => (await spans()).filter((s) => s.name === name) };
}

/**
 * Forgets all of the SDK's process-wide state (see `src/internal/process-state.ts`): default tracer, shared
 * provider (unregistered from the global API if the SDK registered it), instrumentation registrations, exit
 * hooks' tracer list, evaluation run hooks, one-time warnings, the internal error count and every module
 * cache. Call between tests; live tracers keep working only for spans already started.
 */
export function resetHoneyHiveGlobals(): void {
  const shared = sharedState().sharedProvider as SharedProvider | undefined;
  if (shared?.situation === "registered-by-honeyhive") trace.disable();
  resetProcessState();
}

/** What {@link captureSdkLogs} caught. */
export interface CapturedSdkLogs {
  /** Every line caught so far, in order (already scrubbed of secrets, like on stderr). */
  readonly lines: ReadonlyArray<{ readonly level: LogLevel; readonly message: string }>;
  /** The caught messages, one per line. */
  text(): string;
  /** Sends SDK lines back where they went before the capture (stderr, or an outer capture). */
  restore(): void;
}

/**
 * Catches the SDK lines that would go to stderr: those of the SDK's process-wide logger (free functions such
 * as `trace()` or `enrichSession()` with no tracer around), of tracers created without `logSink`, and of
 * `evaluate()`. Tracers with their own `logSink` keep using it. Call `restore()` when done;
 * `resetHoneyHiveGlobals()` also ends any capture.
 */
export function captureSdkLogs(): CapturedSdkLogs {
  const lines: Array<{ level: LogLevel; message: string }> = [];
  const previous = setDefaultLogSink((level, message) => void lines.push({ level, message }));
  return {
    lines,
    text: () => lines.map((line) => line.message).join("\n"),
    restore: () => void setDefaultLogSink(previous),
  };
}
