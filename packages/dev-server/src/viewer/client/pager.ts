/** A pagination bar: "‹ Prev  Page 2 of 40 (1,987 rows)  Next ›". */
import { h, replaceChildren } from "./dom";
import { formatCount } from "./format";

/** Renders a pager; `go(page)` is called with the new 1-based page. */
export function pager(page: number, limit: number, total: number, go: (page: number) => void, noun = "rows"): HTMLElement {
  const pages = Math.max(1, Math.ceil(total / limit));
  const current = Math.min(Math.max(1, page), pages);
  const button = (label: string, target: number, enabled: boolean, testid: string) =>
    h("button", { class: "btn btn-small", type: "button", disabled: !enabled, testid, on: { click: () => go(target) } }, label);
  return h(
    "nav",
    { class: "pager", attrs: { "aria-label": "pages" } },
    button("« First", 1, current > 1, "pager-first"),
    button("‹ Prev", current - 1, current > 1, "pager-prev"),
    h("span", { class: "pager-info", testid: "pager-info" }, `Page ${current} of ${formatCount(pages)} · ${formatCount(total)} ${noun}`),
    button("Next ›", current + 1, current < pages, "pager-next"),
    button("Last »", pages, current < pages, "pager-last"),
  );
}

/** Where one page of a list is: its number, its size and the list's total. */
export interface PageOf {
  page: number;
  limit: number;
  total: number;
}

/** Shows one page of a list in `target`: `content` (its rows, or what stands for none), then the pager. */
export function showPage(target: HTMLElement, content: HTMLElement, at: PageOf, noun: string, go: (page: number) => void): void {
  replaceChildren(target, content, pager(at.page, at.limit, at.total, go, noun));
}
