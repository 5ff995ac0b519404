/**
 * Sessions of OpenTelemetry-only apps from the OTel GenAI conversation id: spans that name no HoneyHive session
 * (`honeyhive.session_id` or its older keys) are grouped by `gen_ai.conversation.id` rather than one session per
 * trace. The id is a trace's: when any span of a trace carries it, every span of that trace without a session of
 * its own joins the conversation's session, so a tool span or an HTTP root span (which the conventions do not give
 * the attribute) stays in the tree of its turn. A trace's conversation is remembered (bounded, per project) for
 * the spans of that trace a later export request brings; spans of the trace stored before (in the trace's session)
 * are moved into the conversation's session when a span first names it.
 */
import { isUuid } from "@honeyhive/core/ids/uuid";
import type { DecodedSpan } from "../otlp/index";
import { traceSessionId, uuidFromName } from "../domain/ids";

/** The OTel GenAI attribute naming a conversation (session, thread). */
export const ATTR_CONVERSATION_ID = "gen_ai.conversation.id";
const MAX_CONVERSATION_ID_LENGTH = 200;

/** What the ingest remembers across requests: a trace's conversation id, by trace id (one project's). */
export interface TraceConversationMemory {
  get(traceId: string): string | undefined;
  set(traceId: string, conversationId: string): void;
}

/** The span's own conversation id (trimmed, at most 200 characters), if it names one. */
function conversationIdOf(span: DecodedSpan): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(span.attributes, ATTR_CONVERSATION_ID) ? span.attributes[ATTR_CONVERSATION_ID] : undefined;
  if (typeof value !== "string") return undefined;
  const id = value.trim();
  return id !== "" && id.length <= MAX_CONVERSATION_ID_LENGTH ? id : undefined;
}

/** The conversations of one request's traces. */
export interface TraceConversations {
  /** The conversation id of each trace that has one. */
  byTrace: Map<string, string>;
  /**
   * The session moves of traces whose conversation this request named first (none remembered): their spans stored
   * by earlier requests, in the trace's session, join the conversation's.
   */
  moves: { from: string; to: string }[];
}

/**
 * The conversation id of each trace of `spans` (the first one a span of the trace names, else the one `memory`
 * remembers for the trace); newly seen ones are remembered.
 */
export function traceConversations(spans: readonly DecodedSpan[], memory?: TraceConversationMemory): TraceConversations {
  const result: TraceConversations = { byTrace: new Map(), moves: [] };
  for (const span of spans) {
    if (result.byTrace.has(span.traceId)) continue;
    const id = conversationIdOf(span);
    if (id === undefined) continue;
    result.byTrace.set(span.traceId, id);
    if (memory?.get(span.traceId) !== undefined) continue;
    memory?.set(span.traceId, id);
    result.moves.push({ from: traceSessionId(span.traceId), to: conversationSessionId(id) });
  }
  if (memory !== undefined) {
    const asked = new Set<string>(); // one look-up per trace: a request's spans share a few traces
    for (const span of spans) {
      if (result.byTrace.has(span.traceId) || asked.has(span.traceId)) continue;
      asked.add(span.traceId);
      const remembered = memory.get(span.traceId);
      if (remembered !== undefined) result.byTrace.set(span.traceId, remembered);
    }
  }
  return result;
}

/** The session id of a conversation: the id itself when it is a UUID (lowercased), else a UUID derived from it. */
export function conversationSessionId(conversationId: string): string {
  return isUuid(conversationId) ? conversationId.toLowerCase() : uuidFromName(`conversation:${conversationId}`);
}
