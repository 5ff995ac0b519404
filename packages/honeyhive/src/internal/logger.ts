import { createLogger as createCoreLogger, hasDefaultLogSink, setDefaultLogSink, type LogSink, type Logger, type LoggerOptions } from "@honeyhive/core/log/logger";
import { firstTimeInProcess, registerModuleCache } from "./process-state";
import { noteInternalError } from "./guard";

/**
 * The SDK's logging: the one scrubbing logger of `@honeyhive/core/log/logger`, whose swallowed sink errors the SDK
 * counts as internal errors (`diagnostics().internalErrors`), and the process-wide logger for messages that belong
 * to no tracer.
 */

export type { LogLevel, LogSink, Logger } from "@honeyhive/core/log/logger";
export { scrubSecrets, setDefaultLogSink } from "@honeyhive/core/log/logger";

/**
 * Where each logger created with its own sink writes (an identity tag of that sink, not a cache: a tag is never reused,
 * and the warnings already given live in the process state that `resetHoneyHiveGlobals()` clears).
 */
const destinations = new WeakMap<Logger, string>();
const sinkTags = new WeakMap<LogSink, string>();
let nextSinkTag = 0;

/** Creates a logger. It never throws, whatever the sink does; an error a sink throws is counted, never raised. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const logger = createCoreLogger({ ...options, onSinkError: noteInternalError });
  const sink = options.sink;
  if (typeof sink === "function") {
    let tag = sinkTags.get(sink);
    if (tag === undefined) sinkTags.set(sink, (tag = `sink${nextSinkTag++}`));
    destinations.set(logger, tag);
  }
  return logger;
}

/**
 * Writes `message` as a warning through `logger` the first time this exact text goes to that logger's destination in
 * the process (since start or the last `resetHoneyHiveGlobals()`): stderr (and `captureSdkLogs()`) for loggers without
 * a sink of their own, else that `logSink`. Configuration warnings of per-request tracers and typos at a wrap site
 * print one line, not one per request.
 */
export function warnOncePerProcess(logger: Logger, message: string): void {
  if (firstTimeInProcess(`warn:${destinations.get(logger) ?? "default"}:${message}`)) logger.warn(message);
}

let sdkLoggerInstance: Logger | undefined;
let sdkLoggerOnceKeys = 0;

/**
 * The SDK's logger for messages that belong to no tracer (a free function called with none around). Its
 * once-only warnings are process state: `resetHoneyHiveGlobals()` forgets them.
 */
export function sdkLogger(): Logger {
  if (sdkLoggerInstance === undefined) {
    const inner = createLogger();
    sdkLoggerInstance = { ...inner, warnOnce: (key, message) => { sdkLoggerOnceKeys++; inner.warnOnce(key, message); } };
  }
  return sdkLoggerInstance;
}

registerModuleCache("internal/sdk-logger", {
  clear: () => {
    sdkLoggerInstance = undefined;
    sdkLoggerOnceKeys = 0;
    setDefaultLogSink(undefined);
  },
  size: () => sdkLoggerOnceKeys + (hasDefaultLogSink() ? 1 : 0),
});
