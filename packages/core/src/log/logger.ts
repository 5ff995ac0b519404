import { createScrubber } from "./scrub-secrets";

/**
 * The one logging path of both packages. Library code never calls `console` directly: it logs through a
 * {@link Logger}, which scrubs secrets (API keys, bearer tokens) from every message before it is written.
 */

/** Where log lines go. Supply your own to route SDK messages into your logging system. */
export interface LogSink {
  /** Writes one already-formatted, already-scrubbed line. */
  (level: LogLevel, message: string): void;
}

/** Severity of a log line. `debug` lines are written only in verbose mode. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** A scrubbing, verbosity-aware logger bound to one tracer or component. */
export interface Logger {
  readonly verbose: boolean;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Logs `message` as a warning only the first time `key` is seen by this logger. */
  warnOnce(key: string, message: string): void;
}

export { createScrubber, scrubSecrets } from "./scrub-secrets";

let defaultSinkOverride: LogSink | undefined;

/**
 * Redirects the lines of every logger created without its own sink (the SDK's process-wide logger, tracers
 * without `logSink`, `evaluate()`, the dev server) to `sink`; `undefined` restores stderr. Returns the previous
 * redirect. A test seam (`captureSdkLogs()` in `honeyhive/testing`); `resetHoneyHiveGlobals()` removes it.
 */
export function setDefaultLogSink(sink: LogSink | undefined): LogSink | undefined {
  const previous = defaultSinkOverride;
  defaultSinkOverride = sink;
  return previous;
}

/** True while {@link setDefaultLogSink} redirects the default sink. */
export function hasDefaultLogSink(): boolean {
  return defaultSinkOverride !== undefined;
}

/** stderr where the runtime has one (Node, Bun, Deno), else the console's warn channel (workerd, Edge, browsers). */
function writeLine(line: string): void {
  const g = globalThis as { process?: { stderr?: { write?: (text: string) => unknown } }; console?: { warn?: (text: string) => void } };
  const stderr = g.process?.stderr;
  if (typeof stderr?.write === "function") stderr.write(`${line}\n`);
  else g.console?.warn?.(line);
}

/** The default sink: the redirect when one is set, else `[honeyhive] level: message` on stderr. May throw (closed stderr). */
const defaultSink: LogSink = (level, message) => {
  if (defaultSinkOverride) defaultSinkOverride(level, message);
  else writeLine(`[honeyhive] ${level}: ${message}`);
};

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  verbose?: boolean;
  sink?: LogSink;
  /** Literal secrets that must never appear in a line (the API key). */
  secrets?: readonly string[];
  /** Told about each error a sink threw, which the logger swallows (the SDK counts them as internal errors). */
  onSinkError?: (error: unknown) => void;
}

const MAX_ONCE_KEYS = 1000;

/** Creates a logger. It never throws, whatever the sink does. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const sink = options.sink ?? defaultSink;
  const scrub = createScrubber(options.secrets ?? []);
  const verbose = options.verbose === true;
  const onSinkError = options.onSinkError;
  const seen = new Set<string>();
  const write = (level: LogLevel, message: string): void => {
    try {
      sink(level, scrub(String(message)));
    } catch (error) {
      // A failing sink (or a closed stderr) must not break the caller.
      try {
        onSinkError?.(error);
      } catch {
        // nothing left to tell
      }
    }
  };
  return {
    verbose,
    debug: (m) => {
      if (verbose) write("debug", m);
    },
    info: (m) => write("info", m),
    warn: (m) => write("warn", m),
    error: (m) => write("error", m),
    warnOnce: (key, m) => {
      if (seen.has(key)) return;
      if (seen.size < MAX_ONCE_KEYS) seen.add(key);
      write("warn", m);
    },
  };
}
