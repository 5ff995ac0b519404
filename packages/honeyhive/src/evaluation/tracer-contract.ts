/**
 * The part of `HoneyHiveTracer` that evaluate() uses. The runner codes against this interface and receives
 * a factory, so the per-datapoint tracer is created in exactly one place (`create-datapoint-tracer.ts`).
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { FetchLike } from "../transport/send-http";
import type { CircuitBreaker } from "../transport/circuit-breaker";
import type { CollectedMetric, ExcludedMetrics } from "../processing/datapoint-metrics";
import type { TraceSource } from "../agent-trace/build-trace";

/** The metric values written inside one datapoint's session (`processing/datapoint-metrics.ts`). */
export interface SessionMetricValues {
  /** Every value, without those `exclude` names on one span. */
  values(exclude?: ExcludedMetrics): CollectedMetric[];
  /** Values not kept (beyond the cap per datapoint). */
  readonly dropped: number;
}

/** Options evaluate() passes when creating the tracer of one datapoint. */
export interface DatapointTracerOptions {
  apiKey?: string;
  ingestionApiKey?: string;
  serverUrl?: string;
  project?: string;
  source: "evaluation";
  sessionName: string;
  /** The session's id (a resumable run's, see `resume-point.ts`); a new one when absent. */
  sessionId?: string;
  inputs: Record<string, unknown>;
  metadata: Record<string, unknown>;
  runId: string;
  datasetId: string;
  datapointId: string;
  isEvaluation: true;
  verbose?: boolean;
  testMode?: boolean;
  disableBatch?: boolean;
  instrumentModules?: Record<string, unknown>;
  disableHttpTracing?: boolean;
  propagateSessionId?: boolean;
  setAsDefault: false;
  fetch?: FetchLike;
}

/** Options of {@link EvaluationTracer.startSpan}. */
export interface StartSpanOptions {
  eventType?: string;
  inputs?: Record<string, unknown>;
}

/** Enrichment accepted by {@link EvaluationTracer.enrichSpan} / `enrichSession`. */
export interface EvaluationEnrichment {
  metrics?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  feedback?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** What evaluate() needs from a tracer instance. */
export interface EvaluationTracer {
  readonly sessionId: string;
  startSpan<T>(name: string, fn: (span: unknown) => T, options?: StartSpanOptions): T;
  enrichSpan(params: EvaluationEnrichment): boolean;
  enrichSession(params: EvaluationEnrichment): Promise<boolean>;
  whenSessionStarted(): Promise<boolean>;
  flush(timeoutMs?: number): Promise<boolean>;
  shutdown(): Promise<unknown>;
}

/**
 * Creates the tracer of one datapoint. A factory may also offer `drain()`, which the runner awaits once all
 * datapoints are done and before it completes the run (so the server has every span before it summarises).
 */
export type DatapointTracerFactory<T extends EvaluationTracer = EvaluationTracer> = ((options: DatapointTracerOptions) => T) & {
  drain?: () => Promise<unknown>;
  /**
   * The metric values collected in a tracer's session (every event's, as the server will judge them); undefined when
   * the tracer collects none (then only the evaluators' scores decide).
   */
  metricsOf?: (tracer: T) => SessionMetricValues | undefined;
  /**
   * The ended spans a tracer kept of its session (the evaluators' trace is built from them); undefined when the tracer
   * keeps none (then the evaluators' trace is empty).
   */
  spansOf?: (tracer: T) => TraceSource | undefined;
  /** Has `observer` told of every model event the factory's tracers export (the run's cost budget). */
  observeModelEvents?: (observer: (span: ReadableSpan) => void) => void;
  /** The circuit breaker the factory's tracers send through; the run's REST client then shares it. */
  breaker?: CircuitBreaker;
  /** Most each write of a created run waits through an outage on {@link breaker} (`outage-waits.ts`); 0 or absent: none. */
  outageWaitMs?: number;
  /**
   * Sends a datapoint's final session update as the SDK's own write, which may wait through an outage (an
   * `enrichSession` the function awaits never does); absent: `tracer.enrichSession(update)`.
   */
  closingUpdate?: (tracer: T, update: EvaluationEnrichment) => Promise<boolean>;
  /** Told, before the first tracer, that the run could not be created and why (its tracers then send nothing). */
  runsLocally?: (reason: string) => void;
  /**
   * Lets the process's termination signals cancel the run while it is in progress: `cancel(signal)` is called on a
   * SIGTERM or SIGINT the application does not handle. Returns the end of that, called once the run is closed.
   */
  cancelOnSignals?: (cancel: (signal: string) => void) => () => void;
};
