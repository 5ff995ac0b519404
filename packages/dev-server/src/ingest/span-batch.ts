/**
 * Decoded OTLP spans → one event batch: each span mapped to an event write (parents referenced as data,
 * resolved by the store), plus the session seeds the spans need. Pure: no I/O, no HTTP.
 */
import type { DecodedSpan } from "../otlp/index";
import type { EventBatch } from "../domain/records";
import { invalid } from "../domain/validation-error";
import { mergeEvents } from "../model/event-model";
import { SessionSeeds } from "./session-seed";
import { mapSpan, SpanRefs } from "./span-to-event";

function validSpanIds(span: DecodedSpan): boolean {
  return span.traceId !== "" && span.spanId !== "" && !/^0+$/.test(span.traceId) && !/^0+$/.test(span.spanId);
}

/**
 * The batch for `spans`; `sourceHeader` is the request's `X-Source` (used when a span names no source).
 * Throws a ValidationError naming the first span without valid trace and span ids.
 */
export function spansToBatch(spans: readonly DecodedSpan[], sourceHeader: string | undefined): EventBatch {
  const seeds = new SessionSeeds();
  const events: EventBatch["events"] = [];
  const refs = new SpanRefs();
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if (!validSpanIds(span)) throw invalid(`span ${i} has no valid traceId/spanId`);
    const mapped = mapSpan(span, sourceHeader, refs);
    seeds.add(mapped.write.event, mapped.sessionName);
    events.push(mapped.write);
  }
  return { sessions: seeds.list(), events, merge: mergeEvents };
}
