/**
 * The trace tree of a session from its lean events: parent links resolved (unknown parents attach to
 * the session), children ordered by start time, cycles broken, and the visible rows of the tree given
 * the collapsed nodes — all iterative, so a 20,000-deep chain cannot overflow the stack.
 */
import type { TreeEvent, TreeSession } from "./types";

/** A node of the tree. */
export interface TreeNode {
  event: TreeEvent;
  children: TreeNode[];
  depth: number;
}

/** A built tree: the session root and time bounds of all events. */
export interface Tree {
  root: TreeNode;
  byId: Map<string, TreeNode>;
  start: number;
  end: number;
}

function byStart(a: TreeNode, b: TreeNode): number {
  return (a.event.start ?? Infinity) - (b.event.start ?? Infinity);
}

/** The root node: the session itself. */
function sessionNode(session: TreeSession): TreeNode {
  return {
    event: {
      id: session.session_id, parent: null, type: "session", name: session.name,
      start: session.start_time, end: session.end_time, error: session.error,
    },
    children: [],
    depth: 0,
  };
}

function parentOf(node: TreeNode, byId: ReadonlyMap<string, TreeNode>): TreeNode | undefined {
  return node.event.parent !== null ? byId.get(node.event.parent) : undefined;
}

/** Hangs every node under its parent, or under the root when the parent is unknown or the node itself. */
function attachToParents(byId: ReadonlyMap<string, TreeNode>, root: TreeNode): void {
  for (const node of byId.values()) {
    if (node === root) continue;
    const parent = parentOf(node, byId);
    (parent && parent !== node ? parent : root).children.push(node);
  }
}

/** The earliest start and latest end of all nodes (the start, for both, when no node has a time). */
function timeBounds(byId: ReadonlyMap<string, TreeNode>): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const { event } of byId.values()) {
    if (event.start !== null) start = Math.min(start, event.start);
    if (event.end !== null) end = Math.max(end, event.end);
  }
  if (!Number.isFinite(start)) start = 0;
  if (!Number.isFinite(end) || end < start) end = start;
  return { start, end };
}

/** Marks every node reachable from `from` (iteratively), ordering each one's children by start time. */
function walkFrom(from: TreeNode, reached: Set<TreeNode>): void {
  const stack: TreeNode[] = [from];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (reached.has(node)) continue;
    reached.add(node);
    node.children.sort(byStart);
    for (const child of node.children) if (!reached.has(child)) stack.push(child);
  }
}

/** Nodes in a parent cycle are unreachable from the root: detaches one node of each cycle and hangs it there. */
function breakCycles(byId: ReadonlyMap<string, TreeNode>, root: TreeNode): void {
  const reached = new Set<TreeNode>();
  walkFrom(root, reached);
  for (const node of byId.values()) {
    if (reached.has(node)) continue;
    const parent = parentOf(node, byId);
    if (parent) parent.children = parent.children.filter((c) => c !== node);
    root.children.push(node);
    walkFrom(node, reached);
  }
  root.children.sort(byStart);
}

/** Builds the tree of a session. */
export function buildTree(session: TreeSession, events: readonly TreeEvent[]): Tree {
  const root = sessionNode(session);
  const byId = new Map<string, TreeNode>([[root.event.id, root]]);
  for (const event of events) if (!byId.has(event.id)) byId.set(event.id, { event, children: [], depth: 0 });
  attachToParents(byId, root);
  breakCycles(byId, root);
  return { root, byId, ...timeBounds(byId) };
}

/** The rows shown: depth-first, children of collapsed nodes hidden; sets each node's depth. */
export function visibleRows(tree: Tree, collapsed: ReadonlySet<string>): TreeNode[] {
  const rows: TreeNode[] = [];
  const seen = new Set<TreeNode>();
  const stack: { node: TreeNode; depth: number }[] = [{ node: tree.root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    node.depth = depth;
    rows.push(node);
    if (collapsed.has(node.event.id)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, depth: depth + 1 });
  }
  return rows;
}

/** Ids of the ancestors of `id` (to expand them when selecting a hidden node). */
export function ancestors(tree: Tree, id: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let node = tree.byId.get(id);
  while (node && node !== tree.root && !seen.has(node.event.id)) {
    seen.add(node.event.id);
    const parentId = node.event.parent;
    const parent = parentId !== null ? tree.byId.get(parentId) : undefined;
    node = parent && parent.children.includes(node) ? parent : tree.root;
    out.push(node.event.id);
  }
  return out;
}
