import { type NodeHost, nodeOnlyMessage } from "../runtime/runtime";
import { runtime } from "../runtime/platform";
import { describeError } from "../internal/safe-invoke";
import { countJsonSpans, countProtobufSpans } from "../otlp/count-spans";
import { ownerState } from "@honeyhive/core/process/owner-record";
import { claimPath, parseClaim, startHeartbeat, tempFileAbandoned } from "./spool-claims";
import { type DrainResult, FILE, type SendOneOutcome, type Senders, type SessionWriteSender, type SpoolSendOutcome, type SpooledBody, isSessionFile, isSpanFile, isSpoolFile } from "./spool-files";
import { decodeUtf8, encodeUtf8 } from "../internal/utf8";

const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

export type { SessionWriteSender, SpoolSendOutcome, SpooledBody } from "./spool-files";

// The spool is Node-only: the config resolver drops the option elsewhere; these throw (caught by the spool) if reached anyway.
function host(): NodeHost {
  if (runtime.node) return runtime.node;
  throw new Error(nodeOnlyMessage("the disk spool", runtime.host));
}

const mkdir = (path: string, options: { recursive: true }): Promise<unknown> => host().files.mkdir(path, options);
const readdir = (path: string): Promise<string[]> => host().files.readdir(path);
const readFile = (path: string): Promise<Uint8Array> => host().files.readFile(path);
const writeFile = (path: string, data: Uint8Array): Promise<void> => host().files.writeFile(path, data);
const rename = (from: string, to: string): Promise<void> => host().files.rename(from, to);
const stat = (path: string): Promise<{ size: number; mtimeMs: number }> => host().files.stat(path);
/** Sets a file's modification time to now (a claim's heartbeat). */
const touch = (path: string): Promise<void> => {
  const now = Date.now() / 1000;
  return host().files.utimes(path, now, now);
};
const unlink = (path: string): Promise<void> => host().files.unlink(path);
const join = (...parts: string[]): string => host().files.join(...parts);
const processId = (): number => host().pid;

/**
 * A bounded, crash-safe directory of encoded OTLP request bodies that the collector could not take (the
 * OpenTelemetry Collector's persistent queue is the model). Each body is one file, written to a temporary
 * name and renamed into place, so a killed process leaves either a whole file or none. Files are named by
 * time, so the oldest is sent first and removed first when the spool would exceed `maxBytes`. Processes
 * sharing a directory claim a file by renaming it before sending it, so each file is sent by one process;
 * abandoned claims (a dead or restarted owner, or no heartbeat: `spool-claims.ts`) are released. A file is deleted only after the collector accepted it (a crash
 * between the answer and the delete sends it again: at-least-once across crashes).
 */
export class DiskSpool {
  readonly dir: string;
  readonly maxBytes: number;
  #ready: Promise<boolean> | undefined;
  #counter = 0;
  #lastWrittenMs = 0;
  #bytes: number | undefined;
  #droppedSpans = 0;
  #rejectedFiles = 0;

  constructor(
    options: { dir: string; maxBytes?: number },
    private readonly warn: (message: string) => void,
  ) {
    this.dir = options.dir;
    const max = options.maxBytes;
    this.maxBytes = typeof max === "number" && Number.isFinite(max) && max > 0 ? Math.floor(max) : DEFAULT_MAX_BYTES;
  }

  /** Spans of the oldest files removed to stay under `maxBytes`. */
  get droppedSpans(): number {
    return this.#droppedSpans;
  }

  /** Files removed unsent or refused by the collector: not OTLP trace requests, empty, or answered 4xx. */
  get rejectedFiles(): number {
    return this.#rejectedFiles;
  }

  /** Stores one body; resolves false (with a warning) when it could not be written. Never rejects. */
  keep(body: string | Uint8Array, spanCount: number, json: boolean): Promise<boolean> {
    return this.#store(body, `${spanCount}.${json ? "json" : "pb"}`);
  }

  /**
   * Stores one session write (JSON, see {@link SessionWriteSender}); it counts towards `maxBytes` like a batch.
   * Resolves false (with a warning) when it could not be written. Never rejects.
   */
  keepSessionWrite(record: string): Promise<boolean> {
    return this.#store(record, "session.json");
  }

  /** Prepares the directory and writes `body` as the next file ending in `suffix`; false (with a warning) on failure. */
  async #store(body: string | Uint8Array, suffix: string): Promise<boolean> {
    try {
      if (!(await this.#prepare())) return false;
      return await this.#write(typeof body === "string" ? encodeUtf8(body) : body, suffix);
    } catch (error) {
      this.warn(`spool: could not write to ${this.dir}: ${describeError(error)}`);
      return false;
    }
  }

  /** Writes `bytes` as the next file (`<time>-<pid>-<n>-<suffix>`): a temporary name renamed into place. */
  async #write(bytes: Uint8Array, suffix: string): Promise<boolean> {
    if (bytes.byteLength > this.maxBytes) return false;
    await this.#makeRoom(bytes.byteLength);
    // never earlier than this process's previous file: writes of one session replay in the order they were made
    this.#lastWrittenMs = Math.max(this.#lastWrittenMs, Date.now());
    const name = `${String(this.#lastWrittenMs).padStart(15, "0")}-${processId()}-${String(++this.#counter).padStart(10, "0")}-${suffix}`;
    const temp = join(this.dir, `.tmp-${name}`);
    await writeFile(temp, bytes);
    await rename(temp, join(this.dir, name));
    this.#bytes = (this.#bytes ?? 0) + bytes.byteLength;
    return true;
  }

  /**
   * Sends spooled bodies oldest first with `send` until the spool is empty, one must be retried later (the
   * collector is still unavailable), only files claimed by live owners are left, or `signal` aborts. Never rejects.
   */
  async drain(send: (item: SpooledBody) => Promise<SpoolSendOutcome>, signal: AbortSignal, sendSession?: SessionWriteSender): Promise<DrainResult> {
    const result: DrainResult = { delivered: 0, rejected: 0, sessionWrites: 0, empty: false, heldElsewhere: 0 };
    const senders: Senders = { send, sendSession };
    try {
      // a directory that cannot be used (warned about once) holds nothing to send: it must not read as an outage
      if (!(await this.#prepare())) return { ...result, empty: true };
      await this.#sweep();
      // passes until the directory is empty: files written (or claims released) while a pass runs are sent by the next one
      for (let idlePasses = 0; idlePasses < 2; ) {
        // session writes first (a pass stops at the first one to retry later): a session exists before its spans arrive
        const names = sendSession ? [...(await this.#files(isSessionFile)), ...(await this.#files())] : await this.#files();
        if (names.length === 0) {
          const { released, held } = await this.#sweep();
          if (released > 0) continue;
          result.heldElsewhere = held;
          result.empty = held === 0;
          return result;
        }
        const pass = await this.#sendPass(names, senders, signal, result);
        if (pass === "stop") return result;
        idlePasses = pass === "moved" ? 0 : idlePasses + 1;
      }
      // files are there but every one was taken by another process: they wait, and the collector is not known to be down
      result.heldElsewhere = Math.max(1, (await this.#sweep()).held);
    } catch (error) {
      this.warn(`spool: could not read ${this.dir}: ${describeError(error)}`);
    }
    return result;
  }

  /** Sends `names` oldest first; "stop" when the collector wants a retry later or `signal` aborted. */
  async #sendPass(names: string[], senders: Senders, signal: AbortSignal, result: DrainResult): Promise<"moved" | "idle" | "stop"> {
    let moved = false;
    for (const name of names) {
      if (signal.aborted) return "stop";
      const outcome = await this.#sendOne(name, senders);
      if (outcome === undefined) continue; // another process took it
      if (outcome.outcome === "retry-later") return "stop";
      moved = true;
      if (outcome.outcome === "delivered") {
        result.delivered += outcome.spanCount;
        if (outcome.session) result.sessionWrites += 1;
      } else result.rejected += outcome.spanCount;
    }
    return moved ? "moved" : "idle";
  }

  async #sendOne(name: string, senders: Senders): Promise<SendOneOutcome | undefined> {
    const match = FILE.exec(name);
    const session = isSessionFile(name) ? senders.sendSession : undefined;
    if (!match && !session) return undefined;
    const path = join(this.dir, name);
    const claimed = claimPath(path, processId(), ++this.#counter);
    try {
      // fresh before it is visible as a claim: a claim's age is the time since its owner last touched it
      await touch(path);
      await rename(path, claimed);
    } catch {
      return undefined; // another process took it
    }
    const stopHeartbeat = startHeartbeat(claimed, touch);
    try {
      let body: Uint8Array;
      try {
        body = await readFile(claimed);
      } catch {
        await rename(claimed, path).catch(() => undefined); // never leave a claim behind; released claims are retried
        return undefined;
      }
      const sent = session
        ? { outcome: await session(body).catch((): SpoolSendOutcome => "retry-later"), spanCount: 0, session: true, refused: `${name}: a session write the API refused (or not one this SDK can read); removed` }
        : await this.#sendBatch(name, body, match?.[5] === "json", senders.send);
      if (sent.outcome === "retry-later") await rename(claimed, path).catch(() => undefined);
      else if (sent.outcome === "rejected") await this.#reject(claimed, body.byteLength, sent.refused);
      else await this.#remove(claimed, body.byteLength);
      return sent;
    } finally {
      stopHeartbeat();
    }
  }

  /** Sends a claimed batch; a body that is not an OTLP trace request (or holds no spans) is refused unsent. */
  async #sendBatch(name: string, body: Uint8Array, json: boolean, send: (item: SpooledBody) => Promise<SpoolSendOutcome>): Promise<SendOneOutcome & { refused: string }> {
    // The counters trust what the file holds, never its name (a file can be damaged or not ours).
    const spanCount = json ? countJsonSpans(decodeUtf8(body)) : countProtobufSpans(body);
    if (spanCount === undefined || spanCount === 0) {
      return { outcome: "rejected", spanCount: 0, refused: `${name}: ${spanCount === 0 ? "holds no spans" : "is not an OTLP trace request"} (${body.byteLength} bytes); removed unsent` };
    }
    const outcome = await send({ body, contentType: json ? "application/json" : "application/x-protobuf", spanCount });
    return { outcome, spanCount, refused: `${name}: the collector refused its ${spanCount} spans (counted in diagnostics().dropped.exportFailed)` };
  }

  async #reject(path: string, size: number, why: string): Promise<void> {
    this.#rejectedFiles += 1;
    this.warn(`spool: rejected file ${why}`);
    await this.#remove(path, size);
  }

  async #remove(path: string, size: number): Promise<void> {
    await unlink(path).catch(() => undefined);
    this.#bytes = Math.max(0, (this.#bytes ?? 0) - size);
  }

  #prepare(): Promise<boolean> {
    this.#ready ??= mkdir(this.dir, { recursive: true }).then(
      () => true,
      (error: unknown) => {
        this.warn(`spool: cannot use ${this.dir}: ${describeError(error)}; spans the collector cannot take are dropped`);
        return false;
      },
    );
    return this.#ready;
  }

  /** Span files (or the files `which` accepts), oldest first (names start with the time). */
  async #files(which: (name: string) => boolean = isSpanFile): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter(which).sort();
  }

  /**
   * Releases abandoned claims (renamed back, to be sent again) and removes abandoned temporary files; counts the
   * claims still held by a live owner.
   */
  async #sweep(): Promise<{ released: number; held: number }> {
    let released = 0;
    let held = 0;
    const now = Date.now();
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name);
      const claim = parseClaim(name);
      if (claim !== undefined) {
        const modified = (await stat(path).catch(() => undefined))?.mtimeMs;
        if (modified === undefined) continue; // finished meanwhile
        if (ownerState(claim, now - modified, host()) === "held") held += 1;
        else if (await rename(path, join(this.dir, claim.original)).then(() => true, () => false)) released += 1;
      } else if (name.startsWith(".tmp-") && tempFileAbandoned(name, now, host())) await unlink(path).catch(() => undefined);
    }
    return { released, held };
  }

  /** Spans a spool file holds (decoded; 0 when it is not a well-formed request). */
  async #spansIn(name: string): Promise<number> {
    if (isSessionFile(name)) return 0;
    const body = await readFile(join(this.dir, name));
    return (name.endsWith(".json") ? countJsonSpans(decodeUtf8(body)) : countProtobufSpans(body)) ?? 0;
  }

  /** Removes the oldest files until `incoming` more bytes fit under `maxBytes`. */
  async #makeRoom(incoming: number): Promise<void> {
    if (this.#bytes === undefined || this.#bytes + incoming > this.maxBytes) {
      let total = 0;
      const sizes: [string, number][] = [];
      for (const name of await this.#files(isSpoolFile)) {
        const size = (await stat(join(this.dir, name)).catch(() => undefined))?.size ?? 0;
        sizes.push([name, size]);
        total += size;
      }
      for (const [name, size] of sizes) {
        if (total + incoming <= this.maxBytes) break;
        try {
          const spans = await this.#spansIn(name);
          await unlink(join(this.dir, name));
          total -= size;
          this.#droppedSpans += spans;
        } catch {
          // taken by another process meanwhile
        }
      }
      this.#bytes = total;
    }
  }
}
