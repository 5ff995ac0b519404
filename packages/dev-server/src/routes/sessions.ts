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
import type { EventRecord } from "../domain/records";
import { callTotalsBySide, eventUsage, isEvaluationWork, sumUsage, type Usage } from "../domain/call-usage";
import { nowMs, objectBody } from "./common";
import { foreignParents, type CallerLink } from "../query/foreign-parents";

const MAX_TREE_DEPTH = 64;

async function startSession(ctx: RouteContext, wrapped: boolean): Promise<unknown> {
  const body = await objectBody(ctx);
  const raw = wrapped || getOwn(body, "session") !== undefined ? getOwn(body, "session") : body;
  const session = sessionFromBody(objectOrJsonString(raw, `"session"`), nowMs(ctx));
  await ctx.store.writeEvents(ctx.project.id, { sessions: [], events: [{ event: session }], merge: mergeSessionStart });
  const stored = (await ctx.store.getEvent(ctx.project.id, session.event_id)) ?? session;
  return apiEvent(stored, ctx.project);
}

/**
 * The session with its events as a tree of `children`. An event whose parent is not in the session (a distributed
 * trace's span called from another session, a parent never stored, or a parent cycle) hangs under the session
 * itself, so the tree holds every event the session counts; one called from another session carries `called_from`
 * (`query/foreign-parents.ts`).
 */
function buildTree(ctx: RouteContext, session: EventRecord, events: readonly EventRecord[], callers: ReadonlyMap<string, CallerLink>): JsonObject {
  const byParent = new Map<string, EventRecord[]>();
  for (const event of events) {
    if (event.event_id === session.event_id || event.parent_id === null) continue;
    const list = byParent.get(event.parent_id) ?? [];
    list.push(event);
    byParent.set(event.parent_id, list);
  }
  const root: JsonObject = apiEvent(session, ctx.project);
  const seen = new Set<string>([session.event_id]);
  const nodeOf = (event: EventRecord): JsonObject => {
    const node = apiEvent(event, ctx.project);
    const caller = callers.get(event.event_id);
    if (caller !== undefined) node.called_from = caller;
    return node;
  };
  const hang = (top: JsonObject, topId: string): void => {
    const stack: { node: JsonObject; id: string; depth: number }[] = [{ node: top, id: topId, depth: 0 }];
    while (stack.length > 0) {
      const { node, id, depth } = stack.pop()!;
      const children: JsonObject[] = [];
      for (const child of byParent.get(id) ?? []) {
        if (seen.has(child.event_id)) continue;
        seen.add(child.event_id);
        const childNode = nodeOf(child);
        children.push(childNode);
        if (depth + 1 < MAX_TREE_DEPTH) stack.push({ node: childNode, id: child.event_id, depth: depth + 1 });
      }
      node.children = children;
    }
  };
  hang(root, session.event_id);
  const ids = new Set(events.map((e) => e.event_id));
  const rootChildren = root.children as JsonObject[];
  // Unreached: first those whose parent is outside the session (the tops of called-in subtrees), then any left (cycles).
  for (const pass of [(e: EventRecord) => e.parent_id === null || !ids.has(e.parent_id), () => true]) {
    for (const event of events) {
      if (seen.has(event.event_id) || !pass(event)) continue;
      seen.add(event.event_id);
      const node = nodeOf(event);
      rootChildren.push(node);
      hang(node, event.event_id);
    }
  }
  return root;
}

/** A usage in the session API's roll-up names (null where unknown). */
function rollUp(usage: Usage | null): { prompt_tokens: number | null; completion_tokens: number | null; total_tokens: number | null; cost: number | null } {
  return { prompt_tokens: usage?.input_tokens ?? null, completion_tokens: usage?.output_tokens ?? null, total_tokens: usage?.total_tokens ?? null, cost: usage?.cost ?? null };
}

async function getSession(ctx: RouteContext): Promise<unknown> {
  const id = requireUuid(ctx.params.id, "session id");
  const session = await ctx.store.getEvent(ctx.project.id, id);
  if (!session || session.event_type !== "session") throw notFound(`session ${id} not found`);
  const { events } = await ctx.store.queryEvents(ctx.project.id, { where: { session_id: id } });
  const callers = (await foreignParents(ctx.store, ctx.project.id, id, events)).links;
  const count = (type: string) => events.filter((e) => e.event_type === type).length;
  const bySide = callTotalsBySide(events.filter((e) => e.event_id !== id).map((e) => ({ id: e.event_id, parent: e.parent_id, type: e.event_type, usage: eventUsage(e), evaluation: isEvaluationWork(e) })));
  const usage = sumUsage([bySide.app, bySide.evaluation]);
  return {
    ...buildTree(ctx, session, events, callers),
    num_events: events.filter((e) => e.event_id !== id).length,
    num_model_events: count("model"),
    num_tool_events: count("tool"),
    num_chain_events: count("chain"),
    // Roll-ups over the session's model calls (each once; domain/call-usage.ts): null when unknown, never a made-up 0.
    prompt_tokens: usage?.input_tokens ?? null,
    completion_tokens: usage?.output_tokens ?? null,
    total_tokens: usage?.total_tokens ?? null,
    cost: usage?.cost ?? null,
    // The same roll-ups for the app's calls and for the evaluation's (evaluators, LLM judges), apart.
    app_usage: rollUp(bySide.app),
    evaluation_usage: rollUp(bySide.evaluation),
  };
}

/** Session routes. */
export const sessionRoutes: readonly ApiRoute[] = [
  { method: "POST", pattern: "/session/start", handler: (ctx) => startSession(ctx, true) },
  { method: "POST", pattern: "/sessions", handler: (ctx) => startSession(ctx, false) },
  { method: "GET", pattern: "/session/:id", handler: getSession },
  { method: "GET", pattern: "/sessions/:id", handler: getSession },
];
