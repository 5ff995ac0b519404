/**
 * The session API's event tree (`GET /v1/sessions/{id}`), written as JSON text from the session's events read as
 * stored text (`Store.sessionEventTexts`), each rendered to bytes as it is read (`session-events.ts`): a
 * 10,000-event session is neither parsed nor serialised object by object, and its body is built in chunks
 * (`http/json-chunks.ts`). The text is byte for byte `JSON.stringify` of the tree of `apiEvent` objects
 * (`test/dev-server/session-tree-text.test.ts`). Decision records 0073, 0097.
 */
import type { EventRecord, EventTextRecord } from "../domain/records";
import { apiEventHead } from "../model/event-json";
import type { JsonBuffer } from "../http/json-buffer";
import type { CallerLink } from "../query/foreign-parents";
import type { SessionEvent } from "./session-events";

/** What the tree reads of an event: its id and its parent's. */
interface Linked {
  readonly event_id: string;
  readonly parent_id: string | null;
}

/** Deepest nesting below a top (the session, or an event hung under it); deeper events hang under the session. */
const MAX_TREE_DEPTH = 64;

/** An event of the tree; `children` absent on one at {@link MAX_TREE_DEPTH} (its own children hang elsewhere). */
export interface TreeNode<E extends Linked = SessionEvent> {
  event: E;
  caller?: CallerLink;
  children?: TreeNode<E>[];
}

/**
 * The session with its events as a tree of `children`. An event whose parent is not in the session (a distributed
 * trace's span called from another session, a parent never stored, or a parent cycle) hangs under the session
 * itself, so the tree holds every event the session counts; one called from another session carries its caller.
 * `ids` holds the id of each of `events` (`eventsById` of them, shared with the children links).
 */
export function sessionTree<E extends Linked>(session: E, events: readonly E[], callers: ReadonlyMap<string, CallerLink>, ids: ReadonlyMap<string, unknown>): TreeNode<E> {
  const byParent = new Map<string, E[]>();
  for (const event of events) {
    if (event.event_id === session.event_id || event.parent_id === null) continue;
    const list = byParent.get(event.parent_id);
    if (list === undefined) byParent.set(event.parent_id, [event]);
    else list.push(event);
  }
  const seen = new Set<string>([session.event_id]);
  const nodeOf = (event: E): TreeNode<E> => {
    const caller = callers.get(event.event_id);
    return caller === undefined ? { event } : { event, caller };
  };
  const hang = (top: TreeNode<E>): void => {
    const stack: { node: TreeNode<E>; depth: number }[] = [{ node: top, depth: 0 }];
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      const children: TreeNode<E>[] = [];
      for (const child of byParent.get(node.event.event_id) ?? []) {
        if (seen.has(child.event_id)) continue;
        seen.add(child.event_id);
        const childNode = nodeOf(child);
        children.push(childNode);
        if (depth + 1 < MAX_TREE_DEPTH) stack.push({ node: childNode, depth: depth + 1 });
      }
      node.children = children;
    }
  };
  const root: TreeNode<E> = { event: session };
  hang(root);
  const rootChildren = root.children!;
  // Unreached: first those whose parent is outside the session (the tops of called-in subtrees), then any left (cycles).
  for (const pass of [(e: E) => e.parent_id === null || !ids.has(e.parent_id), () => true]) {
    for (const event of events) {
      if (seen.has(event.event_id) || !pass(event)) continue;
      seen.add(event.event_id);
      const node = nodeOf(event);
      rootChildren.push(node);
      hang(node);
    }
  }
  return root;
}

/**
 * Writes `root` to `out` as `JSON.stringify` writes the same tree of `apiEvent` objects (`called_from`, then
 * `children`), leaving the root's object open so the caller can add its own fields and the closing brace.
 */
export function writeTreeOpen(out: JsonBuffer, root: TreeNode): void {
  const write = (node: TreeNode): void => {
    const event = node.event;
    out.add(apiEventHead(event));
    out.addBytes(event.rest);
    if (node.caller !== undefined) out.add(`,"called_from":${JSON.stringify(node.caller)}`);
    if (node.children === undefined) return;
    out.add(`,"children":[`);
    node.children.forEach((child, i) => {
      if (i > 0) out.add(",");
      write(child);
      out.add("}");
    });
    out.add("]");
  };
  write(root);
}

/** `event` with its objects as JSON text, as `Store.queryEventTexts` gives them. */
export function eventAsText(event: EventRecord): EventTextRecord {
  const text = (value: unknown): string => JSON.stringify(value ?? {});
  return {
    ...event, inputs: text(event.inputs), outputs: text(event.outputs), config: text(event.config), metadata: text(event.metadata),
    metrics: text(event.metrics), feedback: text(event.feedback), user_properties: text(event.user_properties),
  };
}
