/**
 * The seam between the tracer and the features (attachments, online evaluation, the provider integrations, …): what a
 * feature may supply, each part optional. The tracer engine, its export pipeline and its activation call these hooks
 * and never name a feature; the facade (`facade/`) hands the engine its list of features. A feature keeps its heavy
 * code out of `import "honeyhive"` by supplying parts that load it on first need (see `deferred-stage.ts` and
 * `deferred-sink.ts`).
 *
 * Hooks, in the order a span meets them:
 * 1. span start: process-wide hooks (`span-start-hooks.ts`), for every span of every tracer (prompt links);
 * 2. span end: {@link TracerPart.wrapSink}, per tracer (online evaluation);
 * 3. export: {@link PipelinePart.stage}, per export pipeline (attachment extraction), before the span is queued;
 * and beside them: session starts' inputs ({@link PipelinePart.transformObject}), flush and shutdown, diagnostics,
 * and activation's process-wide step ({@link TracerFeature.activate}: instrumentations).
 */
import type { TracerProvider } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import type { SessionUpdate, SpanSink, TracerHandle } from "../context/tracer-handle";
import type { Logger } from "../internal/logger";

/** A stage spans pass through on their way into an export queue: it hands each span on now, or holds it first. */
export interface ExportStage {
  /** Hands `span` on (to the `next` the stage was made with), now or once the stage is done with it. Never throws. */
  push(span: ReadableSpan): void;
  /** Resolves true once no span is held (the work they wait for ended); false at `timeoutMs`. Never rejects. */
  idle(timeoutMs: number): Promise<boolean>;
  /** Whether the stage holds spans: a flush waits for {@link idle} then. */
  readonly busy: boolean;
  /** Hands on every span still held, as it is now (a flush whose time for the stage ran out). */
  release?(): void;
  /** False when the stage lost data since the previous call (which reported it): that flush is then false. */
  takeNothingLost?(): boolean;
}

/** What a feature adds to an export pipeline (one per tracer, or one shared by the tracers of an `evaluate()` run). */
export interface PipelinePart {
  /** The stage before the export queue; `next` queues a span. */
  stage?(next: (span: ReadableSpan) => void): ExportStage;
  /**
   * A JSON object sent outside spans (a session start's inputs) transformed as span values are; undefined (at once)
   * when it stays as it is. Never rejects: on failure it resolves to `value`.
   */
  transformObject?(value: Record<string, unknown>): Promise<Record<string, unknown>> | undefined;
  /** The part's counters, shown by `diagnostics()` under the feature's name; undefined: none. */
  diagnostics?(): object | undefined;
}

/** What a tracer lends the part of a feature it runs. */
export interface FeatureHost {
  readonly config: ResolvedTracerConfig;
  readonly logger: Logger;
  /** The tracer's engine, as lower layers see it (to run code with the tracer active in a session). */
  readonly handle: TracerHandle;
  /**
   * Sends a session update, or with `eventId` an update of one event of the session; never rejects. It goes after the
   * session's start, and that start, if it still waits behind other sessions' starts, is sent next.
   */
  update(sessionId: string, update: SessionUpdate, eventId?: string): Promise<boolean>;
  /**
   * Resolves true once the spans ended so far are delivered (false at `timeoutMs`); it only waits: spans go at the
   * usual pace, and a failure is left for the next flush to report.
   */
  spansDelivered(timeoutMs: number): Promise<boolean>;
  /** True when the export dropped `span` before queueing it (a full queue, shutdown): the server holds no event of it. */
  spanDropped(span: ReadableSpan): boolean;
}

/** What a feature adds to one tracer. */
export interface TracerPart {
  /** A span of the tracer started (stamped with its session). Cheap; never throws. */
  spanStarted?(span: ReadableSpan): void;
  /** A session of the tracer started (its own at construction, `withSession`), with its inputs. */
  sessionStarted?(sessionId: string, inputs: Record<string, unknown> | undefined): void;
  /** A session of the tracer was updated (`enrichSession`). */
  sessionUpdated?(sessionId: string, update: SessionUpdate): void;
  /** Wraps the tracer's span sink: sees every span of the tracer end, before and after it goes to export. */
  wrapSink?(sink: SpanSink): SpanSink;
  /** Resolves once the part takes spans itself (its code loaded, the spans it held handed on); a flush waits for it first. */
  ready?(): Promise<void>;
  /** Waits until `deadline` (ms since the epoch) for the part's own work queued now; false when some is left. */
  flush?(deadline: number): Promise<boolean>;
  /**
   * Whether the part's work still runs in shutdown's first phase (after {@link end}): the spans of evaluation work
   * (`context/evaluator-scope.ts`) are then accepted until {@link stop}.
   */
  readonly worksAtShutdown?: boolean;
  /** Shutdown began: what the part watches has ended (its last work is queued now). */
  end?(): void;
  /** At shutdown, after its work had its time: stops, dropping (and counting) what it still had queued; returns how much. */
  stop?(): number;
  /** The part's counters, shown by `diagnostics()` under the feature's name; undefined: none. */
  diagnostics?(): object | undefined;
}

/** What activation's process-wide step of a feature gets. */
export interface FeatureActivation {
  readonly options: HoneyHiveTracerOptions;
  readonly config: ResolvedTracerConfig;
  /** The provider third-party spans are created by (the shared one, or the application's). */
  readonly provider: TracerProvider;
  readonly logger: Logger;
}

/** A feature, as the tracer knows it: a name and the parts it supplies. */
export interface TracerFeature {
  /** The feature's key in `diagnostics()` (e.g. `attachments`). */
  readonly name: string;
  /** Its part of an export pipeline with this configuration; undefined when the configuration leaves it off. */
  pipelinePart?(config: ResolvedTracerConfig, logger: Logger): PipelinePart | undefined;
  /** Its part of one tracer; undefined when the tracer does not use it. Called at construction: cheap, no I/O. */
  tracerPart?(host: FeatureHost): TracerPart | undefined;
  /** The process-wide step of activation (step `instrumentations`), for an enabled tracer. */
  activate?(activation: FeatureActivation): void;
}
