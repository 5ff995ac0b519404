import type { AttachmentOptions } from "./attachments-option";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { LogSink } from "../internal/logger";
import type { FetchLike } from "../runtime/fetch-like";
import type { OnlineEvaluationOptions } from "./online-evaluation-types";

/** How strictly configuration problems are treated. */
export type Resilience = "strict" | "balanced" | "resilient";

/** Request body compression: `gzip` (where the endpoint accepts it) or `none`. */
export type Compression = "gzip" | "none";

/** OTLP wire format used to send spans. */
export type OtlpProtocol = "http/protobuf" | "http/json";

/** Context handed to a {@link HoneyHiveTracerOptions.mask} function. */
export interface MaskContext {
  /** The attribute key being masked, e.g. `honeyhive_inputs.password`. */
  readonly key: string;
  /** The span's name. */
  readonly spanName: string;
}

/**
 * Options of `new HoneyHiveTracer(options)` / `HoneyHiveTracer.init(options)`. Every option is optional;
 * each is resolved once as: option > `HH_*` environment variable > default.
 */
export interface HoneyHiveTracerOptions {
  /**
   * HoneyHive API key (the project's). Env `HH_API_KEY`. Without one (and without `ingestionApiKey`) nothing is sent
   * (one warning); tracing still works locally.
   */
  apiKey?: string;
  /**
   * An ingestion API key (`hh_ingst_...`): what spans, session starts and event updates are sent with, instead of
   * `apiKey` (as HoneyHive's API expects since its ingestion keys). A tracer needs no other key. Env
   * `HH_INGESTION_API_KEY`. A value that is not a complete ingestion key is a configuration problem (the tracer is a
   * no-op; thrown under `resilience: "strict"`), named with its source, never its value.
   */
  ingestionApiKey?: string;
  /** HoneyHive server base URL. Env `HH_API_URL`. @defaultValue "https://api.dp1.us.honeyhive.ai" */
  serverUrl?: string;
  /** Project name (optional: the backend infers it from the key). Env `HH_PROJECT`. */
  project?: string;
  /** Source / environment label, e.g. "prod". Env `HH_SOURCE`. @defaultValue "dev" */
  source?: string;
  /** Session name. Env `HH_SESSION_NAME`. @defaultValue the entry script's file name without extension */
  sessionName?: string;
  /** Session id to use (a UUID, lowercased). An invalid value is replaced by a new UUID with a warning. */
  sessionId?: string;
  /** Session inputs recorded when the session starts. */
  inputs?: Record<string, unknown>;
  /** Session metadata recorded when the session starts. */
  metadata?: Record<string, unknown>;
  /** Session user properties recorded when the session starts. */
  userProperties?: Record<string, unknown>;
  /** Export each span immediately instead of batching (serverless). Env `HH_DISABLE_BATCH`. @defaultValue false (true on AWS Lambda) */
  disableBatch?: boolean;
  /** Log what the SDK does (never the API key). Env `HH_VERBOSE`. @defaultValue false */
  verbose?: boolean;
  /** No network at all: spans are recorded locally only. Env `HH_TEST_MODE`. @defaultValue false */
  testMode?: boolean;
  /** OTLP encoding. Env `HH_OTLP_PROTOCOL`. @defaultValue "http/protobuf" */
  otlpProtocol?: OtlpProtocol;
  /**
   * Request body compression. `gzip`: span exports of 1 KB or more are gzipped (every OTLP receiver decodes gzip), and
   * API request bodies too once the server has said it accepts gzip (an `Accept-Encoding` answer header, as the dev
   * server sends); a server answering a gzipped body with 415 gets plain bodies from then on. Where the runtime has
   * neither zlib nor `CompressionStream`, bodies go uncompressed. Env `HH_COMPRESSION`. @defaultValue "gzip"
   */
  compression?: Compression;
  /**
   * Session starts and updates (background API calls) pipelined on a few keep-alive sockets of the SDK's own HTTP/1.1
   * client (Node only): several requests written before their answers come, for a fraction of node:http's CPU.
   * `false` sends them through the ordinary node:http connection pool, as other API calls go. A `fetch` of yours
   * carries them either way. Env `HH_HTTP_PIPELINING`. @defaultValue true
   */
  httpPipelining?: boolean;
  /** Do not call `POST /session/start` (the backend creates the session from spans). @defaultValue false */
  skipSessionStart?: boolean;
  /** Experiment run id; stamped on every span as `honeyhive_metadata.run_id`. */
  runId?: string;
  /** Dataset id; stamped on every span as `honeyhive_metadata.dataset_id`. */
  datasetId?: string;
  /** Datapoint id; stamped on every span as `honeyhive_metadata.datapoint_id`. */
  datapointId?: string;
  /** Marks the session as part of an evaluation. @defaultValue true when runId, datasetId and datapointId are all set */
  isEvaluation?: boolean;
  /**
   * How configuration problems are handled. An unknown key, at any level (`attachments: { treshold }`), warns once
   * naming the closest key of its level and is ignored. A wrong value warns and makes the tracer a no-op
   * (`balanced`: `flush()` and `shutdown()` then resolve false) or is replaced by its default (`resilient`).
   * `strict`: both throw a `HoneyHiveConfigError`. Env `HH_RESILIENCE`, which also makes the option checks of
   * `evaluate()`, `getPrompt()`, `feedback()`, the dataset functions and the ready evaluators strict.
   * @defaultValue "balanced"
   */
  resilience?: Resilience;
  /** OpenTelemetry instrumentation objects to enable once per process (e.g. OpenAI instrumentation). */
  instrumentations?: readonly unknown[];
  /** Modules to patch explicitly (ESM, bundlers), as the old TS SDK offered: `{ openAI: OpenAI }`. */
  instrumentModules?: Record<string, unknown>;
  /** Trace outgoing HTTP calls (node:http/https, fetch) as child spans. @defaultValue false */
  httpTracing?: boolean;
  /** Old TS SDK option; `disableHttpTracing: false` means `httpTracing: true`. */
  disableHttpTracing?: boolean;
  /** Adopt the caller's `session_id` from incoming W3C baggage (distributed tracing). @defaultValue false */
  trustIncomingSession?: boolean;
  /** Put this tracer's `session_id` into outgoing baggage. @defaultValue false */
  propagateSessionId?: boolean;
  /** Masks inputs, outputs and metadata of every span this tracer exports; if it throws, the value becomes "[masked: mask failed]". */
  mask?: (value: unknown, context: MaskContext) => unknown;
  /** Maximum spans waiting for export; further spans are dropped and counted. Env `HH_MAX_QUEUE_SIZE`. @defaultValue 2048 */
  maxQueueSize?: number;
  /** Most UTF-8 bytes of one attribute value, and of a span, span event or session name; longer values are cut and end with `…[truncated N bytes]`. Env `HH_MAX_ATTRIBUTE_BYTES`. @defaultValue 131072 */
  maxAttributeBytes?: number;
  /** Most UTF-8 bytes of one span's attributes (keys and values); its largest values are cut beyond. Env `HH_MAX_SPAN_BYTES`. @defaultValue 1048576 */
  maxSpanBytes?: number;
  /** Most bytes of one export request; larger batches are split, and a 413 answer splits the batch and retries. Env `HH_MAX_REQUEST_BYTES`. @defaultValue 4194304 */
  maxRequestBytes?: number;
  /**
   * Opt-in disk spool: spans the collector could not take (outage, 5xx, timeouts after retries) are kept in
   * `dir` (at most `maxBytes`, default 100 MB, oldest dropped first) and sent when it recovers or by the next
   * tracer started with the same `dir`. Env `HH_SPOOL_DIR` (default `maxBytes`). Spooled spans are re-sent with
   * the key and endpoint of the tracer that drains them: use one `dir` per destination.
   */
  spool?: { dir: string; maxBytes?: number };
  /**
   * Images, audio and documents in span values (base64, data URIs, provider message parts): extracted before any size
   * rule, stored once by content hash, and replaced in the span by a reference part `{type: "uri", uri:
   * "hh-attachment://sha256/<hex>", mime_type, modality, size}`. `false` turns it off. See {@link AttachmentOptions}.
   */
  attachments?: false | AttachmentOptions;
  /** Per-request timeout for the HoneyHive API and OTLP export, ms. Env `HH_API_TIMEOUT` (seconds or ms). @defaultValue 10000 (3000 on Lambda) */
  timeoutMs?: number;
  /** Make this tracer the process default (used by free functions outside any tracer context). `undefined`: the first tracer becomes the default unless `setDefaultTracer()` chose one. */
  setAsDefault?: boolean;
  /**
   * Activate the tracer in its constructor: register the global provider and context manager (when none is
   * registered), enable instrumentations, offer itself as the default tracer, install exit hooks and start its
   * session, in that order. `false` builds the objects only (no global state, no I/O); call `tracer.activate()`
   * later. @defaultValue true
   */
  activate?: boolean;
  /** Test seam: an OpenTelemetry exporter used instead of OTLP over HTTP (e.g. an in-memory exporter). */
  exporter?: SpanExporter;
  /** Transport seam: the fetch implementation for all HTTP calls (the global `fetch` fits). @defaultValue Node: the SDK's keep-alive node:http(s) client; other runtimes: globalThis.fetch */
  fetch?: FetchLike;
  /** Where log lines go. @defaultValue standard error, prefixed "[honeyhive]" */
  logSink?: LogSink;
  /** Runs evaluators on live sessions or spans after they end, in the background (see the Feedback guide, "Online evaluation"). */
  onlineEvaluation?: OnlineEvaluationOptions;
}
