/**
 * Span attribute keys, written exactly as the HoneyHive Python SDK writes them, so the HoneyHive
 * backend (and our dev server) read TypeScript and Python spans the same way.
 */

/** The instrumentation scope of the SDK's own spans (`trace()`, `startSpan`, the light spans). */
export const OWN_SCOPE_NAME = "honeyhive";

/** Prefix of the namespaced attributes: `honeyhive_<namespace>.<dotted.path>`. */
export const NAMESPACE_PREFIX = "honeyhive_";

/** The event fields that spans carry as flattened namespaced attributes. */
export const EVENT_NAMESPACES = [
  "inputs",
  "outputs",
  "metadata",
  "metrics",
  "feedback",
  "config",
  "user_properties",
] as const;

/** One of {@link EVENT_NAMESPACES}. */
export type EventNamespace = (typeof EVENT_NAMESPACES)[number];

export const ATTR_EVENT_TYPE = "honeyhive_event_type";
export const ATTR_EVENT_NAME = "honeyhive_event_name";
export const ATTR_EVENT_ID = "honeyhive_event_id";
export const ATTR_ERROR = "honeyhive_error";
export const ATTR_ERROR_TYPE = "honeyhive_error_type";
export const ATTR_DURATION_MS = "honeyhive_duration_ms";

export const ATTR_SESSION_ID = "honeyhive.session_id";

/** The prompt a span was made with (OTel GenAI, 2026): its name and content version. */
export const ATTR_GEN_AI_PROMPT_NAME = "gen_ai.prompt.name";
export const ATTR_GEN_AI_PROMPT_VERSION = "gen_ai.prompt.version";
/** The prompt-link keys: they name a prompt, they carry no message (never read as OpenLLMetry's `gen_ai.prompt.<n>.*`). */
export const PROMPT_LINK_ATTRIBUTES: ReadonlySet<string> = new Set([ATTR_GEN_AI_PROMPT_NAME, ATTR_GEN_AI_PROMPT_VERSION]);
export const ATTR_SOURCE = "honeyhive.source";
export const ATTR_PROJECT = "honeyhive.project";
export const ATTR_SESSION_NAME = "honeyhive.session_name";

export const TRACELOOP_PREFIX = "traceloop.association.properties.";
export const ATTR_TL_SESSION_ID = "traceloop.association.properties.session_id";
export const ATTR_TL_SOURCE = "traceloop.association.properties.source";
export const ATTR_TL_PROJECT = "traceloop.association.properties.project";

export const ATTR_RUN_ID = "honeyhive_metadata.run_id";
export const ATTR_DATASET_ID = "honeyhive_metadata.dataset_id";
export const ATTR_DATAPOINT_ID = "honeyhive_metadata.datapoint_id";

/** Streams: time to first chunk, and the marker for streams nobody finished reading. */
export const ATTR_TIME_TO_FIRST_CHUNK_MS = "honeyhive_metrics.time_to_first_chunk_ms";
export const ATTR_STREAM_ABANDONED = "honeyhive_metadata.stream_abandoned";

/** LLM calls answered by the record/replay cache: `"replayed"` or `"recorded"`, and the request's key. */
export const ATTR_LLM_CACHE = "honeyhive_metadata.llm_cache";
export const ATTR_LLM_CACHE_KEY = "honeyhive_metadata.llm_cache_key";

/** LLM calls answered through a provider's Batch API (`createLlmBatch`): the batch's id. Priced at the batch rate. */
export const ATTR_LLM_BATCH = "honeyhive_metadata.llm_batch";

/**
 * True when a call's batch mark (the value of {@link ATTR_LLM_BATCH}, or `metadata.llm_batch` once stored: the batch's
 * id) says the call went through a provider's Batch API. One rule for the SDK's pricing and the dev server's.
 */
export function isLlmBatchMark(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** Set on every span started while an evaluator runs (its name): evaluation work, apart from the app's. */
export const ATTR_EVALUATOR = "honeyhive_metadata.evaluator";

/**
 * A span that starts a session of its own under a remote caller (distributed tracing): the caller's session (when its
 * headers named it), trace and span. The span also carries an OpenTelemetry link to the caller's span.
 */
export const ATTR_CALLER_SESSION_ID = "honeyhive_metadata.caller_session_id";
export const ATTR_CALLER_TRACE_ID = "honeyhive_metadata.caller_trace_id";
export const ATTR_CALLER_SPAN_ID = "honeyhive_metadata.caller_span_id";

/**
 * The evaluation ids a remote caller's baggage carried, on the spans of a session that is not the caller's (a service or
 * MCP server in another process that keeps its own session): a run counts only the sessions stamped with its run id
 * as its datapoints, so these are kept apart from `run_id` / `dataset_id` / `datapoint_id`.
 */
export const ATTR_CALLER_RUN_ID = "honeyhive_metadata.caller_run_id";
export const ATTR_CALLER_DATASET_ID = "honeyhive_metadata.caller_dataset_id";
export const ATTR_CALLER_DATAPOINT_ID = "honeyhive_metadata.caller_datapoint_id";

/** Baggage keys the SDK may propagate implicitly: evaluation ids only. */
export const SAFE_BAGGAGE_KEYS = ["run_id", "dataset_id", "datapoint_id"] as const;

/** The attribute key for a namespaced path, e.g. `namespacedKey("inputs", "question")`. */
export function namespacedKey(namespace: EventNamespace, path: string): string {
  return `${NAMESPACE_PREFIX}${namespace}.${path}`;
}
