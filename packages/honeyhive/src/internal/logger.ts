import { createLogger as createCoreLogger, hasDefaultLogSink, setDefaultLogSink, type Logger, type LoggerOptions } from "@honeyhive/core/log/logger";
import { registerModuleCache } from "./process-state";
import { noteInternalError } from "./guard";

/**
 * The SDK's logging: the one scrubbing logger of `@honeyhive/core/log/logger`, whose swallowed sink errors the SDK
 * counts as internal errors (`diagnostics().internalErrors`), and the process-wide logger for messages that belong
 * to no tracer.
 */

export type { LogLevel, LogSink, Logger } from "@honeyhive/core/log/logger";
export { scrubSecrets, setDefaultLogSink } from "@honeyhive/core/log/logger";

/** Creates a logger. It never throws, whatever the sink does; an error a sink throws is counted, never raised. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return createCoreLogger({ ...options, onSinkError: noteInternalError });
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
