import { type Attributes, trace as otelTrace } from "@opentelemetry/api";
import { discoverTracerHandle } from "../context/discover";
import type { TracerReference } from "../context/tracer-handle";
import { sdkLogger, warnOncePerProcess } from "../internal/logger";
import { type NormalizeBudget, flattenInto } from "../normalize";
import { attributeBudgetOf } from "../span/span-end";
import { ATTR_ERROR, ATTR_EVENT_ID, ATTR_EVENT_NAME, type EventNamespace, NAMESPACE_PREFIX } from "@honeyhive/core/semconv/attributes";
import { asEventRecord } from "@honeyhive/core/semconv/event-record";
import { resolveLazy } from "./resolve-lazy";
import { warnNearMissKeys } from "./near-miss-keys";

/**
 * Fields of {@link enrichSpan}. Any other key is recorded as metadata (one that is a near miss of a field, such as
 * `metdata`, is also warned about once). Values may be lazy (functions called once).
 */
export interface EnrichSpanParams {
  metadata?: Record<string, unknown> | (() => Record<string, unknown>);
  metrics?: Record<string, unknown> | (() => Record<string, unknown>);
  feedback?: Record<string, unknown> | (() => Record<string, unknown>);
  inputs?: unknown;
  outputs?: unknown;
  config?: Record<string, unknown> | (() => Record<string, unknown>);
  userProperties?: Record<string, unknown> | (() => Record<string, unknown>);
  /** An error (or message) recorded as `honeyhive_error`. */
  error?: unknown;
  /** Renames the event (`honeyhive_event_name`). */
  eventName?: string;
  /** Sets the event id (`honeyhive_event_id`). */
  eventId?: string;
  /** Arbitrary attributes recorded as metadata (override `metadata`, overridden by extra keys). */
  attributes?: Record<string, unknown>;
  /** Extra keys go to metadata. */
  [extra: string]: unknown;
}

/** The fields of {@link EnrichSpanParams} (what a near-miss extra key is compared with). */
const FIELDS = ["metadata", "metrics", "feedback", "inputs", "outputs", "config", "userProperties", "error", "eventName", "eventId", "attributes"] as const;
const RESERVED: ReadonlySet<string> = new Set<string>([...FIELDS, "user_properties", "tracer"]);
const NAMESPACE_FIELDS: readonly [keyof EnrichSpanParams, EventNamespace][] = [
  ["metrics", "metrics"],
  ["feedback", "feedback"],
  ["inputs", "inputs"],
  ["outputs", "outputs"],
  ["config", "config"],
  ["userProperties", "user_properties"],
];

/** Metadata with precedence `metadata` < `attributes` < extra keys (any key the params do not reserve). */
function mergedMetadata(params: EnrichSpanParams): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...(asEventRecord(resolveLazy(params.metadata)) ?? {}) };
  Object.assign(metadata, asEventRecord(resolveLazy(params.attributes)) ?? {});
  for (const key of Object.keys(params)) if (!RESERVED.has(key)) metadata[key] = resolveLazy(params[key]);
  return metadata;
}

/** The error, event name and event id attributes an enrichment sets directly. */
function directAttributes(params: EnrichSpanParams, out: Attributes): void {
  const error = resolveLazy(params.error);
  if (error !== undefined && error !== null) out[ATTR_ERROR] = error instanceof Error ? error.message : String(error);
  if (typeof params.eventName === "string" && params.eventName) out[ATTR_EVENT_NAME] = params.eventName;
  if (typeof params.eventId === "string" && params.eventId) out[ATTR_EVENT_ID] = params.eventId;
}

/** Builds the attributes an enrichment writes; exported for tests and for `tracer.enrichSpan`. */
function enrichmentAttributes(params: EnrichSpanParams, budget: Readonly<NormalizeBudget>): Attributes {
  const out: Attributes = {};
  for (const [field, namespace] of NAMESPACE_FIELDS) {
    const value = asEventRecord(resolveLazy(params[field]));
    if (value) flattenInto(out, `${NAMESPACE_PREFIX}${namespace}`, value, budget);
  }
  if (params.user_properties !== undefined) flattenInto(out, `${NAMESPACE_PREFIX}user_properties`, asEventRecord(resolveLazy(params.user_properties)), budget);
  const metadata = mergedMetadata(params);
  if (Object.keys(metadata).length > 0) flattenInto(out, `${NAMESPACE_PREFIX}metadata`, metadata, budget);
  directAttributes(params, out);
  return out;
}

/** Said once per process when a tracer exists but `enrichSpan()` runs outside every span (a sampled-out span is silent). */
const OUTSIDE_SPAN_WARNING =
  "enrichSpan() was called outside any span, so nothing was enriched (it enriches the active span: call it inside a function traced with trace(), or use enrichSession() for the session); said once";

/**
 * Enriches the active span: namespaced fields as `honeyhive_<namespace>.*`, metadata with precedence
 * `metadata` < `attributes` < extra keys. Returns false when there is no recording span: outside every span while a tracer
 * exists it warns once per process; a span not recording (sampled out) is silent. Never throws.
 */
export function enrichSpan(params: EnrichSpanParams = {}, tracer?: TracerReference): boolean {
  const discovered = discoverTracerHandle(tracer).tracer;
  const logger = discovered?.logger ?? sdkLogger();
  try {
    if (typeof params === "object" && params !== null) warnNearMissKeys(params, FIELDS, RESERVED, "enrichSpan", logger);
    const span = otelTrace.getActiveSpan();
    if (!span || !span.isRecording()) {
      if (span === undefined && discovered !== undefined) warnOncePerProcess(logger, OUTSIDE_SPAN_WARNING);
      else logger.debug("enrichSpan: no active recording span; nothing enriched");
      return false;
    }
    span.setAttributes(enrichmentAttributes(params ?? {}, attributeBudgetOf(span, discovered))); // the span's own tracer's bound
    if (typeof params?.eventName === "string" && params.eventName) span.updateName(params.eventName);
    return true;
  } catch (error) {
    logger.debug(`enrichSpan failed: ${String(error)}`);
    return false;
  }
}
