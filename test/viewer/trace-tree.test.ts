import { describe, expect, it } from "vitest";
import { ancestors, buildTree, visibleRows } from "../../packages/dev-server/src/viewer/client/trace-tree";
import type { TreeEvent, TreeSession } from "../../packages/dev-server/src/viewer/client/types";

const SESSION: TreeSession = {
  session_id: "s", name: "session", source: "test", start_time: 100, end_time: 110, duration: 10, error: null,
  run_id: null, datapoint_id: null, label: null,
};

function event(id: string, parent: string | null, start: number | null, end: number | null = start): TreeEvent {
  return { id, parent, type: "tool", name: id, start, end, error: null };
}

const shape = (rows: { event: { id: string }; depth: number }[]) => rows.map((r) => `${"  ".repeat(r.depth)}${r.event.id}`);

/** The session page's trace tree, built from lean events. */
describe("buildTree", () => {
  it("hangs events under their parents, ordered by start time, and spans the time of every event", () => {
    const tree = buildTree(SESSION, [event("b", "s", 105, 120), event("a", "s", 95, 101), event("a1", "a", 96), event("a0", "a", null)]);
    expect(shape(visibleRows(tree, new Set()))).toEqual(["s", "  a", "    a1", "    a0", "  b"]);
    expect([tree.start, tree.end]).toEqual([95, 120]);
    expect(shape(visibleRows(tree, new Set(["a"])))).toEqual(["s", "  a", "  b"]);
    expect(ancestors(tree, "a1")).toEqual(["a", "s"]);
  });

  it("attaches events with an unknown parent, or themselves as parent, to the session; keeps the first of a repeated id", () => {
    const tree = buildTree(SESSION, [event("x", "missing", 101), event("self", "self", 102), event("x", "self", 103)]);
    expect(shape(visibleRows(tree, new Set()))).toEqual(["s", "  x", "  self"]);
    expect(tree.byId.get("x")!.event.start).toBe(101);
  });

  it("breaks a parent cycle by hanging one of its events under the session", () => {
    const tree = buildTree(SESSION, [event("p", "q", 101), event("q", "p", 102), event("r", "s", 103)]);
    const rows = shape(visibleRows(tree, new Set()));
    expect(rows).toEqual(["s", "  p", "    q", "  r"]);
    expect(ancestors(tree, "q")).toEqual(["p", "s"]);
  });

  it("has bounds 0..0 when no event has a time, and never ends before it starts", () => {
    const none = buildTree({ ...SESSION, start_time: null, end_time: null }, [event("a", "s", null)]);
    expect([none.start, none.end]).toEqual([0, 0]);
    const backwards = buildTree({ ...SESSION, start_time: 50, end_time: null }, [event("a", "s", null, 40)]);
    expect([backwards.start, backwards.end]).toEqual([50, 50]);
  });
});
