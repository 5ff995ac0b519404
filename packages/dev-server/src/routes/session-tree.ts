/**
 * The session API's event tree (`GET /v1/sessions/{id}`), written as JSON text from the session's events read as
 * stored text (`Store.queryEventTexts`): a 10,000-event session is neither parsed nor serialised object by object,
 * and its body is built in chunks (`http/json-chunks.ts`). The text is byte for byte `JSON.stringify` of the tree of
 * `apiEvent` objects (`test/dev-server/session-tree-text.test.ts`). Decision record 0073.
 */
import type { EventRecord, EventTextRecord, ProjectRecord } from "../domain/records";
import { apiEventJson, apiEventTail } from "../model/event-json";
import type { JsonChunks } from "../http/json-chunks";
import type { CallerLink } from "../query/foreign-parents";

/** Deepest nesting below a top (the session, or an event hung under it); deeper events hang under the session. */
const MAX_TREE_DEPTH = 64;

/** An event of the tree; `children` absent on one at {@link MAX_TREE_DEPTH} (its own children hang elsewhere). */
export interface TreeNode {
  event: EventTextRecord;
  caller?: CallerLink;
  children?: TreeNode[];
}

/**
 * The session with its events as a tree of `children`. An event whose parent is not in the session (a distributed
 * trace's span called from another session, a parent never stored, or a parent cycle) hangs under the session
 * itself, so the tree holds every event the session counts; one called from another session carries its caller.
 */
export function sessionTree(session: EventTextRecord, events: readonly EventTextRecord[], callers: ReadonlyMap<string, CallerLink>): TreeNode {
  const byParent = new Map<string, EventTextRecord[]>();
  for (const event of events) {
    if (event.event_id === session.event_id || event.parent_id === null) continue;
    const list = byParent.get(event.parent_id);
    if (list === undefined) byParent.set(event.parent_id, [event]);
    else list.push(event);
  }
  const seen = new Set<string>([session.event_id]);
  const nodeOf = (event: EventTextRecord): TreeNode => {
    const caller = callers.get(event.event_id);
    return caller === undefined ? { event } : { event, caller };
  };
  const hang = (top: TreeNode): void => {
    const stack: { node: TreeNode; depth: number }[] = [{ node: top, depth: 0 }];
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      const children: TreeNode[] = [];
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
  const root: TreeNode = { event: session };
  hang(root);
  const ids = new Set(events.map((e) => e.event_id));
  const rootChildren = root.children!;
  // Unreached: first those whose parent is outside the session (the tops of called-in subtrees), then any left (cycles).
  for (const pass of [(e: EventTextRecord) => e.parent_id === null || !ids.has(e.parent_id), () => true]) {
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
export function writeTreeOpen(out: JsonChunks, root: TreeNode, project: ProjectRecord): void {
  const open = apiEventTail(project).slice(0, -1); // the fields apiEvent adds, without the closing brace
  const write = (node: TreeNode): void => {
    out.add(apiEventJson(node.event, open));
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
