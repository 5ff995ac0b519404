/**
 * Comparison of a run (new) with another (old): aggregate metric deltas (from `compare-with`) and the
 * datapoints paired by datapoint id with each metric's old → new value and an improved / degraded /
 * same / mixed verdict (higher is better), filterable and paginated.
 */
import { apiGet } from "../api";
import { h, replaceChildren, statusBadge } from "../dom";
import { formatCount, formatDelta, formatNumber, shortId } from "../format";
import { datapointComparison, traceLink } from "../output-diff";
import { errorBox, fingerprint, isAbort, livePage, type PageFactory } from "../page";
import { pager } from "../pager";
import { comparePath, href, mergeQuery, navigate, runPath, type Route } from "../router";
import { aggregationSelect, metricTitle, previewCell, runLabelChips, segmented, TERMINAL_STATUSES } from "../run-widgets";
import type { CompareDatapoint, CompareRow, CompareViewResponse, CompareWithResponse, MetricColumn, Verdict } from "../types";

const LIMIT = 50;
const POLL_ACTIVE_MS = 2000;
const POLL_DONE_MS = 10_000;
const TONE: Record<Verdict, "good" | "bad" | "neutral" | "busy"> = { improved: "good", degraded: "bad", same: "neutral", mixed: "busy" };

function deltaClass(delta: number | null): string {
  return delta === null || delta === 0 ? "" : delta > 0 ? "text-good" : "text-error";
}

function metricsTable(data: CompareWithResponse): HTMLElement {
  if (data.metrics.length === 0) return h("p", { class: "muted" }, "No metrics to compare.");
  const heads = ["Metric", "Event", "Old", "New", "Δ", "Δ %", "Improved", "Degraded", "Same"];
  return h(
    "table",
    { class: "table", testid: "delta-table" },
    h("thead", null, h("tr", null, ...heads.map((t) => h("th", null, t)))),
    h("tbody", null, ...data.metrics.map((m) =>
      h(
        "tr",
        { testid: "delta-row" },
        h("td", { class: "cell-name" }, m.metric_name),
        h("td", { class: "muted" }, `${m.event_type} · ${m.event_name}`),
        h("td", { class: "num" }, formatNumber(m.old_aggregate)),
        h("td", { class: "num" }, formatNumber(m.new_aggregate)),
        h("td", { class: `num ${deltaClass(m.difference)}`, testid: "delta-value" }, formatDelta(m.difference)),
        h("td", { class: `num ${deltaClass(m.percentage_change)}` }, m.percentage_change === null ? "—" : `${formatDelta(Number(m.percentage_change.toFixed(1)))}%`),
        h("td", { class: "num text-good" }, String(m.improved_count)),
        h("td", { class: "num text-error" }, String(m.degraded_count)),
        h("td", { class: "num muted" }, String(m.same_count)),
      ),
    )),
  );
}

function metricCell(row: CompareRow, id: string): HTMLElement {
  const m = row.metrics[id];
  if (!m || (m.old === null && m.new === null)) return h("td", { class: "num muted" }, "—");
  return h("td", { class: `num ${m.verdict ? `cell-${m.verdict}` : ""}` }, `${formatNumber(m.old)} → ${formatNumber(m.new)}`, m.delta !== null && m.delta !== 0 ? h("span", { class: `small ${deltaClass(m.delta)}` }, ` (${formatDelta(m.delta)})`) : null);
}

function rowsTable(data: CompareViewResponse, expander: Expander): HTMLElement {
  const heads = ["", "Datapoint", "Inputs", "Old output", "New output", ...data.columns.map((c) => metricTitle(c, data.columns)), "Verdict", "Traces"];
  const body = h("tbody");
  for (const row of data.rows) {
    const toggle = h("button", { class: "caret", type: "button", testid: "cmp-expand", title: "compare the outputs", attrs: { "aria-expanded": "false", "data-primary": "" } }, "▸");
    const tr = h(
      "tr",
      { class: `verdict-${row.verdict}`, testid: "cmp-row", attrs: { "data-verdict": row.verdict, "data-changed": String(row.output_changed) } },
      h("td", null, toggle),
      h("td", { class: "mono small", title: row.datapoint_id }, shortId(row.datapoint_id)),
      previewCell(row.inputs),
      previewCell(row.old_output, "cmp-old-output"),
      previewCell(row.new_output, "cmp-new-output"),
      ...data.columns.map((c) => metricCell(row, c.id)),
      h("td", { testid: "cmp-verdict" }, statusBadge(row.verdict, TONE[row.verdict]), row.output_changed ? h("span", { class: "status status-neutral", testid: "cmp-changed" }, "output changed") : null),
      h("td", { class: "nowrap" }, traceLink(row.old_session_id, row.old_state, "old"), " · ", traceLink(row.new_session_id, row.new_state, "new")),
    );
    toggle.addEventListener("click", () => expander.toggle(row, tr, toggle, heads.length));
    body.append(tr);
    if (expander.isOpen(row.datapoint_id)) expander.toggle(row, tr, toggle, heads.length);
  }
  return h("table", { class: "table table-dense", testid: "compare-table" }, h("thead", null, h("tr", null, ...heads.map((t) => h("th", null, t)))), body);
}

/** Opens and closes the per-datapoint comparison under a row. */
interface Expander {
  isOpen(datapointId: string): boolean;
  toggle(row: CompareRow, tr: HTMLElement, button: HTMLElement, span: number): void;
}

function expander(newId: string, oldId: string, columns: () => MetricColumn[], signal: AbortSignal): Expander {
  const open = new Set<string>();
  const detailPath = `/viewer/runs/${encodeURIComponent(newId)}/compare/${encodeURIComponent(oldId)}/datapoint`;
  return {
    isOpen: (id) => open.has(id),
    toggle(row, tr, button, span) {
      const next = tr.nextElementSibling;
      if (next instanceof HTMLElement && next.dataset.detailOf === row.datapoint_id) {
        next.remove();
        open.delete(row.datapoint_id);
        button.textContent = "▸";
        button.setAttribute("aria-expanded", "false");
        return;
      }
      open.add(row.datapoint_id);
      button.textContent = "▾";
      button.setAttribute("aria-expanded", "true");
      const cell = h("td", { attrs: { colspan: String(span) } }, h("p", { class: "muted" }, "Loading…"));
      const detailRow = h("tr", { class: "cmp-detail", testid: "cmp-detail", attrs: { "data-detail-of": row.datapoint_id } }, cell);
      tr.after(detailRow);
      apiGet<CompareDatapoint>(detailPath, { datapoint_id: row.datapoint_id }, signal)
        .then((detail) => replaceChildren(cell, datapointComparison(detail, row, columns())))
        .catch((error: unknown) => {
          if (!isAbort(error)) replaceChildren(cell, errorBox(error));
        });
    },
  };
}

/** Mounts the comparison page. */
export const comparePage: PageFactory = (root, initial) => {
  let route: Route = initial;
  const newId = initial.params.id ?? "";
  const oldId = initial.params.old ?? "";
  const controller = new AbortController();
  const heading = h("div", { class: "compare-heading", testid: "compare-heading" }, "Loading…");
  const facts = h("div", { class: "facts-line" });
  const deltas = h("section", { class: "block" });
  const filter = h("span");
  const table = h("div", { class: "table-wrap" });
  root.append(
    h("div", { class: "crumbs" }, h("a", { href: "#/runs" }, "Experiments"), " / ", h("a", { href: href(runPath(newId)) }, shortId(newId)), " / compare"),
    h("div", { class: "page-header" }, h("h1", { testid: "page-title" }, "Run comparison"), h("a", { class: "btn btn-small", href: href(comparePath(oldId, newId)), testid: "swap" }, "⇄ swap")),
    heading,
    h("div", { class: "controls" }, aggregationSelect(route.query.get("agg") ?? "average", (fn) => navigate(route.path, mergeQuery(route, { agg: fn }), true))),
    facts,
    h("h2", null, "Metric deltas (new − old)"),
    deltas,
    h("div", { class: "section-head" }, h("h2", null, "Datapoints, paired by datapoint id"), filter),
    table,
  );
  let last = "";
  let finished = false;
  let columns: MetricColumn[] = [];
  const rows = expander(newId, oldId, () => columns, controller.signal);

  const render = (agg: CompareWithResponse, view: CompareViewResponse) => {
    finished = TERMINAL_STATUSES.has(view.new_run.status) && TERMINAL_STATUSES.has(view.old_run.status);
    replaceChildren(
      heading,
      h("span", { class: "tag tag-new" }, "new"), " ", h("a", { href: href(runPath(view.new_run.id)), testid: "new-run" }, view.new_run.name || shortId(view.new_run.id)), " ", runLabelChips(view.new_run, view.old_run),
      h("span", { class: "vs" }, " vs "),
      h("span", { class: "tag tag-old" }, "old"), " ", h("a", { href: href(runPath(view.old_run.id)), testid: "old-run" }, view.old_run.name || shortId(view.old_run.id)), " ", runLabelChips(view.old_run, view.new_run),
    );
    replaceChildren(
      facts,
      h("span", { testid: "common-count" }, "Common datapoints ", h("b", null, formatCount(view.common))),
      h("span", { class: "muted" }, `only in new: ${formatCount(view.only_new)}`),
      h("span", { class: "muted" }, `only in old: ${formatCount(view.only_old)}`),
    );
    replaceChildren(deltas, metricsTable(agg));
    const verdict = route.query.get("verdict") ?? undefined;
    replaceChildren(filter, segmented(
      [
        { value: undefined, label: "All", count: view.common },
        ...(["improved", "degraded", "mixed", "same"] as const).map((v) => ({ value: v, label: v[0]!.toUpperCase() + v.slice(1), count: view.counts[v] })),
        { value: "changed", label: "Output changed", count: view.counts.changed },
      ],
      verdict,
      (value) => navigate(route.path, mergeQuery(route, { verdict: value, page: undefined }), true),
    ));
    columns = view.columns;
    replaceChildren(table, view.rows.length > 0 ? rowsTable(view, rows) : h("p", { class: "muted", testid: "empty" }, "No paired datapoints."),
      pager(view.page, view.limit, view.total, (p) => navigate(route.path, mergeQuery(route, { page: p }), true), "datapoints"));
  };

  const load = async () => {
    const q = route.query;
    const fn = q.get("agg") ?? "average";
    const [agg, view] = await Promise.all([
      apiGet<CompareWithResponse>(`/v1/runs/${encodeURIComponent(newId)}/compare-with/${encodeURIComponent(oldId)}`, { aggregate_function: fn }, controller.signal),
      apiGet<CompareViewResponse>(
        `/viewer/runs/${encodeURIComponent(newId)}/compare/${encodeURIComponent(oldId)}`,
        { page: Number(q.get("page") ?? "1") || 1, limit: LIMIT, verdict: q.get("verdict") ?? undefined },
        controller.signal,
      ),
    ]);
    const print = fingerprint([q.toString(), agg.metrics, view]);
    if (print === last) return;
    last = print;
    render(agg, view);
  };
  return livePage({
    load,
    showError: (error) => replaceChildren(heading, errorBox(error)),
    intervalMs: () => (finished ? POLL_DONE_MS : POLL_ACTIVE_MS),
    controller,
    onRoute: (next) => {
      route = next;
    },
  });
};
