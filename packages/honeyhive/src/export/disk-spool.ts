import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describeError } from "../internal/safe-invoke";
import { countJsonSpans, countProtobufSpans } from "../otlp/count-spans";

/** Outcome of re-sending one spooled body. */
export type SpoolSendOutcome = "delivered" | "retry-later" | "rejected";

/** One spooled body, as {@link DiskSpool.drain} hands it to the sender. */
export interface SpooledBody {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly spanCount: number;
}

/** Counters of a drain. */
export interface DrainResult {
  delivered: number;
  rejected: number;
  /** True when the spool is empty (as far as this process can see). */
  empty: boolean;
}

const FILE = /^(\d{15})-(\d+)-(\d+)-(\d+)\.(pb|json)$/;
/** `<file>.claimed-<pid>-<process start token>-<n>`; claims of older versions have no start token. */
const CLAIM = /^(.+\.(?:pb|json))\.claimed-(\d+)-(?:([0-9a-z]+)-)?\d+$/;
const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
/**
 * This process's start time (ms since the epoch, base 36): with the PID it names a process uniquely even where PIDs
 * repeat across restarts (PID 1 in a container), so a claim left by an earlier process of the same PID is released.
 */
const PROCESS_TOKEN = Math.round(performance.timeOrigin).toString(36);
const PROCESS_STARTED_MS = Math.floor(performance.timeOrigin);

/** Whether the process that made a claim (`pid`, `token`) may still be running. */
function claimOwnerAlive(pid: number, token: string | undefined): boolean {
  if (pid === process.pid) return token === PROCESS_TOKEN;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A bounded, crash-safe directory of encoded OTLP request bodies that the collector could not take (the
 * OpenTelemetry Collector's persistent queue is the model). Each body is one file, written to a temporary
 * name and renamed into place, so a killed process leaves either a whole file or none. Files are named by
 * time, so the oldest is sent first and removed first when the spool would exceed `maxBytes`. Processes
 * sharing a directory claim a file by renaming it before sending it, so each file is sent by one process;
 * claims of dead processes are released. A file is deleted only after the collector accepted it (a crash
 * between the answer and the delete sends it again: at-least-once across crashes).
 */
export class DiskSpool {
  readonly dir: string;
  readonly maxBytes: number;
  #ready: Promise<boolean> | undefined;
  #counter = 0;
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
  async keep(body: string | Uint8Array, spanCount: number, json: boolean): Promise<boolean> {
    try {
      if (!(await this.#prepare())) return false;
      const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
      if (bytes.byteLength > this.maxBytes) return false;
      await this.#makeRoom(bytes.byteLength);
      const name = `${String(Date.now()).padStart(15, "0")}-${process.pid}-${String(++this.#counter).padStart(10, "0")}-${spanCount}.${json ? "json" : "pb"}`;
      const temp = join(this.dir, `.tmp-${name}`);
      await writeFile(temp, bytes);
      await rename(temp, join(this.dir, name));
      this.#bytes = (this.#bytes ?? 0) + bytes.byteLength;
      return true;
    } catch (error) {
      this.warn(`spool: could not write to ${this.dir}: ${describeError(error)}`);
      return false;
    }
  }

  /**
   * Sends spooled bodies oldest first with `send` until one must be retried later (the collector is still
   * unavailable) or `signal` aborts. Never rejects.
   */
  async drain(send: (item: SpooledBody) => Promise<SpoolSendOutcome>, signal: AbortSignal): Promise<DrainResult> {
    const result: DrainResult = { delivered: 0, rejected: 0, empty: false };
    try {
      if (!(await this.#prepare())) return result;
      await this.#releaseDeadClaims();
      // passes until the directory is empty: files written while a pass runs are sent by the next one
      for (let progress = true; progress; ) {
        const names = await this.#files();
        if (names.length === 0) {
          result.empty = true;
          break;
        }
        progress = false;
        for (const name of names) {
          if (signal.aborted) return result;
          const outcome = await this.#sendOne(name, send);
          if (outcome === undefined) continue; // another process took it
          if (outcome.outcome === "retry-later") return result;
          progress = true;
          if (outcome.outcome === "delivered") result.delivered += outcome.spanCount;
          else result.rejected += outcome.spanCount;
        }
      }
    } catch (error) {
      this.warn(`spool: could not read ${this.dir}: ${describeError(error)}`);
    }
    return result;
  }

  async #sendOne(name: string, send: (item: SpooledBody) => Promise<SpoolSendOutcome>): Promise<{ outcome: SpoolSendOutcome; spanCount: number } | undefined> {
    const match = FILE.exec(name);
    if (!match) return undefined;
    const path = join(this.dir, name);
    const claimed = `${path}.claimed-${process.pid}-${PROCESS_TOKEN}-${++this.#counter}`;
    try {
      await rename(path, claimed);
    } catch {
      return undefined;
    }
    let body: Buffer;
    try {
      body = await readFile(claimed);
    } catch {
      return undefined;
    }
    const json = match[5] === "json";
    // The counters trust what the file holds, never its name (a file can be damaged or not ours).
    const spanCount = json ? countJsonSpans(body.toString("utf8")) : countProtobufSpans(body);
    if (spanCount === undefined || spanCount === 0) {
      await this.#reject(claimed, body.byteLength, `${name}: ${spanCount === 0 ? "holds no spans" : "is not an OTLP trace request"} (${body.byteLength} bytes); removed unsent`);
      return { outcome: "rejected", spanCount: 0 };
    }
    const outcome = await send({ body, contentType: json ? "application/json" : "application/x-protobuf", spanCount });
    if (outcome === "retry-later") await rename(claimed, path).catch(() => undefined);
    else if (outcome === "rejected") await this.#reject(claimed, body.byteLength, `${name}: the collector refused its ${spanCount} spans (counted in diagnostics().dropped.exportFailed)`);
    else await this.#remove(claimed, body.byteLength);
    return { outcome, spanCount };
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

  /** Spool files, oldest first. */
  async #files(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter((n) => FILE.test(n)).sort();
  }

  async #releaseDeadClaims(): Promise<void> {
    for (const name of await readdir(this.dir)) {
      const claim = CLAIM.exec(name);
      if (claim && !claimOwnerAlive(Number(claim[2]), claim[3])) await rename(join(this.dir, name), join(this.dir, claim[1] as string)).catch(() => undefined);
      else if (name.startsWith(".tmp-") && !this.#tempOwnerAlive(name)) await unlink(join(this.dir, name)).catch(() => undefined);
    }
  }

  /** A `.tmp-<time>-<pid>-…` file is still being written unless its writer is gone (or was an earlier process of our PID). */
  #tempOwnerAlive(name: string): boolean {
    const [, written, pid] = name.split("-");
    if (Number(pid) === process.pid) return Number(written) >= PROCESS_STARTED_MS;
    return claimOwnerAlive(Number(pid), undefined);
  }

  /** Spans a spool file holds (decoded; 0 when it is not a well-formed request). */
  async #spansIn(name: string): Promise<number> {
    const body = await readFile(join(this.dir, name));
    return (name.endsWith(".json") ? countJsonSpans(body.toString("utf8")) : countProtobufSpans(body)) ?? 0;
  }

  /** Removes the oldest files until `incoming` more bytes fit under `maxBytes`. */
  async #makeRoom(incoming: number): Promise<void> {
    if (this.#bytes === undefined || this.#bytes + incoming > this.maxBytes) {
      let total = 0;
      const sizes: [string, number][] = [];
      for (const name of await this.#files()) {
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
