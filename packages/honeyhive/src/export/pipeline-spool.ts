import type { Logger } from "../internal/logger";
import { DiskSpool, type SessionWriteSender } from "./disk-spool";
import type { ResolvedPipelineOptions, SpoolOptions } from "./pipeline-options";
import { SpoolDrainer } from "./spool-drainer";

/**
 * A pipeline's side of its disk spool: keeps bodies the collector could not take, tracks whether the
 * collector is down (then batches go to disk unsent and only the drainer's timer probes), and drains the
 * spool when the collector is back. Never throws.
 */
export class PipelineSpool {
  readonly #spool: DiskSpool;
  readonly #drainer: SpoolDrainer;
  readonly #json: boolean;
  readonly #logger: Logger;
  #dirty = true;
  #outage = false;
  #spooled = 0;
  #started = false;

  /** Builds the spool's objects only; {@link start} sends what earlier processes left. */
  constructor(spool: SpoolOptions, options: ResolvedPipelineOptions, apiKey: string, signal: AbortSignal, logger: Logger, sendSession?: SessionWriteSender) {
    this.#logger = logger;
    this.#json = options.protocol === "http/json";
    // every rejected file is its own warning; other spool problems (a directory that cannot be used) once each
    this.#spool = new DiskSpool(spool, (m) => (m.startsWith("spool: rejected file") ? logger.warn(m) : logger.warnOnce(`spool:${m.slice(0, 40)}`, m)));
    this.#drainer = new SpoolDrainer(this.#spool, options, apiKey, signal, () => void (this.#outage = false), sendSession);
  }

  /** Activation: sends the spans an earlier process (or tracer) could not deliver. Once; never throws. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    void this.drain();
  }

  /** True while the collector is known to be down: new batches go to disk unsent. */
  get outage(): boolean {
    return this.#outage;
  }

  /** Counters for the pipeline's stats (`diagnostics()`). */
  counters(): { spooled: number; delivered: number; rejected: number; droppedSpans: number; rejectedFiles: number } {
    return {
      spooled: this.#spooled, delivered: this.#drainer.delivered, rejected: this.#drainer.rejected,
      droppedSpans: this.#spool.droppedSpans, rejectedFiles: this.#spool.rejectedFiles,
    };
  }

  /**
   * True while spooled spans may be waiting: files were kept, or a drain has not yet found the spool empty (files
   * claimed by another live process count: they are not sent yet).
   */
  get waiting(): boolean {
    return this.#dirty;
  }

  /** Keeps one encoded body; resolves false when it could not be written. */
  async keep(body: string | Uint8Array, count: number): Promise<boolean> {
    const kept = await this.#spool.keep(body, count, this.#json);
    if (kept) {
      this.#spooled += count;
      this.#dirty = true;
      this.#drainer.retryLater();
      if (this.#spooled === count) this.#logger.warn(`span export failed: keeping spans in the spool ${this.#spool.dir} until the collector recovers`);
    }
    return kept;
  }

  /**
   * Keeps one session write the API could not take (see `SessionClient`); resolves false when it could not be
   * written. New batches go to disk behind it until a drain replays it: a session is created, named, before its spans.
   */
  async keepSessionWrite(record: string): Promise<boolean> {
    const kept = await this.#spool.keepSessionWrite(record);
    if (kept) {
      this.#dirty = true;
      this.#outage = true;
      this.#drainer.retryLater();
    }
    return kept;
  }

  /** A batch was only spooled (nothing delivered): the collector is down. */
  markOutage(): void {
    this.#outage = true;
  }

  /** A batch was delivered: the collector is up; send what the spool holds. */
  exportSucceeded(): void {
    this.#outage = false;
    if (this.#dirty) void this.drain();
  }

  /** What a flush should wait for besides its queued spans: a drain while the collector is up, else nothing. */
  drainForFlush(): Promise<void> | undefined {
    return this.#dirty && !this.#outage ? this.drain() : undefined;
  }

  /**
   * Sends the spool; files left unsent mean the collector is (still) down, unless all that is left is claimed by
   * another live process (then the collector is not known to be down). Never rejects.
   */
  drain(): Promise<void> {
    return this.#drainer.drain().then(
      (end) => {
        this.#dirty = end !== "empty";
        if (end === "waiting") this.#outage = true;
      },
      () => undefined,
    );
  }

  /** Stops the drainer's retries (at shutdown). */
  stop(): void {
    this.#drainer.stop();
  }
}
