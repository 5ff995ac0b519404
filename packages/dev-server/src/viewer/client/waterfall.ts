/**
 * The trace waterfall: one row per event with nesting, a type badge, a bar placed on the session's
 * time axis, and the duration; errors in red; subtrees collapsible; keyboard navigation. Rows are
 * virtualised, so a 20,000-event session keeps a few dozen rows in the DOM.
 */
import { axisTickLabels } from "./axis-ticks";
import { calledFromTarget } from "./called-from-view";
import { h, typeBadge } from "./dom";
import { formatDuration } from "./format";
import { ancestors, visibleRows, type Tree, type TreeNode } from "./trace-tree";
import { virtualList } from "./virtual-list";

const ROW_HEIGHT = 28;
const INDENT_PX = 14;
const MAX_INDENT_LEVELS = 30;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/** A mounted waterfall. */
export interface Waterfall {
  el: HTMLElement;
  setTree(tree: Tree): void;
  /** Selects an event (expanding its ancestors) and scrolls to it. */
  select(id: string): void;
  dispose(): void;
}

function duration(node: TreeNode): number | null {
  const { start, end } = node.event;
  return start !== null && end !== null ? Math.max(0, end - start) : null;
}

/** What the rows and the keyboard read and change. */
interface WaterfallState {
  tree: Tree | undefined;
  rows: TreeNode[];
  selected: string | undefined;
  readonly collapsed: Set<string>;
  readonly onSelect: (id: string) => void;
  readonly toggle: (id: string) => void;
}

/** The expand/collapse button of a node with children, else a blank of the same width. */
function caretOf(node: TreeNode, state: WaterfallState): HTMLElement {
  const id = node.event.id;
  if (node.children.length === 0) return h("span", { class: "caret caret-leaf" });
  return h("button", {
    class: "caret", type: "button", tabIndex: -1, testid: "wf-toggle",
    attrs: { "aria-label": state.collapsed.has(id) ? "expand" : "collapse" },
    on: { click: (e) => { e.stopPropagation(); state.toggle(id); } },
  }, state.collapsed.has(id) ? "▸" : "▾");
}

/** The name cell: caret, type badge and name, indented by depth; a collapsed node shows its hidden children's count. */
function nameCell(node: TreeNode, state: WaterfallState): HTMLElement {
  const ev = node.event;
  const name = h("div", { class: "wf-name" }, caretOf(node, state), typeBadge(ev.type), h("span", { class: "wf-label", title: ev.name }, ev.name));
  name.style.paddingLeft = `${6 + Math.min(node.depth, MAX_INDENT_LEVELS) * INDENT_PX}px`;
  if (node.children.length > 0 && state.collapsed.has(ev.id)) name.append(h("span", { class: "muted small" }, ` +${node.children.length}`));
  if (ev.called_from) name.append(h("span", { class: "wf-called-from muted small", testid: "event-called-from" }, "↗ called from ", calledFromTarget(ev.called_from, "event-called-from-link")));
  return name;
}

/** The event's bar, placed on the session's time axis. */
function barOf(node: TreeNode, tree: Tree | undefined): HTMLElement {
  const ev = node.event;
  const bar = h("div", { class: `wf-bar bar-${ev.type}${ev.error !== null ? " bar-error" : ""}` });
  if (!tree) return bar;
  const span = Math.max(tree.end - tree.start, 1e-6);
  const left = ev.start !== null ? (ev.start - tree.start) / span : 0;
  const width = duration(node) !== null ? duration(node)! / span : 0;
  bar.style.left = `${Math.min(100, Math.max(0, left * 100))}%`;
  bar.style.width = `${Math.max(0.25, Math.min(100, width * 100))}%`;
  return bar;
}

function rowOf(node: TreeNode, state: WaterfallState): HTMLElement {
  const ev = node.event;
  const classes = ["wf-row"];
  if (ev.id === state.selected) classes.push("selected");
  if (ev.error !== null) classes.push("row-error");
  return h(
    "div",
    { class: classes.join(" "), testid: "wf-row", title: ev.error ?? "", attrs: { "data-id": ev.id, role: "treeitem" }, on: { click: () => state.onSelect(ev.id) } },
    nameCell(node, state),
    h("div", { class: "wf-track" }, barOf(node, state.tree)),
    h("div", { class: "wf-dur" }, formatDuration(duration(node))),
  );
}

/** Up/down move the selection; left/right collapse/expand the selected node. */
function onTreeKey(event: KeyboardEvent, state: WaterfallState): void {
  const { rows } = state;
  const index = rows.findIndex((n) => n.event.id === state.selected);
  const node = rows[index];
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    const next = rows[Math.min(rows.length - 1, Math.max(0, index + (event.key === "ArrowDown" ? 1 : -1)))];
    if (next) state.onSelect(next.event.id);
    event.preventDefault();
  } else if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && node && node.children.length > 0) {
    const isCollapsed = state.collapsed.has(node.event.id);
    if ((event.key === "ArrowLeft") !== isCollapsed) state.toggle(node.event.id);
    event.preventDefault();
  }
}

/** The time axis labels of a session lasting `total` milliseconds. */
function ticks(total: number): HTMLElement[] {
  const labels = axisTickLabels(total, TICKS);
  return TICKS.map((p, i) => {
    const tick = h("span", { class: "tick", testid: "wf-tick" }, labels[i]!);
    tick.style.left = `${p * 100}%`;
    return tick;
  });
}

/** Creates a waterfall; `onSelect` is called when the user picks an event. */
export function waterfall(onSelect: (id: string) => void): Waterfall {
  const state: WaterfallState = {
    tree: undefined, rows: [], selected: undefined, collapsed: new Set<string>(), onSelect,
    toggle: (id) => {
      if (state.collapsed.has(id)) state.collapsed.delete(id);
      else state.collapsed.add(id);
      relayout();
    },
  };
  const scale = h("div", { class: "wf-scale" });
  const list = virtualList<TreeNode>({ rowHeight: ROW_HEIGHT, renderRow: (node) => rowOf(node, state), className: "wf-list", testid: "waterfall" });
  list.el.setAttribute("role", "tree");
  list.el.setAttribute("aria-label", "trace tree");
  const relayout = () => {
    if (!state.tree) return;
    state.rows = visibleRows(state.tree, state.collapsed);
    list.el.style.height = `${Math.max(state.rows.length, 4) * ROW_HEIGHT + 2}px`; // capped by CSS max-height
    list.setItems(state.rows);
  };
  list.el.addEventListener("keydown", (event) => onTreeKey(event, state));
  const el = h(
    "div",
    { class: "waterfall" },
    h("div", { class: "wf-head" }, h("div", { class: "wf-name" }, "Event"), scale, h("div", { class: "wf-dur" }, "Duration")),
    list.el,
  );
  return {
    el,
    setTree(next) {
      state.tree = next;
      scale.replaceChildren(...ticks(next.end - next.start));
      relayout();
    },
    select(id) {
      state.selected = id;
      if (!state.tree) return;
      let expanded = false;
      for (const a of ancestors(state.tree, id)) expanded = state.collapsed.delete(a) || expanded;
      if (expanded) relayout();
      const index = state.rows.findIndex((n) => n.event.id === id);
      if (index >= 0) list.scrollToIndex(index);
      else list.refresh();
    },
    dispose: () => list.dispose(),
  };
}
