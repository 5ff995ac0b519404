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

/** Builds the tree of a session. */
export function buildTree(session: TreeSession, events: readonly TreeEvent[]): Tree {
  const root: TreeNode = {
    event: {
      id: session.session_id, parent: null, type: "session", name: session.name,
      start: session.start_time, end: session.end_time, error: session.error,
    },
    children: [],
    depth: 0,
  };
  const byId = new Map<string, TreeNode>([[root.event.id, root]]);
  for (const event of events) if (!byId.has(event.id)) byId.set(event.id, { event, children: [], depth: 0 });
  let start = root.event.start ?? Infinity;
  let end = root.event.end ?? -Infinity;
  for (const node of byId.values()) {
    if (node === root) continue;
    const parent = node.event.parent !== null ? byId.get(node.event.parent) : undefined;
    (parent && parent !== node ? parent : root).children.push(node);
    if (node.event.start !== null) start = Math.min(start, node.event.start);
    if (node.event.end !== null) end = Math.max(end, node.event.end);
  }
  // Nodes in a parent cycle are unreachable from the root: detach one node of each cycle and hang it there.
  const reached = new Set<TreeNode>();
  const walk = (from: TreeNode) => {
    const stack: TreeNode[] = [from];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (reached.has(node)) continue;
      reached.add(node);
      node.children.sort(byStart);
      for (const child of node.children) if (!reached.has(child)) stack.push(child);
    }
  };
  walk(root);
  for (const node of byId.values()) {
    if (reached.has(node)) continue;
    const parent = node.event.parent !== null ? byId.get(node.event.parent) : undefined;
    if (parent) parent.children = parent.children.filter((c) => c !== node);
    root.children.push(node);
    walk(node);
  }
  root.children.sort(byStart);
  if (!Number.isFinite(start)) start = 0;
  if (!Number.isFinite(end) || end < start) end = start;
  return { root, byId, start, end };
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
