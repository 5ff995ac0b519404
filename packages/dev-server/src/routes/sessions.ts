/**
 * Sessions: `POST /session/start` (idempotent on session_id), `POST /v1/sessions` (bare body),
 * and `GET /v1/sessions/{id}` / `GET /session/{id}` (the session with its event tree — every event of the session,
 * those called from another session marked `called_from` — counts, and token and cost roll-ups by the viewer's
 * summing rule).
 */
import { getOwn, type JsonObject } from "../domain/json";
import { notFound } from "../http/http-error";
import type { ApiRoute, RouteContext } from "./route-context";
import { apiEvent, mergeSessionStart, sessionFromBody } from "../model/event-model";
import { objectOrJsonString, requireUuid } from "../domain/validate";
import { callTotalsBySide, sumUsage, type CallUsageEvent, type Usage } from "../domain/call-usage";
import type { JsonChunksReply } from "../http/json-chunks";
import { JsonBuffer } from "../http/json-buffer";
import { ByteArena } from "../http/byte-arena";
import { apiEventTail } from "../model/event-json";
import { appendChildren, eventsById, pageLinks } from "../store/children-links";
import { nowMs, objectBody } from "./common";
import { foreignParents } from "../query/foreign-parents";
import { eventAsText, sessionTree, writeTreeOpen } from "./session-tree";
import { sessionEventOf, type SessionEvent } from "./session-events";

async function startSession(ctx: RouteContext, wrapped: boolean): Promise<unknown> {
  const body = await objectBody(ctx);
  const raw = wrapped || getOwn(body, "session") !== undefined ? getOwn(body, "session") : body;
  const session = sessionFromBody(objectOrJsonString(raw, `"session"`), nowMs(ctx));
  await ctx.store.writeEvents(ctx.project.id, { sessions: [], events: [{ event: session }], merge: mergeSessionStart });
  const stored = (await ctx.store.getEvent(ctx.project.id, session.event_id)) ?? session;
  return apiEvent(stored, ctx.project);
}

/** A usage in the session API's roll-up names (null where unknown). */
function rollUp(usage: Usage | null): { prompt_tokens: number | null; completion_tokens: number | null; total_tokens: number | null; cost: number | null } {
  return { prompt_tokens: usage?.input_tokens ?? null, completion_tokens: usage?.output_tokens ?? null, total_tokens: usage?.total_tokens ?? null, cost: usage?.cost ?? null };
}

/** The session's counts and usage roll-ups over `events` (the session's own event, `id`, not counted). */
function sessionFigures(events: readonly SessionEvent[], id: string): JsonObject {
  const counts = new Map<string, number>();
  const calls: CallUsageEvent[] = [];
  for (const event of events) {
    counts.set(event.event_type, (counts.get(event.event_type) ?? 0) + 1);
    if (event.event_id === id) continue;
    const { usage, evaluation } = event.rollUp;
    calls.push({ id: event.event_id, parent: event.parent_id, type: event.event_type, usage, evaluation });
  }
  const bySide = callTotalsBySide(calls);
  const usage = sumUsage([bySide.app, bySide.evaluation]);
  return {
    num_events: calls.length,
    num_model_events: counts.get("model") ?? 0,
    num_tool_events: counts.get("tool") ?? 0,
    num_chain_events: counts.get("chain") ?? 0,
    // Roll-ups over the session's model calls (each once; domain/call-usage.ts): null when unknown, never a made-up 0.
    ...rollUp(usage),
    // The same roll-ups for the app's calls and for the evaluation's (evaluators, LLM judges), apart.
    app_usage: rollUp(bySide.app),
    evaluation_usage: rollUp(bySide.evaluation),
  };
}

/** About the bytes of an event's text the tree writes besides its rendered rest: its ids and children's, and the brackets. */
const HEAD_BYTES = 256;

/**
 * The session with its event tree (`session-tree.ts`), counts and roll-ups, written as JSON text into one buffer
 * (`JsonBuffer`). Each event is rendered to bytes as it is read (`session-events.ts`); the roll-ups read what the store
 * recorded of each event (`domain/roll-up-input.ts`), else the objects that can hold usage only
 * (`domain/usage-source-text.ts`).
 */
async function getSession(ctx: RouteContext): Promise<JsonChunksReply> {
  const id = requireUuid(ctx.params.id, "session id");
  const found = await ctx.store.getEvent(ctx.project.id, id, { children: false });
  if (!found || found.event_type !== "session") throw notFound(`session ${id} not found`);
  const tail = apiEventTail(ctx.project).slice(0, -1); // the fields apiEvent adds, without the closing brace
  const arena = new ByteArena();
  const events = await ctx.store.sessionEventTexts(ctx.project.id, id, (event) => sessionEventOf(event, arena, tail));
  const byId = eventsById(events);
  appendChildren(events, pageLinks(events, false, byId), byId); // the whole session is read: every child is among its events
  const session = byId.get(id) ??
    sessionEventOf(eventAsText((await ctx.store.getEvent(ctx.project.id, id)) ?? found), arena, tail);
  const callers = (await foreignParents(ctx.store, ctx.project.id, id, events, byId)).links;
  const out = new JsonBuffer(arena.bytes + events.length * HEAD_BYTES + 64 * 1024);
  writeTreeOpen(out, sessionTree(session, events, callers, byId));
  out.add(`,${JSON.stringify(sessionFigures(events, id)).slice(1)}`);
  return out.finish();
}

/** Session routes. */
export const sessionRoutes: readonly ApiRoute[] = [
  { method: "POST", pattern: "/session/start", handler: (ctx) => startSession(ctx, true) },
  { method: "POST", pattern: "/sessions", handler: (ctx) => startSession(ctx, false) },
  { method: "GET", pattern: "/session/:id", handler: getSession },
  { method: "GET", pattern: "/sessions/:id", handler: getSession },
];
