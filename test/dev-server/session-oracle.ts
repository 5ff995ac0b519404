// The oracle of the session API's body (`GET /v1/sessions/{id}`): the tree the route built from API events before it
// was written from stored text, JSON.stringify'd, with the counts and roll-ups computed from the parsed events by the
// shared summing rule. Used by session-tree-text.test.ts and session-route-10k.test.ts.
import { callTotalsBySide, eventUsage, isEvaluationWork, sumUsage, type Usage } from "../../packages/dev-server/src/domain/call-usage";

export type Node = Record<string, unknown> & { event_id: string; parent_id: string | null; event_type: string; metadata?: unknown; children?: Node[] };

/** The tree as the route built it from API events (the oracle: the former object path, kept here as the reference). */
function oracleTree(session: Node, events: Node[], callers: Map<string, unknown>): Node {
  const byParent = new Map<string, Node[]>();
  for (const e of events) if (e.event_id !== session.event_id && e.parent_id !== null) byParent.set(e.parent_id, [...(byParent.get(e.parent_id) ?? []), e]);
  const seen = new Set([session.event_id]);
  const nodeOf = (e: Node): Node => (callers.has(e.event_id) ? { ...e, called_from: callers.get(e.event_id) } : { ...e });
  const hang = (top: Node): void => {
    const stack = [{ node: top, depth: 0 }];
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      const children: Node[] = [];
      for (const child of byParent.get(node.event_id) ?? []) {
        if (seen.has(child.event_id)) continue;
        seen.add(child.event_id);
        const c = nodeOf(child);
        children.push(c);
        if (depth + 1 < 64) stack.push({ node: c, depth: depth + 1 });
      }
      node.children = children;
    }
  };
  const root: Node = { ...session };
  hang(root);
  const ids = new Set(events.map((e) => e.event_id));
  for (const pass of [(e: Node) => e.parent_id === null || !ids.has(e.parent_id), () => true]) {
    for (const e of events) {
      if (seen.has(e.event_id) || !pass(e)) continue;
      seen.add(e.event_id);
      const node = nodeOf(e);
      root.children!.push(node);
      hang(node);
    }
  }
  return root;
}

export function oracleBody(session: Node, events: Node[], callers: Map<string, unknown>): string {
  const rollUp = (u: Usage | null) => ({ prompt_tokens: u?.input_tokens ?? null, completion_tokens: u?.output_tokens ?? null, total_tokens: u?.total_tokens ?? null, cost: u?.cost ?? null });
  const others = events.filter((e) => e.event_id !== session.event_id);
  const bySide = callTotalsBySide(others.map((e) => ({ id: e.event_id, parent: e.parent_id, type: e.event_type, usage: eventUsage(e), evaluation: isEvaluationWork(e) })));
  const usage = sumUsage([bySide.app, bySide.evaluation]);
  const count = (type: string) => events.filter((e) => e.event_type === type).length;
  return JSON.stringify({
    ...oracleTree(session, events, callers), num_events: others.length, num_model_events: count("model"), num_tool_events: count("tool"), num_chain_events: count("chain"),
    prompt_tokens: usage?.input_tokens ?? null, completion_tokens: usage?.output_tokens ?? null, total_tokens: usage?.total_tokens ?? null, cost: usage?.cost ?? null,
    app_usage: rollUp(bySide.app), evaluation_usage: rollUp(bySide.evaluation),
  });
}
