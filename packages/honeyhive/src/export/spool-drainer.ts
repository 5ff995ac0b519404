import { sendHttp } from "../transport/send-http";
import { runtime } from "../runtime/platform";
import type { DiskSpool, SessionWriteSender, SpoolSendOutcome, SpooledBody } from "./disk-spool";

/** How a drain ended: `empty` (nothing left), `held` (only files claimed by live owners wait), `waiting` (the rest). */
type DrainEnd = "empty" | "held" | "waiting";
import type { ResolvedPipelineOptions } from "./pipeline-options";

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 5000;

/**
 * Sends a pipeline's spool back to the collector: at start, after every successful export (the collector
 * recovered), and on an `unref()`ed retry timer with backoff while files remain. One drain at a time per
 * pipeline; never throws.
 */
export class SpoolDrainer {
  readonly #spool: DiskSpool;
  readonly #post: (item: SpooledBody) => Promise<SpoolSendOutcome>;
  readonly #signal: AbortSignal;
  #running: Promise<DrainEnd> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #retryMs = RETRY_MIN_MS;
  #pending = false;
  #stopped = false;
  delivered = 0;
  rejected = 0;

  /**
   * @param onDelivered - called when spooled spans or session writes were delivered (the backend is back).
   * @param sendSession - replays spooled session writes (sent before the spans); without it they are left in place.
   */
  constructor(
    spool: DiskSpool, options: ResolvedPipelineOptions, apiKey: string, signal: AbortSignal,
    private readonly onDelivered: () => void = () => undefined, private readonly sendSession?: SessionWriteSender,
  ) {
    this.#spool = spool;
    this.#signal = signal;
    const headers = { ...options.headers, Authorization: `Bearer ${apiKey}` };
    this.#post = async (item) => {
      const result = await sendHttp(
        { url: options.endpoint, method: "POST", headers: { ...headers, "Content-Type": item.contentType }, body: item.body },
        // two quick retries: a pooled keep-alive socket the restarted collector closed fails once
        { timeoutMs: options.exportTimeoutMs, maxRetries: 2, initialBackoffMs: 50, fetch: options.fetch ?? runtime.transport.export, pool: "export", signal, background: true, compression: options.compression },
      );
      if (result.ok) return "delivered";
      return result.retryable || result.status === undefined ? "retry-later" : "rejected";
    };
  }

  /**
   * Starts a drain unless one runs; resolves how it ended. While files wait (the collector is down, or another
   * process holds claims that may be abandoned later) a retry is scheduled.
   */
  drain(): Promise<DrainEnd> {
    if (this.#stopped) return Promise.resolve("waiting");
    if (this.#running) {
      this.#pending = true;
      return this.#running;
    }
    this.#clearTimer();
    this.#running = this.#spool
      .drain(this.#post, this.#signal, this.sendSession)
      .then((result) => {
        this.delivered += result.delivered;
        this.rejected += result.rejected;
        if (result.delivered > 0 || result.sessionWrites > 0) {
          this.#retryMs = RETRY_MIN_MS;
          this.onDelivered();
        }
        const end: DrainEnd = result.empty ? "empty" : result.heldElsewhere > 0 ? "held" : "waiting";
        return end;
      })
      .catch((): DrainEnd => "waiting")
      .then((end) => {
        this.#running = undefined;
        if (this.#pending && !this.#stopped) {
          this.#pending = false;
          return this.drain();
        }
        if (end !== "empty") this.#scheduleRetry();
        return end;
      });
    return this.#running;
  }

  /** Makes sure a later drain is scheduled (something was just spooled); no-op while one is pending or running. */
  retryLater(): void {
    if (this.#running === undefined) this.#scheduleRetry();
  }

  /** Stops retrying (at shutdown). */
  stop(): void {
    this.#stopped = true;
    this.#clearTimer();
  }

  #scheduleRetry(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.drain();
    }, this.#retryMs);
    this.#timer.unref();
    this.#retryMs = Math.min(RETRY_MAX_MS, this.#retryMs * 2);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
