/**
 * Decoded OTLP spans → one event batch: each span mapped to an event write (parents referenced as data,
 * resolved by the store), plus the session seeds the spans need. Pure: no I/O, no HTTP.
 */
import type { DecodedSpan } from "../otlp/index";
import type { PriceTable } from "@honeyhive/core/pricing/call-cost";
import type { EventBatch } from "../domain/records";
import { invalid } from "../domain/validation-error";
import { mergeEvents } from "../model/event-model";
import { traceConversations, type TraceConversationMemory } from "./conversation-session";
import { SessionSeeds } from "./session-seed";
import { decideSiblingCalls } from "./sibling-calls";
import { mapSpan, SpanRefs } from "./span-to-event";

function validSpanIds(span: DecodedSpan): boolean {
  return span.traceId !== "" && span.spanId !== "" && !/^0+$/.test(span.traceId) && !/^0+$/.test(span.spanId);
}

/**
 * The batch for `spans`; `sourceHeader` is the request's `X-Source` (used when a span names no source);
 * `prices` costs the model events. Two sibling reports of one LLM call in the request are decided first
 * (`sibling-calls.ts`: one model event, the other a linked chain). Spans naming no session join their trace's OTel
 * GenAI conversation (`conversation-session.ts`; `conversations` remembers them across requests).
 * Throws a ValidationError naming the first span without valid trace and span ids.
 */
export function spansToBatch(
  received: readonly DecodedSpan[], sourceHeader: string | undefined, prices: PriceTable, conversations?: TraceConversationMemory,
): EventBatch {
  const seeds = new SessionSeeds();
  const events: EventBatch["events"] = [];
  const refs = new SpanRefs();
  for (let i = 0; i < received.length; i++) if (!validSpanIds(received[i]!)) throw invalid(`span ${i} has no valid traceId/spanId`);
  const spans = decideSiblingCalls(received);
  const conversationOfTrace = traceConversations(spans, conversations);
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const mapped = mapSpan(span, sourceHeader, refs, prices, conversationOfTrace.byTrace.get(span.traceId));
    seeds.add(mapped.write.event, mapped.sessionName);
    events.push(mapped.write);
  }
  const batch: EventBatch = { sessions: seeds.list(), events, merge: mergeEvents };
  if (conversationOfTrace.moves.length > 0) batch.sessionMoves = conversationOfTrace.moves;
  return batch;
}
