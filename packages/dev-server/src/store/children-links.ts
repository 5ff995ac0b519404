/**
 * An event's `children_ids` as read: the ids it stored, then those of the events of its session whose `parent_id`
 * points at it (in the event order), each once. The links come from SQL for a page of any query, or, for a query that
 * reads a whole session, from the page itself: every child of an event shares its session, so a page holding every
 * event of the session holds every child, and a second pass over the session in SQL finds nothing more.
 */
import type { EventQuery, EventRecord } from "../domain/records";

/** What attaching children reads and extends. */
export type ChildLinked = Pick<EventRecord, "event_id" | "session_id" | "parent_id" | "children_ids">;

/** A link: the child's `parent_id` and its `event_id`, as SQL returns them. */
export type ChildLink = readonly [parentId: unknown, childId: unknown, ...rest: unknown[]];

/** Each of `events` by its `event_id`: built once by a reader of a whole session and shared by its links and its tree. */
export function eventsById<E extends Pick<ChildLinked, "event_id">>(events: readonly E[]): Map<string, E> {
  const byId = new Map<string, E>();
  for (const event of events) byId.set(event.event_id, event);
  return byId;
}

/**
 * Appends to each of `events` the ids of its children in `links` (in their order) that its `children_ids` does not
 * list yet. Sets, not `children_ids.includes`: a session with 20,000 children made that quadratic. `byId` is
 * {@link eventsById} of `events`, when the caller has it already.
 */
export function appendChildren(events: readonly ChildLinked[], links: Iterable<ChildLink>, byId: ReadonlyMap<string, ChildLinked> = eventsById(events)): void {
  const known = new Map<ChildLinked, Set<string>>();
  for (const [parentId, child] of links) {
    const parent = byId.get(String(parentId));
    if (!parent) continue;
    const childId = String(child);
    let ids = known.get(parent);
    if (!ids) known.set(parent, (ids = new Set(parent.children_ids)));
    if (!ids.has(childId)) {
      ids.add(childId);
      parent.children_ids.push(childId);
    }
  }
}

/** True when `query` reads every event of one session (no other condition, bound, predicate, position or cut). */
export function readsWholeSession(query: EventQuery): boolean {
  const where = query.where;
  if (where === undefined || typeof where.session_id !== "string") return false;
  for (const key of Object.keys(where)) if (key !== "session_id" && where[key as keyof typeof where] !== undefined) return false;
  return query.predicate === undefined && query.after === undefined && (query.offset ?? 0) <= 0 && query.limit === undefined &&
    query.startFrom === undefined && query.startTo === undefined;
}

/**
 * The links among a whole session's events (`events`, in the query's order; `descending` when that order is
 * descending): each event whose parent is in the page, in ascending event order, as the SQL links are sorted.
 * `ids` is {@link eventsById} of `events`, when the caller has it already.
 */
export function pageLinks(events: readonly ChildLinked[], descending: boolean, ids: ReadonlyMap<string, unknown> = eventsById(events)): ChildLink[] {
  const links: ChildLink[] = [];
  const count = events.length;
  for (let i = 0; i < count; i++) {
    const event = events[descending ? count - 1 - i : i]!;
    if (event.parent_id !== null && ids.has(event.parent_id)) links.push([event.parent_id, event.event_id]);
  }
  return links;
}
