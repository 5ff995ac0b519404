import type { Attributes, ContextManager } from "@opentelemetry/api";
import type { FetchLike } from "./fetch-like";

/**
 * Where the SDK runs: everything that differs between Node and the other runtimes sits behind this one
 * interface, read through `runtime/platform.ts` (the Node runtime; in the published build, the runtime its entry
 * point installed: the Node one, or the neutral one under the `workerd` / `edge-light` / `worker` / `browser` export
 * conditions, `runtime/platform-slot.ts`). No other module reads `process`,
 * imports a Node built-in or probes a global to learn the runtime.
 */
export interface Runtime {
  /** Which build this is. */
  readonly build: "node" | "neutral";
  /** The host detected at load: node, bun, deno, workerd, edge-light, browser or unknown. */
  readonly host: RuntimeHost;
  /** `byteCount` random bytes as lowercase hex (span and trace ids). */
  randomHex(byteCount: number): string;
  /** A new random (v4) UUID in lowercase (session ids; Node: node:crypto's, which the build loads anyway). */
  randomUUID(): string;
  /** Lowercase hex sha256 of the UTF-8 bytes of `text` (the `EXT-` ids; must equal the Python SDK's). */
  sha256Hex(text: string): string;
  /** Bytes for the OTLP encoder. */
  readonly bytes: ByteSupport;
  /** Base64 decoding and incremental hashing for attachment extraction (`attachments/`). */
  readonly attachmentBytes: AttachmentByteSupport;
  /** The transport: the default fetch for foreground and background requests. */
  readonly transport: RuntimeTransport;
  /**
   * gzip of a request body, off the calling thread where the runtime can (Node: zlib on the thread pool; elsewhere
   * `CompressionStream`); undefined where the runtime has neither (bodies are then sent uncompressed).
   */
  readonly gzip: ((data: Uint8Array) => Promise<Uint8Array>) | undefined;
  /** The entry script's path (the default session name), when the runtime has one. */
  scriptPath(): string | undefined;
  /** Resource attributes of the process: runtime name and version, pid, host name where known. */
  processAttributes(): Attributes;
  /** A context manager that follows async work (AsyncLocalStorage), or a synchronous stack one where none exists. */
  createContextManager(): { manager: ContextManager; followsAsync: boolean };
  /** Where this runtime's AsyncLocalStorage comes from (`diagnose()`), or undefined when it has none. */
  asyncLocalStorageSource(): string | undefined;
  /**
   * Installs the process exit hooks (Node: `beforeExit`, `SIGTERM`, `exit`, and `SIGINT` on demand); returns their
   * handle, or undefined where there are none.
   */
  installExitHooks(hooks: ExitHooks): InstalledExitHooks | undefined;
  /** Schedules `fn` after the current I/O (Node: `setImmediate`; elsewhere a zero timer). */
  soon(fn: () => void): unknown;
  /** Cancels what {@link soon} scheduled. */
  cancelSoon(handle: unknown): void;
  /**
   * Capabilities this runtime lacks and the fallback used for each (one line each; the tracer logs them once
   * per process at activation). Empty on Node.
   */
  fallbacks(): readonly string[];
  /** Node-only capabilities (files, processes, module loading); undefined in the neutral build. */
  readonly node: NodeHost | undefined;
}

/** The runtime hosts the SDK knows. */
export type RuntimeHost = "node" | "bun" | "deno" | "workerd" | "edge-light" | "browser" | "unknown";

/** Byte helpers the OTLP encoder uses (Node: Buffer; elsewhere Uint8Array + TextEncoder). */
export interface ByteSupport {
  /** A new, uninitialised byte array of `size` bytes. */
  alloc(size: number): Uint8Array;
  /** UTF-8 byte length of `s`. */
  utf8Length(s: string): number;
  /** Writes `s` as UTF-8 at `offset` (room for `length` bytes was ensured); returns the bytes written. */
  writeUtf8(target: Uint8Array, s: string, offset: number, length: number): number;
}

/** An incremental SHA-256. */
export interface IncrementalSha256 {
  update(bytes: Uint8Array): void;
  /** Lowercase hex of the digest (once). */
  hex(): string;
}

/** What attachment extraction needs from the runtime. */
export interface AttachmentByteSupport {
  /** A new byte array of `size` bytes. */
  alloc(size: number): Uint8Array;
  /** Base64 (standard, padded) of `bytes`. */
  encodeBase64(bytes: Uint8Array): string;
  /** Decodes base64 (standard or URL-safe) `text` into `target` from `offset`; returns the bytes written (invalid text: 0). */
  decodeBase64Into(target: Uint8Array, text: string, offset: number): number;
  /** An incremental SHA-256 (Node: node:crypto), or undefined where only Web Crypto's one-shot digest exists. */
  sha256(): IncrementalSha256 | undefined;
}

/** The runtime's default transport. */
export interface RuntimeTransport {
  /** Requests whose caller waits (flush, REST calls). */
  readonly fetch: FetchLike;
  /**
   * Background requests (session starts and updates): on Node they never keep the process alive by themselves, and go
   * pipelined on a few keep-alive sockets (decision record 0087).
   */
  readonly background: FetchLike;
  /**
   * Span export (background too): on Node a connection pool of its own, so exports never wait behind API calls
   * (nor those behind exports); elsewhere the same fetch.
   */
  readonly export: FetchLike;
  /** True for the runtime's own transport, which handles `timeoutMs` natively. */
  isNative(fetchImpl: FetchLike): boolean;
}

/** The termination signals the exit hooks hear: SIGTERM always, SIGINT only while asked to ({@link InstalledExitHooks.listenSigint}). */
export type ExitSignal = "SIGTERM" | "SIGINT";

/** What the exit hooks call. */
export interface ExitHooks {
  /** The event loop is about to empty: flush within the budget. */
  beforeExit(): void;
  /**
   * A termination signal arrived: flush, then, unless `othersListen()` (asked when the flush is over: the application
   * handles the signal itself), let the signal take its course (`rethrow`). `othersListen()` is true when any listener
   * for `name` other than the hooks' own one is there (the hooks install one listener per signal).
   */
  signal(name: ExitSignal, rethrow: () => void, othersListen: () => boolean): void;
  /** The process is exiting (Node: `exit`, e.g. `process.exit()`): nothing asynchronous can run any more. */
  exit(): void;
  /**
   * An uncaught error is about to end the process (Node: `uncaughtExceptionMonitor` with no `uncaughtException`
   * listener to keep it alive); `exit` follows at once, with no `beforeExit`. Only observed, never handled.
   */
  crash(): void;
}

/** Exit hooks once installed. */
export interface InstalledExitHooks {
  /** Removes every listener the hooks installed. */
  undo(): void;
  /**
   * Listens for SIGINT (`true`) or leaves it to the runtime's default again (`false`: Node ends the process at once).
   * The hooks listen for it only while something needs it (an evaluate() run in progress).
   */
  listenSigint(listen: boolean): void;
}

/** Installed copies of a package (a framework's own nested copy of a provider client, next to the app's). */
export interface PackageCopies {
  /** Package directories (real paths) of every installed copy of `name` reachable from the working directory, the hoisted one first. */
  installedCopies(name: string): string[];
  /** The version of the package at `dir`, or "unknown". */
  packageVersion(dir: string): string;
  /** The copy at `dir` as `require` gives it (loading it); undefined when it cannot be loaded. */
  requireCopy(dir: string): unknown;
  /** The copy at `dir` as an ES module through `require(esm)` (Node 20.19+ / 22.12+), undefined where that is not available; the caller checks it is the ESM loader's instance. */
  requireModuleCopy(dir: string): unknown;
  /** The copy at `dir` as `import` gives it (the ESM loader's instance): the `import()` promise, rejecting when it cannot be imported. */
  importCopy(dir: string): Promise<unknown>;
  /** The CommonJS exports of the copy at `dir` if it is loaded already; loads nothing. */
  loadedCommonJs(dir: string): unknown;
}

/** Node-only capabilities: the disk spool, evaluate()'s git and file helpers, module loading, stream observation. */
export interface NodeHost {
  readonly files: NodeFiles;
  /** Runs `git` (or another program) and resolves its trimmed stdout, or undefined on any failure. */
  execFileText(file: string, args: string[], options: { cwd: string; timeoutMs: number }): Promise<string | undefined>;
  /** Loads a CommonJS package from the application (then the SDK); undefined when it is not installed. */
  loadModule(name: string): unknown;
  /** Loads `name` as the installed package `owner` resolves it (its nested copy, else the hoisted one); undefined when either is missing. */
  loadModuleOf(owner: string, name: string): unknown;
  /** Every installed copy of a package and how to load one (`runtime/node/package-copies.ts`). */
  readonly packageCopies: PackageCopies;
  /** Absolute paths of the module files this process loaded, CommonJS and ES modules (`diagnose()`); empty when unknown. */
  loadedModuleFiles(): string[];
  /** The files of the CommonJS modules that required a loaded file; undefined when it was not first loaded by `require` (who uses it is unknown). */
  requirersOf(file: string): string[] | undefined;
  /** The exports (or ES namespace) of an already loaded module file; undefined when unreadable. */
  loadedModuleExports(file: string): Promise<unknown>;
  /** Calls `done` once when a Node Readable ended, failed or was destroyed. */
  whenStreamFinished(stream: object, done: (error?: unknown) => void): void;
  /** Lets an AbortSignal have any number of listeners (evaluate()'s datapoints in flight). */
  allowManyListeners(signal: AbortSignal): void;
  /** SHA-1 digest of the UTF-8 bytes of `text` (name-based run ids, as `honeyhive eval --run-id` derives them). */
  sha1(text: string): Uint8Array;
  /** The current working directory. */
  cwd(): string;
  /** The process id and whether another process id is alive (spool claims). */
  readonly pid: number;
  isProcessAlive(pid: number): boolean;
  /** Where evaluate() writes progress and results. */
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  /** A new file of the system's temporary directory for bytes kept off the memory, or undefined when there is none. */
  openScratchFile(): ScratchFile | undefined;
}

/** Bytes kept in a file and read back by position ({@link NodeHost.openScratchFile}); every method may throw. */
export interface ScratchFile {
  /** Writes all of `bytes` at `position`. */
  write(bytes: Uint8Array, position: number): void;
  /** Fills `into` with the bytes at `position`. */
  read(into: Uint8Array, position: number): void;
  /** Closes the file and gives its space back. Never throws. */
  close(): void;
}

/** What {@link NodeFiles.readRegularFile} found at a path. */
export type RegularFileRead =
  | { readonly kind: "read"; readonly bytes: Uint8Array }
  | { readonly kind: "missing" }
  | { readonly kind: "not-regular" }
  | { readonly kind: "too-large" };

/** The file operations the disk spool, dataset loading and the caches use (node:fs/promises and node:path). */
export interface NodeFiles {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  readdir(path: string): Promise<string[]>;
  readFile(path: string): Promise<Uint8Array>;
  /** A file's bytes a chunk at a time (a dataset file streamed line by line), without holding it whole. */
  readChunks(path: string): AsyncIterable<Uint8Array>;
  /**
   * A regular file's bytes when it holds at most `maxBytes`; a FIFO, a device, a directory or a larger file is refused
   * without being read (`read-regular-file.ts`). For files other processes may have replaced (caches).
   */
  readRegularFile(path: string, maxBytes: number): Promise<RegularFileRead>;
  /** For callers that must know a file's content synchronously (a test file declaring its tests from a dataset). */
  readFileSync(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  stat(path: string): Promise<{ size: number; mtimeMs: number }>;
  /** Sets a file's access and modification times (seconds since the epoch): a spool claim's heartbeat. */
  utimes(path: string, atime: number, mtime: number): Promise<void>;
  unlink(path: string): Promise<void>;
  join(...parts: string[]): string;
  dirname(path: string): string;
  resolve(...parts: string[]): string;
}

/** The message for a Node-only feature reached from another runtime. */
export function nodeOnlyMessage(feature: string, host: RuntimeHost): string {
  return `${feature} needs Node.js (files, processes); it is not available in the runtime-neutral build (running on ${host}). See "Runtimes" in the documentation (docs/guide/runtimes.md).`;
}
