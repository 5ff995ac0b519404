/**
 * The trace waterfall: one row per event with nesting, a type badge, a bar placed on the session's
 * time axis, and the duration; errors in red; subtrees collapsible; keyboard navigation. Rows are
 * virtualised, so a 20,000-event session keeps a few dozen rows in the DOM.
 */
import { axisTickLabels } from "./axis-ticks";
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

/** Creates a waterfall; `onSelect` is called when the user picks an event. */
export function waterfall(onSelect: (id: string) => void): Waterfall {
  let tree: Tree | undefined;
  let rows: TreeNode[] = [];
  let selected: string | undefined;
  const collapsed = new Set<string>();
  const scale = h("div", { class: "wf-scale" });

  const toggle = (id: string) => {
    if (collapsed.has(id)) collapsed.delete(id);
    else collapsed.add(id);
    relayout();
  };

  const renderRow = (node: TreeNode): HTMLElement => {
    const ev = node.event;
    const hasChildren = node.children.length > 0;
    const caret = hasChildren
      ? h("button", {
          class: "caret", type: "button", tabIndex: -1, testid: "wf-toggle",
          attrs: { "aria-label": collapsed.has(ev.id) ? "expand" : "collapse" },
          on: { click: (e) => { e.stopPropagation(); toggle(ev.id); } },
        }, collapsed.has(ev.id) ? "▸" : "▾")
      : h("span", { class: "caret caret-leaf" });
    const name = h("div", { class: "wf-name" }, caret, typeBadge(ev.type), h("span", { class: "wf-label", title: ev.name }, ev.name));
    name.style.paddingLeft = `${6 + Math.min(node.depth, MAX_INDENT_LEVELS) * INDENT_PX}px`;
    if (hasChildren && collapsed.has(ev.id)) name.append(h("span", { class: "muted small" }, ` +${node.children.length}`));
    const bar = h("div", { class: `wf-bar bar-${ev.type}${ev.error !== null ? " bar-error" : ""}` });
    if (tree) {
      const span = Math.max(tree.end - tree.start, 1e-6);
      const left = ev.start !== null ? (ev.start - tree.start) / span : 0;
      const width = duration(node) !== null ? duration(node)! / span : 0;
      bar.style.left = `${Math.min(100, Math.max(0, left * 100))}%`;
      bar.style.width = `${Math.max(0.25, Math.min(100, width * 100))}%`;
    }
    const classes = ["wf-row"];
    if (ev.id === selected) classes.push("selected");
    if (ev.error !== null) classes.push("row-error");
    return h(
      "div",
      { class: classes.join(" "), testid: "wf-row", title: ev.error ?? "", attrs: { "data-id": ev.id, role: "treeitem" }, on: { click: () => onSelect(ev.id) } },
      name,
      h("div", { class: "wf-track" }, bar),
      h("div", { class: "wf-dur" }, formatDuration(duration(node))),
    );
  };

  const list = virtualList<TreeNode>({ rowHeight: ROW_HEIGHT, renderRow, className: "wf-list", testid: "waterfall" });
  list.el.setAttribute("role", "tree");
  list.el.setAttribute("aria-label", "trace tree");
  const relayout = () => {
    if (!tree) return;
    rows = visibleRows(tree, collapsed);
    list.el.style.height = `${Math.max(rows.length, 4) * ROW_HEIGHT + 2}px`; // capped by CSS max-height
    list.setItems(rows);
  };
  list.el.addEventListener("keydown", (event) => {
    const index = rows.findIndex((n) => n.event.id === selected);
    const node = rows[index];
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const next = rows[Math.min(rows.length - 1, Math.max(0, index + (event.key === "ArrowDown" ? 1 : -1)))];
      if (next) onSelect(next.event.id);
      event.preventDefault();
    } else if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && node && node.children.length > 0) {
      const isCollapsed = collapsed.has(node.event.id);
      if ((event.key === "ArrowLeft") !== isCollapsed) toggle(node.event.id);
      event.preventDefault();
    }
  });

  const el = h(
    "div",
    { class: "waterfall" },
    h("div", { class: "wf-head" }, h("div", { class: "wf-name" }, "Event"), scale, h("div", { class: "wf-dur" }, "Duration")),
    list.el,
  );

  return {
    el,
    setTree(next) {
      tree = next;
      const total = next.end - next.start;
      const labels = axisTickLabels(total, TICKS);
      scale.replaceChildren(...TICKS.map((p, i) => {
        const tick = h("span", { class: "tick", testid: "wf-tick" }, labels[i]!);
        tick.style.left = `${p * 100}%`;
        return tick;
      }));
      relayout();
    },
    select(id) {
      selected = id;
      if (!tree) return;
      let expanded = false;
      for (const a of ancestors(tree, id)) expanded = collapsed.delete(a) || expanded;
      if (expanded) relayout();
      const index = rows.findIndex((n) => n.event.id === id);
      if (index >= 0) list.scrollToIndex(index);
      else list.refresh();
    },
    dispose: () => list.dispose(),
  };
}
