import type { ResolvedTracerConfig } from "../config/resolve-config";
import type { OtlpProtocol } from "../config/tracer-options";
import type { PipelineStats } from "../export/pipeline-options";
import type { GlobalProviderSituation } from "./shared-provider";
import { internalErrorCount } from "../internal/guard";
import type { SessionWritesLost } from "./session-write-losses";

/** Why spans were dropped. */
export interface DropCounters {
  /** The export queue was full. */
  queueFull: number;
  /** Export failed after all retries. */
  exportFailed: number;
  /**
   * The span ended after its tracer shut down, or was still queued when shutdown's time ran out (spans still being
   * sent then are `spansUnconfirmed`, or with a spool `spansSpooled`).
   */
  shutdown: number;
  /** Nowhere to send: no API key (or test mode) and no exporter. */
  noDestination: number;
  /** Oldest spooled spans removed to keep the spool under its `maxBytes`. */
  spoolFull: number;
}

/**
 * What `tracer.diagnostics()` returns about tracing itself (the features add their own counters: see
 * `TracerDiagnostics`). The span counts are those of the spans the tracer's export pipeline serves: an `evaluate()`
 * datapoint's tracer shares the run's pipeline, so its counts are the run's.
 */
export interface TracingDiagnostics {
  spansStarted: number;
  spansEnded: number;
  spansExported: number;
  spansQueued: number;
  /**
   * Spans in export requests not yet answered. Once every span has ended: spansStarted = spansExported + the
   * dropped counters + spansQueued + spansInFlight + spansUnconfirmed + spans waiting in the spool.
   */
  spansInFlight: number;
  /**
   * Spans whose export request was still unanswered when `shutdown()`'s time ran out: it was aborted, but the server
   * may have stored them before, so they are counted neither as exported nor as dropped (and shutdown resolved false).
   */
  spansUnconfirmed: number;
  dropped: DropCounters;
  /** Attribute values cut by the byte budgets (they end with `…[truncated N bytes]`). */
  truncatedAttributes: number;
  /** Spans kept in the disk spool because the collector could not take them (see the `spool` option). */
  spansSpooled: number;
  /** Spooled spans delivered later (including those an earlier process left in the spool). */
  spoolDelivered: number;
  /** Spool files removed unsent (damaged, no spans) or refused by the collector; each is logged when it happens. */
  spoolRejectedFiles: number;
  /**
   * Session starts (`POST /v1/sessions`) not sent because 4096 of this tracer's were already waiting for the server's
   * answer (the app started sessions faster than the server confirmed them); their spans still carry their ids.
   */
  sessionStartsDropped: number;
  /**
   * Session starts and updates given up: not sent (the starts of `sessionStartsDropped` too), or failed for good (retries
   * exhausted, stopped by the open circuit breaker of an unreachable backend, refused, aborted at shutdown) and not
   * kept in the disk spool. A flush after any of them returns false.
   */
  sessionWritesLost: SessionWritesLost;
  /** A context manager is registered (async context follows awaits). */
  contextManager: boolean;
  /** Whether the SDK registered the global provider or found one already registered ("not-activated" before `activate()`). */
  globalProvider: GlobalProviderSituation | "not-activated";
  protocol: OtlpProtocol;
  /** OTLP endpoint (never includes the key). */
  endpoint: string;
  mode: "batch" | "immediate";
  /** False when the tracer is a no-op because of a configuration error. */
  enabled: boolean;
  hasApiKey: boolean;
  testMode: boolean;
  environment: string;
  sessionId: string;
  /**
   * Errors the SDK caught inside its own code (hostile input, a failing hook) instead of throwing into yours;
   * process-wide, since start or the last `resetHoneyHiveGlobals()`.
   */
  internalErrors: number;
}

/**
 * Spans counted where they start and end, for everything one export pipeline serves: a tracer's own, or shared by
 * the tracers of an `evaluate()` run (then each tracer also keeps its own).
 */
export interface SpanCounters {
  started: number;
  ended: number;
  /** Spans started after their tracer shut down (never recorded). */
  droppedShutdown: number;
}

/** Counters at zero. */
export function newSpanCounters(): SpanCounters {
  return { started: 0, ended: 0, droppedShutdown: 0 };
}

/** The span counts of {@link TracingDiagnostics}. */
export type SpanCounts = Pick<TracingDiagnostics,
  "spansStarted" | "spansEnded" | "spansExported" | "spansQueued" | "spansInFlight" | "spansUnconfirmed" | "dropped" | "truncatedAttributes" | "spansSpooled" | "spoolDelivered" | "spoolRejectedFiles">;

/** Where spans go, as {@link TracingDiagnostics} says it. */
export type ExportTarget = Pick<TracingDiagnostics, "endpoint" | "protocol" | "mode">;

/** The span counts of the spans `counters` counted and the pipeline (`stats`) that serves them. */
export function spanCounts(counters: SpanCounters, stats: PipelineStats): SpanCounts {
  return {
    spansStarted: counters.started,
    spansEnded: counters.ended,
    spansExported: stats.exported,
    spansQueued: stats.queued,
    spansInFlight: stats.inFlight,
    spansUnconfirmed: stats.unconfirmed,
    dropped: {
      queueFull: stats.dropped.queueFull,
      exportFailed: stats.dropped.exportFailed,
      shutdown: stats.dropped.shutdown + counters.droppedShutdown,
      noDestination: stats.dropped.noDestination,
      spoolFull: stats.dropped.spoolFull,
    },
    truncatedAttributes: stats.truncatedAttributes,
    spansSpooled: stats.spooled,
    spoolDelivered: stats.spoolDelivered,
    spoolRejectedFiles: stats.spoolRejectedFiles,
  };
}

/** The export target of a tracer's configuration. */
export function exportTarget(config: ResolvedTracerConfig): ExportTarget {
  return { protocol: config.otlpProtocol, endpoint: config.otlpEndpoint, mode: config.disableBatch ? "immediate" : "batch" };
}

/**
 * One-line summary for verbose logs. Once every span has ended, started = exported + dropped + queued + inFlight
 * + spooled (`spooled=` only when some are).
 */
export function formatDiagnostics(d: SpanCounts & ExportTarget): string {
  const dropped = Object.entries(d.dropped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason}=${n}`)
    .join(",");
  const spooled = d.spansSpooled > 0 ? ` spooled=${d.spansSpooled}` : "";
  const unconfirmed = d.spansUnconfirmed > 0 ? ` unconfirmed=${d.spansUnconfirmed}` : "";
  return `spans started=${d.spansStarted} ended=${d.spansEnded} exported=${d.spansExported} queued=${d.spansQueued} inFlight=${d.spansInFlight}${unconfirmed}${spooled} dropped=${dropped || "0"} endpoint=${d.endpoint} protocol=${d.protocol} mode=${d.mode}`;
}

/**
 * A tracer's verbose span-count line: the spans `served` counted and its pipeline's; when the pipeline is shared (an
 * evaluate() run's group), those are the counts of every tracer sharing it, and the line says so.
 */
export function countsLine(served: SpanCounters, stats: PipelineStats, config: ResolvedTracerConfig, shared: boolean): string {
  const line = formatDiagnostics({ ...spanCounts(served, stats), ...exportTarget(config) });
  return shared ? `run-wide (shared export pipeline) ${line}` : line;
}

/** A tracer sharing its group's pipeline: its own spans only (the group prints the run-wide line when it closes). */
export function ownCountsLine(counters: SpanCounters): string {
  return `this tracer's spans started=${counters.started} ended=${counters.ended}; they are exported by the run's shared pipeline, counted in the run's line`;
}

/** A tracer's session counters (see {@link TracingDiagnostics}). */
interface SessionCounts {
  startsDropped: number;
  writesLost: SessionWritesLost;
}

/** What a tracer found at activation (see {@link TracingDiagnostics}). */
type FoundAtActivation = Pick<TracingDiagnostics, "contextManager" | "globalProvider" | "sessionId">;

/** A tracer's {@link TracingDiagnostics}: its span counts, configuration and what it found at activation. */
export function tracerDiagnostics(counts: SpanCounts, config: ResolvedTracerConfig, enabled: boolean, sessions: SessionCounts, found: FoundAtActivation): TracingDiagnostics {
  return {
    ...counts,
    sessionStartsDropped: sessions.startsDropped,
    sessionWritesLost: sessions.writesLost,
    contextManager: found.contextManager,
    globalProvider: found.globalProvider,
    ...exportTarget(config),
    enabled,
    hasApiKey: (config.apiKey ?? config.ingestionApiKey) !== undefined,
    testMode: config.testMode,
    environment: config.environment,
    sessionId: found.sessionId,
    internalErrors: internalErrorCount(),
  };
}
