import { startDeadline, startDelay, stopTimer } from "../internal/timers";
import { runtime } from "../runtime/platform";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { createLogger, type Logger } from "../internal/logger";
import { describeError } from "../internal/safe-invoke";
import { withTimeout } from "../internal/with-timeout";
import { type BatchResult, type BatchSender, createExporterSender, createHttpSender, refusalHint, shutdownExporter } from "./batch-sender";
import { BoundedQueue } from "./bounded-queue";
import { BatchesInFlight } from "./batches-in-flight";
import { clampTimeout } from "../internal/timer-delay";
import { DeliveryTracker } from "./delivery-tracker";
import { PipelineSpool } from "./pipeline-spool";
import { type PipelineStats, type ResolvedPipelineOptions, type SpanPipelineOptions, resolvePipelineOptions } from "./pipeline-options";
import { noteInternalError } from "../internal/guard";
import { type NormalizeBudget, attributeBudget } from "../normalize/budget";
import type { ExportStage } from "../seam/tracer-feature";
import { flushThroughStage } from "./flush-through-stage";

/** At shutdown, how long requests aborted at the deadline may take to be written to the disk spool. */
const SPOOL_WRITE_GRACE_MS = 1000;

/**
 * One tracer's export path: a bounded queue of finished spans, exported in batches (or one request per
 * span in `immediate` mode) as OTLP/HTTP with the tracer's own `Authorization: Bearer` key — or handed to
 * an OpenTelemetry `SpanExporter` when one is given.
 *
 * - `push` is O(1), never throws and never blocks: exports start asynchronously (a full batch on the next
 *   turn of the event loop, a partial one after `scheduledDelayMs` on an `unref()`ed timer that exists only
 *   while spans are queued). At most `maxConcurrentExports` requests are in flight — except with `requestScopedIo`
 *   (workerd, Edge), where exports start only in `flush()` and on a full batch, never on a timer or another answer.
 * - Spans are dropped and counted (see {@link PipelineStats}) when the queue is full, when a request still
 *   fails after its retries, after shutdown, and always when there is neither an API key nor an exporter
 *   (`noDestination`: nothing is ever sent, no network at all).
 * - Memory is bounded by `maxQueueSize` plus `maxConcurrentExports * maxExportBatchSize` spans.
 */
export class SpanPipeline {
  readonly #options: ResolvedPipelineOptions;
  readonly #logger: Logger;
  readonly #queue: BoundedQueue<ReadableSpan>;
  readonly #tracker = new DeliveryTracker();
  readonly #send: BatchSender | undefined;
  /** Stops the disk spool's work at shutdown (each export request has its own stop, in `#sending`). */
  readonly #abort = new AbortController();
  readonly #dropped = { queueFull: 0, exportFailed: 0, shutdown: 0, noDestination: 0 };
  /** The spans dropped before they were queued (see {@link wasDropped}); marked on the drop paths only. */
  readonly #droppedSpans = new WeakSet<ReadableSpan>();
  readonly #spool: PipelineSpool | undefined;
  /** The stage spans pass through before they are queued (a feature's: attachment extraction), if any. */
  readonly #stage: ExportStage | undefined;
  #truncated = 0;
  #exported = 0;
  /** Spans of requests aborted unanswered at the shutdown deadline, without a spool (see {@link PipelineStats.unconfirmed}). */
  #unconfirmed = 0;
  #inFlightRequests = 0;
  #inFlightSpans = 0;
  /** Batches being sent; at the shutdown deadline they are aborted (spooled, with a spool) or counted as dropped (shutdown). */
  readonly #sending = new BatchesInFlight();
  #drainTarget = 0;
  #timer: NodeJS.Timeout | undefined;
  #immediate: unknown;
  #closed = false;
  #stopped = false;
  #shutdown: Promise<boolean> | undefined;
  #warnedQueueFull = false;
  #failing = false;
  /** Holds in place ({@link holdUntil}): while any is, no export starts. */
  readonly #holds = new Set<object>();
  /**
   * How the SDK writes values into the attributes of the spans this pipeline exports (`trace()` inputs and outputs,
   * `enrichSpan`, `startSpan` options, masks): strings and JSON bounded by `maxAttributeBytes`, the same cut the export
   * budget makes, each cut counted in {@link PipelineStats.truncatedAttributes}.
   */
  readonly attributeBudget: Readonly<NormalizeBudget>;

  /** @param options - see {@link SpanPipelineOptions}; invalid numbers fall back to defaults with a warning. */
  constructor(options: SpanPipelineOptions) {
    this.#logger = options.logger ?? createLogger();
    this.#options = resolvePipelineOptions(options, (m) => this.#logger.warn(m), (m) => this.#logger.debug(m));
    this.#queue = new BoundedQueue(this.#options.maxQueueSize);
    this.attributeBudget = attributeBudget(this.#options.budget.maxAttributeBytes, (count) => void (this.#truncated += count));
    const { exporter, apiKey } = this.#options;
    if (exporter) this.#send = createExporterSender(exporter, this.#options.exportTimeoutMs);
    else if (apiKey) {
      const spool = this.#options.spool ? new PipelineSpool(this.#options.spool, this.#options, apiKey, this.#abort.signal, this.#logger, options.sessionReplay) : undefined;
      this.#spool = spool;
      this.#send = createHttpSender(this.#options, apiKey, {
        onTruncated: (count) => void (this.#truncated += count), spoolDirectly: () => spool?.outage === true,
        keepUndelivered: spool ? (body, count) => spool.keep(body, count) : undefined,
      });
    }
    this.#stage = options.stage && this.#send ? options.stage((span) => this.#enqueue(span)) : undefined;
  }

  /**
   * With a disk spool, keeps a session write the API could not take, to be replayed (by `sessionReplay`) before the
   * spooled spans; resolves false without a spool or when it could not be written. Never rejects.
   */
  keepSessionWrite(record: string): Promise<boolean> {
    return this.#spool ? this.#spool.keepSessionWrite(record) : Promise.resolve(false);
  }

  /** True when the pipeline has a disk spool. */
  get spools(): boolean {
    return this.#spool !== undefined;
  }

  /**
   * Starts no export (spans keep queueing, within the queue's bound) until `settled` settles or `maxMs` passes: a
   * tracer's own session, started when its first span starts, is answered before that session's spans are sent, so
   * the backend creates it from the start (name, inputs) and not from its spans (decision record 0034). A flush
   * releases every hold: the tracer's flush waits for its session starts first, within its time, and once that time
   * is spent sending the spans beats keeping them (the process may be exiting).
   */
  holdUntil(settled: Promise<unknown>, maxMs: number): void {
    if (this.#closed || this.#send === undefined) return;
    const hold = {};
    this.#holds.add(hold);
    const release = (): void => {
      stopTimer(timer);
      if (this.#holds.delete(hold)) this.#pump();
    };
    const timer = startDeadline(release, clampTimeout(maxMs));
    timer.unref?.();
    settled.then(release, release);
  }

  /** Activation: starts sending what the disk spool holds from earlier processes (when there is a spool). Idempotent. */
  start(): void {
    this.#spool?.start();
  }

  /** Queues a finished span for export. O(1); never throws; drops (and counts) when it cannot queue. */
  push(span: ReadableSpan): void {
    try {
      if (this.#closed) return this.#drop(span, "shutdown");
      if (this.#send === undefined) return this.#drop(span, "noDestination");
      if (typeof span?.spanContext !== "function") {
        // Not a ReadableSpan: it would make its whole batch fail to encode.
        this.#dropped.exportFailed++;
        this.#tracker.lostBeforeQueueing();
        this.#logger.warnOnce("span-pipeline-invalid-span", "span pipeline: ignored a value that is not a ReadableSpan");
        return;
      }
      if (this.#stage) this.#stage.push(span);
      else this.#enqueue(span);
    } catch (error) {
      noteInternalError(error); // never throw into user code
    }
  }

  /**
   * True when `span` was dropped before it was queued for export (a full queue, shutdown, no destination), so no event
   * of it reaches the server. O(1); false for a span not seen (yet) and for one queued, whatever its export's outcome.
   */
  wasDropped(span: ReadableSpan): boolean {
    return this.#droppedSpans.has(span);
  }

  /** Counts `span` dropped for `reason`, and marks it (see {@link wasDropped}). */
  #drop(span: ReadableSpan, reason: "shutdown" | "noDestination" | "queueFull"): void {
    this.#dropped[reason]++;
    this.#droppedSpans.add(span);
  }

  /** Queues a span (after the stage, when there is one). */
  #enqueue(span: ReadableSpan): void {
    if (this.#stopped) return this.#drop(span, "shutdown");
    if (this.#queue.length + this.#inFlightSpans >= this.#options.maxHeldSpans || !this.#queue.push(span)) {
      this.#drop(span, "queueFull");
      this.#tracker.lostBeforeQueueing();
      if (!this.#warnedQueueFull) {
        this.#warnedQueueFull = true;
        this.#logger.warn(`span export queue full (${this.#options.maxQueueSize} spans): dropping spans; see diagnostics().dropped.queueFull`);
      }
      return;
    }
    this.#tracker.accept();
    if (this.#options.mode === "immediate" || this.#queue.length >= this.#options.maxExportBatchSize) this.#schedulePump();
    else if (this.#timer === undefined) this.#startTimer();
  }

  /**
   * Exports everything queued now and resolves true once every span pushed before this call has been
   * delivered; false when any of them failed or was dropped (or a failure since the previous flush went
   * unreported), or when `timeoutMs` passes first. With no destination it resolves true at once. Never
   * rejects.
   */
  flush(timeoutMs = 30_000): Promise<boolean> {
    return flushThroughStage(this.#stage, timeoutMs, (ms) => this.#flushQueued(ms));
  }

  /**
   * Resolves true once every span pushed before this call has been delivered, false when one failed or `timeoutMs`
   * passed first. Unlike {@link flush} it only waits: no partial batch is sent early (spans go at the usual pace), no
   * hold is released, and a failure is still reported by the next flush. Never rejects.
   */
  whenDelivered(timeoutMs: number): Promise<boolean> {
    return flushThroughStage(this.#stage, timeoutMs, (ms) => (this.#send === undefined ? Promise.resolve(true) : this.#tracker.waitForAll(ms, false).done));
  }

  /**
   * Starts sending every span queued now, partial batches included, and releases the holds, without waiting for
   * anything (shutdown's first step: the spans go while the session requests and online evaluations finish).
   */
  sendQueued(): void {
    if (this.#send === undefined) return;
    this.#holds.clear();
    this.#drainTarget = Math.max(this.#drainTarget, this.#tracker.lastAccepted);
    this.#pump();
  }

  #flushQueued(timeoutMs: number): Promise<boolean> {
    try {
      if (this.#send === undefined) return Promise.resolve(true);
      this.#holds.clear();
      const { target, done } = this.#tracker.waitForAll(timeoutMs);
      if (target > this.#drainTarget) this.#drainTarget = target;
      this.#pump();
      // While the collector is up, the spool gets its chance within the same timeout (the result only reflects the
      // queued spans); during an outage only the drainer's own unref'ed timer probes (so an exit flush does no I/O).
      // flush is never true while spooled spans are waiting to be sent
      const spool = this.#spool;
      if (spool === undefined) return done;
      const drained = spool.drainForFlush();
      if (drained === undefined) return done.then((ok) => ok && !spool.waiting);
      return Promise.all([done, withTimeout(drained, clampTimeout(timeoutMs), undefined)]).then(([ok]) => ok && !spool.waiting);
    } catch {
      return Promise.resolve(false);
    }
  }

  /**
   * Stops accepting spans (later pushes are dropped as `shutdown`), flushes within `timeoutMs`, drops what is still
   * queued then (counted as `shutdown`) and aborts the requests still in flight: with a spool they are written to it
   * (the last quarter of `timeoutMs`, at most 1 s, is kept for that; counted as spooled); without one their spans are
   * counted as `unconfirmed`, not as dropped: the server may have stored them before the abort. Then shuts the
   * `exporter` seam down if one was given. Resolves true when every span accepted was delivered (and no failure since
   * the previous flush went unreported). Idempotent: every call returns the same promise. Never rejects.
   */
  shutdown(timeoutMs = 30_000): Promise<boolean> {
    this.#shutdown ??= this.#doShutdown(timeoutMs);
    return this.#shutdown;
  }

  /** A snapshot of the pipeline's counters. */
  stats(): PipelineStats {
    const spool = this.#spool?.counters();
    return {
      queued: this.#queue.length,
      inFlight: this.#inFlightSpans,
      exported: this.#exported,
      unconfirmed: this.#unconfirmed,
      // spooled spans the collector later refused (4xx) count as export failures
      dropped: { ...this.#dropped, exportFailed: this.#dropped.exportFailed + (spool?.rejected ?? 0), spoolFull: spool?.droppedSpans ?? 0 },
      truncatedAttributes: this.#truncated,
      spooled: spool?.spooled ?? 0,
      spoolDelivered: spool?.delivered ?? 0,
      spoolRejectedFiles: spool?.rejectedFiles ?? 0,
    };
  }

  async #doShutdown(timeoutMs: number): Promise<boolean> {
    const budget = clampTimeout(timeoutMs);
    const deadline = Date.now() + budget;
    // With a spool, a part of the budget is kept for writing the aborted requests to it: shutdown ends within timeoutMs.
    const spoolGrace = this.#spool ? Math.min(SPOOL_WRITE_GRACE_MS, budget / 4) : 0;
    this.#closed = true;
    let delivered = false;
    try {
      delivered = await this.flush(budget - spoolGrace);
    } catch (error) {
      noteInternalError(error); // flush never rejects; belt and braces
    }
    this.#stopped = true;
    this.#clearTimer();
    if (this.#immediate !== undefined) runtime.cancelSoon(this.#immediate);
    this.#immediate = undefined;
    this.#spool?.stop();
    this.#abort.abort();
    this.#sending.abortAll();
    // With a spool the aborted requests are written to it: wait for that, so their spans are counted once, as spooled.
    if (this.#spool) await this.#sending.whenSettled(Math.max(0, deadline - Date.now()));
    const unanswered = this.#abandonInFlight();
    const leftover = this.#queue.length;
    if (leftover > 0) {
      this.#queue.take(leftover);
      this.#dropped.shutdown += leftover;
      this.#tracker.discardQueued(leftover);
      this.#logger.warn(`shutdown: ${leftover} spans were still queued and have been dropped`);
    }
    this.#tracker.failAllWaiters();
    const exporter = this.#options.exporter;
    if (exporter) await shutdownExporter(exporter, deadline - Date.now(), this.#logger);
    return delivered && leftover === 0 && unanswered === 0;
  }

  /**
   * At the shutdown deadline: requests still in flight (now aborted) are counted, not left uncounted: as
   * `unconfirmed` (the server may have stored them before the abort: counting them dropped would report a loss that
   * may not have happened), or, when a spool kept them, already as spooled. Returns how many spans were unanswered.
   */
  #abandonInFlight(): number {
    const abandoned = this.#sending.abandonAll();
    if (abandoned === 0) return 0;
    this.#inFlightSpans -= abandoned;
    this.#unconfirmed += abandoned;
    this.#logger.warn(`shutdown: ${abandoned} spans were still being sent; the requests were aborted unanswered, so whether the server stored them is not known (counted in diagnostics().spansUnconfirmed)`);
    return abandoned;
  }

  #schedulePump(): void {
    if (this.#immediate !== undefined || this.#stopped) return;
    this.#immediate = runtime.soon(() => {
      this.#immediate = undefined;
      this.#pump();
    });
  }

  #startTimer(): void {
    if (this.#stopped || this.#options.requestScopedIo) return;
    this.#timer = startDelay(() => {
      this.#timer = undefined;
      const accepted = this.#tracker.lastAccepted;
      if (accepted > this.#drainTarget) this.#drainTarget = accepted;
      this.#pump();
    }, this.#options.scheduledDelayMs);
    this.#timer.unref?.();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) stopTimer(this.#timer);
    this.#timer = undefined;
  }

  /** Starts as many exports as allowed and due, then keeps the timer consistent with the queue. */
  #pump(): void {
    if (this.#stopped || this.#holds.size > 0) return;
    const { mode, maxExportBatchSize, maxConcurrentExports, requestScopedIo } = this.#options;
    const immediate = mode === "immediate";
    while ((requestScopedIo || this.#inFlightRequests < maxConcurrentExports) && this.#queue.length > 0) {
      const due = immediate || this.#queue.length >= maxExportBatchSize || this.#drainTarget > this.#tracker.lastTaken;
      if (!due) break;
      this.#export(this.#queue.take(immediate ? 1 : maxExportBatchSize));
    }
    if (this.#queue.length === 0 || immediate) this.#clearTimer();
    else if (this.#timer === undefined) this.#startTimer();
  }

  #export(spans: ReadableSpan[]): void {
    const send = this.#send;
    if (send === undefined || spans.length === 0) return;
    const count = spans.length;
    const range = this.#tracker.take(count);
    const batch = this.#sending.add(count);
    this.#inFlightRequests++;
    this.#inFlightSpans += count;
    let sending: Promise<BatchResult>;
    try {
      sending = send(spans, batch.signal);
    } catch (error) {
      sending = Promise.resolve({ ok: false, error: describeError(error), attempts: 0 });
    }
    sending
      .catch((error: unknown): BatchResult => ({ ok: false, error: describeError(error), attempts: 0 }))
      .then((result) => {
        this.#sending.settle(batch);
        this.#inFlightRequests--;
        if (batch.abandoned) this.#recordAbandoned(result, count);
        else {
          this.#inFlightSpans -= count;
          this.#record(result, count);
        }
        this.#tracker.settle(range, result.ok);
        // with request-scoped I/O this answer runs in the request that started the export, which may be ending
        if (!this.#options.requestScopedIo) this.#pump();
      })
      .catch(() => undefined);
  }

  /** A batch counted as unconfirmed at shutdown that settled later: spans it did deliver after all move to exported. */
  #recordAbandoned(result: BatchResult, count: number): void {
    const delivered = result.ok ? count : (result.delivered ?? 0) + (result.spooled ?? 0);
    if (delivered <= 0) return;
    this.#unconfirmed -= delivered;
    if (result.ok) this.#exported += delivered;
    else this.#exported += result.delivered ?? 0;
  }

  #record(result: BatchResult, count: number): void {
    if (result.ok) {
      this.#exported += count;
      if (this.#failing) this.#logger.info("span export recovered");
      this.#failing = false;
      this.#spool?.exportSucceeded();
      return;
    }
    const delivered = result.delivered ?? 0;
    const spooled = result.spooled ?? 0;
    // With a spool, once the collector is down new batches go to disk unsent; the drainer probes for recovery.
    if (spooled > 0 && delivered === 0) this.#spool?.markOutage();
    this.#exported += delivered;
    count -= delivered + spooled;
    if (count <= 0) return;
    this.#dropped.exportFailed += count;
    if (this.#failing) return;
    this.#failing = true;
    const hint = refusalHint(result);
    const attempts = result.attempts > 1 ? ` after ${result.attempts} attempts` : "";
    this.#logger.warn(`span export failed${attempts}: ${result.error}${hint}; dropped ${count} spans (further failures are counted in diagnostics() until export recovers)`);
  }
}
