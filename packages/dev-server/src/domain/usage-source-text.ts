/**
 * Where a session tree reads usage from, when an event's objects are still their stored JSON text: an object is
 * parsed only when its text contains one of its column's markers, since usage (`domain/call-usage.ts`) is read under
 * keys that each contain a usage marker, a model call's unpriced mark under `"model"`, evaluation work under
 * `"evaluator"` and a caller under its two keys. Text without a marker yields `{}`, which gives exactly what the full
 * object would. The same markers filter the columns of the viewer's tree in SQL (`store/sqlite-tree-rows.ts`).
 */
import { EVALUATOR_MARKER, MODEL_MARKER, USAGE_KEY_MARKERS, type UsageSource } from "./call-usage";
import { isPlainObject, parseStoredJson, type JsonObject } from "./json";

/** Keys of the metadata that says where a session was called from (the viewer's "called from"). */
export const CALLER_MARKERS = ['"caller_span_id"', '"caller_session_id"'] as const;

/** Per object column, the texts one of which its stored JSON must contain to be read for usage. */
export const USAGE_SOURCE_MARKERS: Readonly<Record<keyof Omit<UsageSource, "event_type">, readonly string[]>> = {
  metadata: [...USAGE_KEY_MARKERS, EVALUATOR_MARKER, ...CALLER_MARKERS],
  metrics: USAGE_KEY_MARKERS,
  config: [...USAGE_KEY_MARKERS, MODEL_MARKER],
  outputs: USAGE_KEY_MARKERS,
};

/** An event whose object columns are their stored JSON text. */
export interface UsageTexts {
  event_type: string;
  metadata: string;
  metrics: string;
  config: string;
  outputs: string;
}

/** `text` parsed when it contains one of `markers` and holds an object, else `{}`. */
function markedObject(text: string, markers: readonly string[]): JsonObject {
  if (!markers.some((marker) => text.includes(marker))) return {};
  const value = parseStoredJson<unknown>(text, {});
  return isPlainObject(value) ? value : {};
}

/** What usage and evaluation work are read from in `event` (see the file comment). */
export function usageSourceOfTexts(event: UsageTexts): Required<UsageSource> & { metadata: JsonObject } {
  return {
    event_type: event.event_type,
    metadata: markedObject(event.metadata, USAGE_SOURCE_MARKERS.metadata),
    metrics: markedObject(event.metrics, USAGE_SOURCE_MARKERS.metrics),
    config: markedObject(event.config, USAGE_SOURCE_MARKERS.config),
    outputs: markedObject(event.outputs, USAGE_SOURCE_MARKERS.outputs),
  };
}
