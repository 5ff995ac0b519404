/**
 * `metadata.same_call_as` at ingest (decision records 0005 and 0009): on the wire, a span that reports the same LLM
 * call as a model event names that event's span by its span id (`honeyhive_metadata.same_call_as`, what the SDK
 * decided before export, or the sibling rule at this ingest), with `honeyhive_metadata.same_call_as_trace_id` when
 * that span is in another trace. A span id names no stored event, so the link is stored as the event id of that
 * span: derived by the one function that derives a span's event id (`SpanRefs` → `spanEventId`), then resolved by
 * the store like a parent (a span that named its own event id is found through its `span_ref`). The trace id is
 * consumed: it only serves the derivation. A value that is not a span id (another SDK's event id) stays as it is.
 */
import { SAME_CALL_AS as LINK, SAME_CALL_AS_TRACE as LINK_TRACE } from "@honeyhive/core/semconv/model-call";
import type { JsonObject } from "../domain/json";

/** What derives a span's event id from its trace and span ids (`SpanRefs` of span-to-event.ts). */
interface SpanRefSource {
  ref(traceId: string, spanId: string): string;
}

const SPAN_ID = /^[0-9a-f]{16}$/i;
const TRACE_ID = /^[0-9a-f]{32}$/i;

/**
 * Rewrites `metadata.same_call_as` of a span of trace `traceId` from a span id to that span's derived event id (its
 * span reference) and returns that reference for the store to resolve; undefined when the metadata holds no span-id
 * link (then nothing is changed).
 */
export function sameCallLink(metadata: JsonObject, traceId: string, refs: SpanRefSource): string | undefined {
  const link = metadata[LINK];
  if (typeof link !== "string" || !SPAN_ID.test(link)) return undefined;
  const linkTrace = metadata[LINK_TRACE];
  const trace = typeof linkTrace === "string" && TRACE_ID.test(linkTrace) ? linkTrace.toLowerCase() : traceId;
  const ref = refs.ref(trace, link.toLowerCase());
  metadata[LINK] = ref;
  delete metadata[LINK_TRACE];
  return ref;
}
