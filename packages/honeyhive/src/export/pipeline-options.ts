import type { Attributes } from "@opentelemetry/api";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { ExportStage } from "../seam/tracer-feature";
import type { Logger } from "../internal/logger";
import type { FetchLike } from "../transport/send-http";
import { BodyCompression, type Compression } from "../transport/compression";
import { isPlainHeaderValue } from "../transport/header-value";
import { DEFAULT_SPAN_BUDGET, type SpanBudget } from "./span-budget";
import { boundedName } from "../normalize/strings";
import { envVariableOf } from "../config/resolve-config";
import { DEFAULT_TIMEOUT_MS } from "../config/request-timeout";
import type { CircuitBreaker } from "../transport/circuit-breaker";
import { hasRequestScopedIo } from "../runtime/detect-host";
import { runtime } from "../runtime/platform";

/** OTLP/HTTP body encodings a pipeline can send. */
export type OtlpProtocol = "http/protobuf" | "http/json";

/** `batch`: spans are queued and sent in batches; `immediate`: each span is sent in its own request. */
export type ExportMode = "batch" | "immediate";

/** Default most bytes of one export request: below the dev server's 10 MB body limit and common gateway limits. */
const DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** Opt-in disk spool: spans the collector could not take are kept as files and sent when it recovers. */
export interface SpoolOptions {
  /** Directory of the spool (created when missing). Tracers with the same `dir` share and drain it. */
  dir: string;
  /** Most bytes kept on disk; the oldest batches are removed (and counted) beyond. @defaultValue 104857600 */
  maxBytes?: number;
}

/** Options of a {@link SpanPipeline}. */
export interface SpanPipelineOptions {
  /** Full OTLP traces URL, e.g. `https://api.honeyhive.ai/opentelemetry/v1/traces`. */
  endpoint: string;
  /** Sent as `Authorization: Bearer <apiKey>`. Without it (and without `exporter`) nothing is ever sent. */
  apiKey?: string;
  /** @defaultValue "http/protobuf" */
  protocol?: OtlpProtocol;
  /** Bodies of 1 KB or more are gzipped (every OTLP receiver decodes gzip; a 415 answer turns it off). @defaultValue "gzip" */
  compression?: Compression;
  /** @defaultValue "batch" */
  mode?: ExportMode;
  /** Resource attributes of every request (copied at construction). @defaultValue {} */
  resource?: Attributes;
  /** Spans held waiting for export; more are dropped and counted (`queueFull`). @defaultValue 2048 */
  maxQueueSize?: number;
  /** Spans per request; a full batch is exported right away. @defaultValue 512 */
  maxExportBatchSize?: number;
  /** Delay before a partial batch is exported. @defaultValue 1000 */
  scheduledDelayMs?: number;
  /** Timeout of one HTTP attempt (or of one `exporter.export` call). @defaultValue 10000 */
  exportTimeoutMs?: number;
  /** Retries of a failed request (network errors, 408, 429, 5xx). @defaultValue 3 */
  maxRetries?: number;
  /** First retry backoff, doubled per retry (Retry-After wins when sent). @defaultValue 200 */
  initialBackoffMs?: number;
  /**
   * Requests in flight at once. A request starts only for a full batch (or a due flush or timer), so more than one is
   * in flight only while spans queue faster than a request is answered (docs/decisions/0092). @defaultValue 4
   */
  maxConcurrentExports?: number;
  /**
   * Exports start only where a request waits for them: in `flush()` and on a full batch, never on another export's
   * answer or on the batch timer, and with no limit on requests in flight (the spans held, queued and in flight
   * together, stay within `maxQueueSize + maxConcurrentExports * maxExportBatchSize`). For runtimes whose I/O belongs to
   * the request that started it, where an export started on another request's answer is cancelled with that request.
   * @defaultValue true on workerd and Edge runtimes, false elsewhere
   */
  requestScopedIo?: boolean;
  /** fetch implementation for the HTTP export. @defaultValue globalThis.fetch */
  fetch?: FetchLike;
  /** An OpenTelemetry exporter used instead of OTLP/HTTP (the test seam, e.g. `InMemorySpanExporter`). */
  exporter?: SpanExporter;
  /** The backend's circuit breaker when it is shared with other clients (evaluate(): one per run). */
  breaker?: CircuitBreaker;
  /** Where warnings go (it scrubs secrets). */
  logger: Logger;
  /**
   * Extra request headers (`Content-Type` and `Authorization` are always the pipeline's own); one whose value is not
   * plain ASCII text is left out (debug line).
   */
  headers?: Record<string, string>;
  /** Most UTF-8 bytes of one attribute value; longer values end with `…[truncated N bytes]`. @defaultValue 131072 */
  maxAttributeBytes?: number;
  /** Most UTF-8 bytes of a span's attribute keys and values; its largest strings are cut beyond. @defaultValue 1048576 */
  maxSpanBytes?: number;
  /** Most bytes of one export request body; larger batches are split (a 413 answer splits too). @defaultValue 4194304 */
  maxRequestBytes?: number;
  /** Opt-in disk spool for spans the collector could not take (see {@link SpoolOptions}). */
  spool?: SpoolOptions;
  /**
   * The stage spans pass through before they are queued (a feature's, e.g. attachment extraction: see
   * `seam/tracer-feature.ts`); `next` queues a span. None without; none either when the pipeline has nowhere to send.
   */
  stage?: (next: (span: ReadableSpan) => void) => ExportStage;
  /** Replays session writes kept in the spool (`keepSessionWrite`); without it they stay on disk for another tracer. */
  sessionReplay?: (record: Uint8Array) => Promise<"delivered" | "retry-later" | "rejected">;
}

/** Counters of a pipeline, see {@link SpanPipeline.stats}. */
export interface PipelineStats {
  /** Spans waiting in the queue. */
  queued: number;
  /** Spans in requests (or exporter calls) that have not completed yet. */
  inFlight: number;
  /** Spans delivered successfully. */
  exported: number;
  /**
   * Spans whose request was still unanswered when shutdown gave up: it was aborted, but the server may have stored
   * them already, so they are neither exported nor dropped (with a spool they are written to it instead, as spooled).
   */
  unconfirmed: number;
  dropped: {
    /** Pushed while the queue was full. */
    queueFull: number;
    /** In a request that still failed after its retries (or that the exporter rejected). */
    exportFailed: number;
    /** Pushed after shutdown, or still queued when shutdown gave up. */
    shutdown: number;
    /** Discarded because the pipeline has neither an API key nor an exporter. */
    noDestination: number;
    /** Oldest spooled batches removed to keep the spool under its `maxBytes` (counted in spans). */
    spoolFull: number;
  };
  /**
   * Attribute values cut by the byte budget (`…[truncated N bytes]`): when the SDK wrote them ({@link SpanPipeline.attributeBudget})
   * and at export.
   */
  truncatedAttributes: number;
  /** Spans written to the spool (not yet delivered) since the pipeline started. */
  spooled: number;
  /** Spooled spans delivered later (by this pipeline, including those left by an earlier process). */
  spoolDelivered: number;
  /** Spool files removed unsent (not OTLP, no spans) or refused by the collector; each one is logged. */
  spoolRejectedFiles: number;
}

/** Options with every default applied and every number validated. */
export interface ResolvedPipelineOptions {
  endpoint: string;
  apiKey: string | undefined;
  protocol: OtlpProtocol;
  /** The destination's compression state, shared by the sender and the spool drainer. */
  compression: BodyCompression;
  mode: ExportMode;
  resource: Attributes;
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
  exportTimeoutMs: number;
  maxRetries: number;
  initialBackoffMs: number;
  maxConcurrentExports: number;
  requestScopedIo: boolean;
  /** Most spans queued and in flight together: bounded with `requestScopedIo` (no limit on requests in flight). */
  maxHeldSpans: number;
  fetch: FetchLike | undefined;
  exporter: SpanExporter | undefined;
  breaker: CircuitBreaker | undefined;
  headers: Record<string, string>;
  budget: SpanBudget;
  maxRequestBytes: number;
  spool: SpoolOptions | undefined;
}

function int(value: number | undefined, fallback: number, min: number): number {
  return typeof value === "number" && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
}

/**
 * The extra headers the pipeline sends: its own `Content-Type` and `Authorization` are never overridden, and a value
 * that is not plain ASCII text (see `isPlainHeaderValue`) is left out, said through `note`, instead of failing
 * every export request.
 */
function extraHeaders(given: Record<string, string> | undefined, note: (message: string) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given ?? {})) {
    const lower = name.toLowerCase();
    if (lower === "content-type" || lower === "authorization" || typeof value !== "string") continue;
    if (isPlainHeaderValue(value)) headers[name] = value;
    else note(`span export: the ${name} header is left out: its value is not plain ASCII text, which an HTTP header cannot carry as it is`);
  }
  return headers;
}

/**
 * The resource attributes sent with every batch, frozen, each string within `maxAttributeBytes` (the attribute cut):
 * `service.name` defaults to the session name, which must not make every request too large to send.
 */
function boundedResource(resource: Attributes, maxAttributeBytes: number): Readonly<Attributes> {
  const bounded: Attributes = {};
  for (const [key, value] of Object.entries(resource)) bounded[key] = typeof value === "string" ? boundedName(value, maxAttributeBytes) : value;
  return Object.freeze(bounded);
}

/**
 * Applies defaults; invalid numbers fall back to their defaults (reported through `warn`); extra headers that cannot
 * be sent are left out (reported through `note`).
 */
export function resolvePipelineOptions(options: SpanPipelineOptions, warn: (message: string) => void, note: (message: string) => void = () => undefined): ResolvedPipelineOptions {
  const checked = (name: string, value: number | undefined, fallback: number, min: number): number => {
    const result = int(value, fallback, min);
    if (value !== undefined && result !== Math.floor(value)) {
      const variable = envVariableOf(name);
      warn(`span pipeline: invalid ${name}${variable ? ` / ${variable}` : ""} (${String(value)}): it must be an integer of at least ${min}; using ${fallback}`);
    }
    return result;
  };
  const maxQueueSize = checked("maxQueueSize", options.maxQueueSize, 2048, 1);
  const maxAttributeBytes = checked("maxAttributeBytes", options.maxAttributeBytes, DEFAULT_SPAN_BUDGET.maxAttributeBytes, 256);
  const headers = extraHeaders(options.headers, note);
  const resolved: Omit<ResolvedPipelineOptions, "maxHeldSpans"> = {
    endpoint: options.endpoint,
    apiKey: typeof options.apiKey === "string" && options.apiKey !== "" ? options.apiKey : undefined,
    protocol: options.protocol === "http/json" ? "http/json" : "http/protobuf",
    compression: new BodyCompression(options.compression === "none" ? "none" : "gzip", true),
    mode: options.mode === "immediate" ? "immediate" : "batch",
    resource: boundedResource(options.resource ?? {}, maxAttributeBytes),
    maxQueueSize,
    maxExportBatchSize: Math.min(checked("maxExportBatchSize", options.maxExportBatchSize, 512, 1), maxQueueSize),
    scheduledDelayMs: checked("scheduledDelayMs", options.scheduledDelayMs, 1000, 0),
    exportTimeoutMs: checked("exportTimeoutMs", options.exportTimeoutMs, DEFAULT_TIMEOUT_MS, 1),
    maxRetries: checked("maxRetries", options.maxRetries, 3, 0),
    initialBackoffMs: checked("initialBackoffMs", options.initialBackoffMs, 200, 0),
    maxConcurrentExports: checked("maxConcurrentExports", options.maxConcurrentExports, 4, 1),
    requestScopedIo: typeof options.requestScopedIo === "boolean" ? options.requestScopedIo : hasRequestScopedIo(runtime.host),
    fetch: options.fetch,
    exporter: options.exporter,
    breaker: options.breaker,
    headers,
    budget: {
      maxAttributeBytes,
      maxSpanBytes: checked("maxSpanBytes", options.maxSpanBytes, DEFAULT_SPAN_BUDGET.maxSpanBytes, 1024),
    },
    maxRequestBytes: checked("maxRequestBytes", options.maxRequestBytes, DEFAULT_MAX_REQUEST_BYTES, 1024),
    spool: options.spool && typeof options.spool.dir === "string" && options.spool.dir !== "" ? options.spool : undefined,
  };
  const { requestScopedIo, maxConcurrentExports, maxExportBatchSize } = resolved;
  return { ...resolved, maxHeldSpans: requestScopedIo ? maxQueueSize + maxConcurrentExports * maxExportBatchSize : Number.POSITIVE_INFINITY };
}
