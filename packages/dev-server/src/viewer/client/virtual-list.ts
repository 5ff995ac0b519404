/**
 * A virtualised list of fixed-height rows: only the rows in view (plus a small margin) exist in the
 * DOM, so 20,000 rows cost as much as 40. Positions are set through the CSSOM (allowed by the CSP).
 */
import { h } from "./dom";

/** Options of {@link virtualList}. */
export interface VirtualListOptions<T> {
  rowHeight: number;
  renderRow: (item: T, index: number) => HTMLElement;
  /** Extra rows rendered above and below the view. */
  overscan?: number;
  className?: string;
  testid?: string;
}

/** A mounted virtual list. */
export interface VirtualList<T> {
  /** The scroll container (give it a height in CSS). */
  el: HTMLElement;
  setItems(items: readonly T[]): void;
  /** Scrolls so that row `index` is visible. */
  scrollToIndex(index: number): void;
  /** Re-renders the rows in view (e.g. after a selection change). */
  refresh(): void;
  dispose(): void;
}

/** Creates a virtual list. */
export function virtualList<T>(options: VirtualListOptions<T>): VirtualList<T> {
  const overscan = options.overscan ?? 8;
  const rowHeight = options.rowHeight;
  const slice = h("div", { class: "vl-slice" });
  const spacer = h("div", { class: "vl-spacer" }, slice);
  const el = h("div", { class: `vl ${options.className ?? ""}`, testid: options.testid, tabIndex: 0 }, spacer);
  let items: readonly T[] = [];
  let frame = 0;

  const render = () => {
    frame = 0;
    const viewHeight = el.clientHeight || 600;
    const first = Math.max(0, Math.floor(el.scrollTop / rowHeight) - overscan);
    const last = Math.min(items.length, Math.ceil((el.scrollTop + viewHeight) / rowHeight) + overscan);
    slice.style.transform = `translateY(${first * rowHeight}px)`;
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const row = options.renderRow(items[i]!, i);
      row.style.height = `${rowHeight}px`;
      rows.push(row);
    }
    slice.replaceChildren(...rows);
  };
  const schedule = () => {
    if (frame === 0) frame = window.requestAnimationFrame(render);
  };
  el.addEventListener("scroll", schedule, { passive: true });
  const resize = typeof ResizeObserver === "function" ? new ResizeObserver(schedule) : undefined;
  resize?.observe(el);

  return {
    el,
    setItems(next) {
      items = next;
      spacer.style.height = `${items.length * rowHeight}px`;
      render();
    },
    scrollToIndex(index) {
      const top = index * rowHeight;
      const view = el.clientHeight || 600;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + view) el.scrollTop = top + rowHeight - view;
      render();
    },
    refresh: render,
    dispose() {
      resize?.disconnect();
      if (frame !== 0) window.cancelAnimationFrame(frame);
    },
  };
}
