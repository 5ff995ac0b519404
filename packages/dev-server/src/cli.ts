/**
 * `honeyhive serve`: runs the local HoneyHive-compatible dev server until SIGINT/SIGTERM/SIGHUP (or, started through a
 * package manager, until that ends: `launcher-watch.ts`), then shuts it down gracefully (in-flight requests finish and
 * every write is committed before the process exits with 128 + the signal's number).
 */
import { constants } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createLogger, type Logger } from "@honeyhive/core/log/logger";
import { joinNegativeValues } from "@honeyhive/core/cli/negative-values";
import { formatUsageError } from "@honeyhive/core/cli/usage-error";
import { parseArgsMessage } from "@honeyhive/core/cli/parse-args-message";
import { createDevServer, type DevServer, type DevServerOptions } from "./index";
import { viewerUrl } from "./viewer/viewer-url";
import { watchLauncher } from "./launcher-watch";
import { readPriceOverrides } from "./price-overrides";
import { apiKeyEntries, commandLineApiKeys, keysOf } from "./cli-keys";
import type { ApiKeyConfig } from "./routes/auth";
import { DEFAULT_DATA_DIR } from "./store/data-dir";

/** The help of the command run as `command` (`honeyhive serve`, or the dev server package's own `honeyhive-dev-server`). */
const help = (command: string): string => `Usage: ${command} [options]

Runs a local HoneyHive-compatible server (OTLP ingest, sessions, events, runs, datasets, results)
with its data in an embedded SQLite database.

Options:
  --port N          TCP port (default 4318; 0 picks a free port)
  --host H          interface to bind (default 127.0.0.1)
  --data-dir D      data directory (default ./.honeyhive); the database is D/honeyhive.db
  --in-memory       keep data in memory only (not with --data-dir)
  --api-key K       accept only this key (repeatable); each key is its own project.
  --api-key K=NAME  accept this key, in project NAME: keys given one name share a project, as a
                    project key and its ingestion (hh_ingst_...) and data plane (hh_fgdp_...)
                    keys do. Without --api-key any non-empty key is accepted (one project per key).
  --keys-file F     JSON file of keys: a list, or {"<key>": "<project name>", ...} (keeps the
                    keys out of the process list); combines with --api-key
  --allow-remote    allow a non-loopback --host (requires --api-key)
  --allowed-host H  also accept this Host header (name or name:port, repeatable), e.g. a
                    reverse proxy's name; other hosts get 403 (DNS rebinding protection)
  --max-body-bytes N  largest request body (default 10485760)
  --prices FILE     JSON file of model prices (USD per million tokens) added to or replacing
                    the built-in table: {"openai": {"gpt-4o": {"input": 2.5, "output": 10}}}
                    (default: the file named by HH_DEV_SERVER_PRICES)
  --verbose         log every rejected request
  -h, --help        show this help

Environment:
  HH_DEV_SERVER_MAX_DB_BYTES   most bytes the database may grow to (writes beyond get 507 disk full)
  HH_DEV_SERVER_LOCK_STALE_MS  how long the data directory's lock may go unrefreshed before another
                               server may take the directory over (default 30000)`;

/** Default port of `honeyhive serve` (the OTLP/HTTP port). */
export const DEFAULT_SERVE_PORT = 4318;

/** A whole number from `min` to `max` (no upper bound when omitted); throws a one-line error for anything else. */
function integer(value: string | undefined, name: string, min: number, max?: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || (max !== undefined && n > max)) {
    throw new Error(`${name} must be a whole number ${max === undefined ? `≥ ${min}` : `from ${min} to ${max}`}, got "${value}"`);
  }
  return n;
}

const SERVE_OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  "data-dir": { type: "string" },
  "in-memory": { type: "boolean" },
  "api-key": { type: "string", multiple: true },
  "keys-file": { type: "string" },
  "allow-remote": { type: "boolean" },
  "allowed-host": { type: "string", multiple: true },
  "max-body-bytes": { type: "string" },
  prices: { type: "string" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type ServeArgs = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: false; options: typeof SERVE_OPTIONS }>>["values"];

/** The numbers of the command line; throws a one-line error (a usage error) for a bad one or options that clash. */
function commandLineNumbers(parsed: ServeArgs): { port: number | undefined; maxBodyBytes: number | undefined } {
  if (parsed["data-dir"] !== undefined && parsed["in-memory"] === true) {
    throw new Error("--data-dir and --in-memory cannot be used together (--in-memory writes nothing to disk)");
  }
  return { port: integer(parsed.port, "--port", 0, 65535), maxBodyBytes: integer(parsed["max-body-bytes"], "--max-body-bytes", 1) };
}

/** The server options of the parsed command line (throws a one-line error for a bad prices file). */
function serverOptions(parsed: ServeArgs, numbers: ReturnType<typeof commandLineNumbers>, apiKeys: ApiKeyConfig | undefined, logger: Logger): DevServerOptions {
  return {
    port: numbers.port ?? DEFAULT_SERVE_PORT,
    host: parsed.host ?? "127.0.0.1",
    dataDir: resolve(parsed["data-dir"] ?? DEFAULT_DATA_DIR),
    inMemory: parsed["in-memory"] === true,
    allowRemote: parsed["allow-remote"] === true,
    ...(parsed["allowed-host"] ? { allowedHosts: parsed["allowed-host"] } : {}),
    maxBodyBytes: numbers.maxBodyBytes,
    ...(apiKeys !== undefined ? { apiKeys } : {}),
    ...(parsed.prices !== undefined ? { prices: readPriceOverrides(resolve(parsed.prices)) } : {}),
    logger,
  };
}

/** Where the server listens, the viewer link, the data, and how to point the SDK at it. */
function printBanner(server: DevServer, keyed: boolean): void {
  const keyHint = keyed ? "<one of your --api-key values>" : "local";
  console.log(`HoneyHive dev server listening on ${server.url}`);
  const viewer = keyed ? `${viewerUrl(server.url)}  (asks for one of your --api-key values)` : viewerUrl(server.url, { apiKey: keyHint });
  console.log(`Viewer: ${viewer}`);
  console.log(`Data: ${server.store.location}`);
  console.log(`\nPoint the SDK at it:\n  export HH_API_URL=${server.url}\n  export HH_API_KEY=${keyHint}\n`);
  console.log(`Press Ctrl+C to stop.`);
}

/** Drops an error of standard output or error (EPIPE: the reader went away, as `| head` does). */
const dropOutputError = (): void => undefined;

/** Output to a closed stdout/stderr is dropped: it never crashes the server or stops its shutdown. */
function dropOutputErrors(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (!stream.listeners("error").includes(dropOutputError)) stream.on("error", dropOutputError);
  }
}

/** Signals that stop the server: Ctrl-C, a supervisor's stop, the terminal closing. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** One of {@link STOP_SIGNALS}. */
type StopSignal = (typeof STOP_SIGNALS)[number];

/** The conventional exit code of a process stopped by `signal`: 128 + its number (130, 143, 129). */
export function signalExitCode(signal: StopSignal): number {
  return 128 + (constants.signals[signal] ?? 15);
}

/**
 * Serves until SIGINT/SIGTERM/SIGHUP or the end of the package manager that started it (as SIGTERM), then closes
 * gracefully and resolves with 128 + the signal's number (a second signal exits at once, with its own code).
 */
function runUntilSignal(running: DevServer, inMemory: boolean): Promise<number> {
  return new Promise<number>((done) => {
    let stopping = false;
    const stop = (signal: StopSignal, why: string) => {
      if (stopping) {
        console.error(`\nReceived ${signal} again: exiting without waiting.`);
        process.exit(signalExitCode(signal));
      }
      stopping = true;
      stopWatching();
      console.log(`\n${why}: finishing in-flight requests and closing the database...`);
      running.close().then(
        () => {
          for (const [s, listener] of listeners) process.off(s, listener);
          console.log(inMemory ? "Stopped. The data was in memory only and is gone." : "Stopped. All data is saved.");
          done(signalExitCode(signal));
        },
        (error: unknown) => {
          console.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          done(1);
        },
      );
    };
    const listeners = STOP_SIGNALS.map((signal) => [signal, () => stop(signal, `Received ${signal}`)] as const);
    for (const [signal, listener] of listeners) process.on(signal, listener);
    const stopWatching = watchLauncher(() => stop("SIGTERM", "The package manager that started this command (npx, npm) ended; stopping as on SIGTERM"));
  });
}

/**
 * Runs `honeyhive serve` (or the same command under another name, `command`, which its help and usage errors
 * name); resolves with the exit code once the server has stopped.
 */
export async function runServeCommand(args: string[], command = "honeyhive serve"): Promise<number> {
  dropOutputErrors();
  let parsed: ServeArgs;
  try {
    parsed = parseArgs({ args: joinNegativeValues(args, SERVE_OPTIONS), allowPositionals: false, options: SERVE_OPTIONS }).values;
  } catch (error) {
    console.error(formatUsageError(command, parseArgsMessage(error, SERVE_OPTIONS)));
    return 2;
  }
  if (parsed.help) {
    console.log(help(command));
    return 0;
  }
  let numbers: ReturnType<typeof commandLineNumbers>;
  let keyEntries: [string, string][];
  try {
    numbers = commandLineNumbers(parsed);
    keyEntries = apiKeyEntries(parsed["api-key"] ?? []);
  } catch (error) {
    // a bad number, an empty key or clashing options are a usage error, as an unknown option is (a bad file is not: exit 1)
    console.error(formatUsageError(command, error instanceof Error ? error.message : String(error)));
    return 2;
  }
  let apiKeys: ApiKeyConfig | undefined;
  let options: DevServerOptions;
  let server: DevServer;
  try {
    apiKeys = commandLineApiKeys(keyEntries, parsed["keys-file"] === undefined ? undefined : resolve(parsed["keys-file"]));
    const logger = createLogger({ verbose: parsed.verbose === true, secrets: keysOf(apiKeys), sink: (level, message) => console.error(`[honeyhive] ${level}: ${message}`) });
    options = serverOptions(parsed, numbers, apiKeys, logger);
    server = await createDevServer(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const portInUse = (error as { code?: unknown } | null)?.code === "EADDRINUSE";
    console.error(portInUse ? `${message} (another port: --port <n>, then HH_API_URL with that port)` : message);
    return 1;
  }
  const stopped = runUntilSignal(server, options.inMemory === true); // listening to signals before saying how to send one
  printBanner(server, apiKeys !== undefined);
  return stopped;
}
