/**
 * Comparison of a run (new) with another (old): from `compare-with`, the pass rate, each metric and the cost and
 * latency compared in their direction with paired significance (core's comparison rule, the one the CLI and the
 * Markdown report show); and the datapoints paired by datapoint id with each metric's old → new value and an
 * improved / degraded / same / mixed verdict, filterable and paginated.
 */
import { apiGet } from "../api";
import { h, replaceChildren, statusBadge, type Child } from "../dom";
import { formatCount, formatDelta, formatIso, formatNumber, shortId } from "../format";
import { datapointComparison, traceLink } from "../output-diff";
import { errorBox, fingerprint, isAbort, livePage, type PageFactory } from "../page";
import { showPage } from "../pager";
import { promptChangeView } from "../prompt-change-view";
import { comparePath, href, pageNumber, replaceQuery, runPath, type Route } from "../router";
import { aggregationSelect, datapointsSection, metricTitle, previewCell, runLabelChips, segmented, TERMINAL_STATUSES } from "../run-widgets";
import type { ApiRun, CompareDatapoint, ComparedRowJson, CompareRow, CompareViewResponse, CompareWithResponse, MetricColumn, SignificanceJson, Verdict } from "../types";
import type { MetricSignificance } from "@honeyhive/core/verdict/metric-significance";
import { significanceText } from "@honeyhive/core/verdict/significance-text";
import { numericDifference } from "@honeyhive/core/verdict/float-noise";

const LIMIT = 50;
const POLL_ACTIVE_MS = 2000;
const POLL_DONE_MS = 10_000;
const TONE: Record<Verdict, "good" | "bad" | "neutral" | "busy"> = { improved: "good", degraded: "bad", same: "neutral", mixed: "busy" };

/** The colour of a change by what it is in the metric's direction (never by its sign: lower may be better). */
function verdictClass(verdict: Verdict | "no detectable change" | null | undefined): string {
  return verdict === "improved" ? "text-good" : verdict === "degraded" ? "text-error" : "";
}

/** Core's reading of a row's significance, from the API's snake_case form. */
function significanceOf(json: SignificanceJson | null): MetricSignificance | null {
  if (json === null) return null;
  return {
    method: json.method, n: json.n, meanDifference: json.mean_difference, interval: json.interval, p: json.p, adjustedP: json.adjusted_p,
    detectableEffect: json.detectable_effect ?? Infinity, verdict: json.verdict, ...(json.discordant ? { discordant: json.discordant } : {}),
  };
}

const SIGNIFICANCE_TONE = { improved: "good", degraded: "bad", "no detectable change": "neutral" } as const;

/** The row's significance, as core words it (the CLI and the Markdown report say the same). */
function changeCell(row: ComparedRowJson): HTMLElement {
  const significance = significanceOf(row.significance);
  const text = significanceText(significance);
  if (!significance) return h("td", { class: "muted small", testid: "delta-change" }, text);
  const title = `${significance.method === "mcnemar" ? "exact McNemar test on the discordant pairs" : significance.method === "bootstrap" ? "paired bootstrap interval, sign-flip test" : "normal approximation"}; p corrected across metrics (Holm)`;
  return h("td", { testid: "delta-change", title }, statusBadge(significance.verdict, SIGNIFICANCE_TONE[significance.verdict]), " ", h("span", { class: "small muted" }, text.slice(significance.verdict.length).trim()));
}

/** `accuracy ↑` with the direction said in the tooltip. */
function nameCell(row: ComparedRowJson, label: string): HTMLElement {
  const arrow = row.direction === "higher" ? " ↑" : row.direction === "lower" ? " ↓" : "";
  return h("td", { class: "cell-name", title: row.direction ? `${row.direction} is better` : "" }, label, h("span", { class: "muted" }, arrow));
}

function comparedRow(row: ComparedRowJson, label: string, event: string, values: { old: number | null; new: number | null; delta: number | null; percent: number | null }): HTMLElement {
  // coloured only when the paired test found a change: a dip that could be noise stays plain
  const tone = (_delta: number | null) => verdictClass(row.significance?.verdict);
  return h(
    "tr",
    { testid: "delta-row", attrs: { "data-metric": label, "data-name": row.metric_name, "data-event": row.event_name, "data-verdict": row.significance?.verdict ?? "" } },
    nameCell(row, label),
    h("td", { class: "muted" }, event),
    h("td", { class: "num" }, formatNumber(values.old)),
    h("td", { class: "num" }, formatNumber(values.new)),
    h("td", { class: `num ${tone(values.delta)}`, testid: "delta-value" }, formatDelta(values.delta)),
    h("td", { class: `num ${tone(values.percent)}` }, values.percent === null ? "—" : `${formatDelta(Number(values.percent.toFixed(1)))}%`),
    h("td", { class: "num text-good" }, String(row.improved_count)),
    h("td", { class: "num text-error" }, String(row.degraded_count)),
    h("td", { class: "num muted" }, String(row.same_count)),
    changeCell(row),
  );
}

function meanValues(row: ComparedRowJson): { old: number | null; new: number | null; delta: number | null; percent: number | null } {
  const before = row.old_mean ?? null;
  const after = row.new_mean ?? null;
  const delta = before !== null && after !== null ? numericDifference(before, after) : null;
  return { old: before, new: after, delta, percent: delta !== null && before ? (delta / Math.abs(before)) * 100 : null };
}

function metricsTable(data: CompareWithResponse): HTMLElement {
  if (data.metrics.length === 0 && !data.pass_rate && data.usage.length === 0) return h("p", { class: "muted" }, "No metrics to compare.");
  const heads = ["Metric", "Event", "Old", "New", "Δ", "Δ %", "Improved", "Degraded", "Same", "Change"];
  const rows = [
    ...(data.pass_rate ? [comparedRow(data.pass_rate, "pass rate", "datapoints' verdict", meanValues(data.pass_rate))] : []),
    ...data.metrics.map((m) => comparedRow(m, m.metric_name, `${m.event_type} · ${m.event_name}`, { old: m.old_aggregate, new: m.new_aggregate, delta: m.difference, percent: m.percentage_change })),
    ...(data.usage ?? []).map((u) => comparedRow(u, u.metric_name === "cost_usd" ? "cost (USD)" : "latency (ms)", `${u.event_name} · per datapoint`, meanValues(u))),
  ];
  return h(
    "div",
    null,
    // The table scrolls inside its own box: ten columns do not fit a narrow window, and the page must not scroll.
    h("div", { class: "table-wrap" }, h("table", { class: "table", testid: "delta-table" }, h("thead", null, h("tr", null, ...heads.map((t) => h("th", null, t)))), h("tbody", null, ...rows))),
    h("p", { class: "muted small", testid: "delta-note" }, "↑ higher is better, ↓ lower is better. Change: a paired test on the datapoints both runs share (exact McNemar for pass/fail, a seeded bootstrap interval for numbers), p corrected across metrics; cost and latency are tested apart and never make a datapoint improved or degraded."),
  );
}

function metricCell(row: CompareRow, id: string): HTMLElement {
  const m = row.metrics[id];
  if (!m || (m.old === null && m.new === null)) return h("td", { class: "num muted" }, "—");
  return h("td", { class: `num ${m.verdict ? `cell-${m.verdict}` : ""}` }, `${formatNumber(m.old)} → ${formatNumber(m.new)}`, m.delta !== null && m.delta !== 0 ? h("span", { class: `small ${verdictClass(m.verdict)}` }, ` (${formatDelta(m.delta)})`) : null);
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

/** The elements of the comparison page that its data fills. */
interface CompareParts {
  heading: HTMLElement;
  facts: HTMLElement;
  deltas: HTMLElement;
  filter: HTMLElement;
  table: HTMLElement;
}

function compareParts(): CompareParts {
  return {
    heading: h("div", { class: "compare-heading", testid: "compare-heading" }, "Loading…"),
    facts: h("div", { class: "facts-line" }),
    deltas: h("section", { class: "block" }),
    filter: h("span"),
    table: h("div", { class: "table-wrap" }),
  };
}

function compareLayout(newId: string, oldId: string, p: CompareParts, controls: HTMLElement): HTMLElement[] {
  return [
    h("div", { class: "crumbs" }, h("a", { href: "#/runs" }, "Experiments"), " / ", h("a", { href: href(runPath(newId)) }, shortId(newId)), " / compare"),
    h("div", { class: "page-header" }, h("h1", { testid: "page-title" }, "Run comparison"), h("a", { class: "btn btn-small", href: href(comparePath(oldId, newId)), testid: "swap" }, "⇄ swap")),
    p.heading,
    controls,
    p.facts,
    h("h2", null, "Metrics compared (new − old)"),
    p.deltas,
    ...datapointsSection("Datapoints, paired by datapoint id", p.filter, p.table),
  ];
}

/** The run id's prefix and start time, which tell runs of one name apart. */
function runStarted(run: ApiRun, testid: string): HTMLElement {
  return h("span", { class: "muted small run-started", testid, title: run.id }, `${shortId(run.id)} · started ${formatIso(run.created_at)}`);
}

/** "new <run> vs old <run>", each with its id prefix, start time and labels (those differing from the other run's marked). */
function headingOf(view: CompareViewResponse): Child[] {
  const { new_run: newRun, old_run: oldRun } = view;
  return [
    h("span", { class: "tag tag-new" }, "new"), " ", h("a", { href: href(runPath(newRun.id)), testid: "new-run" }, newRun.name || shortId(newRun.id)), " ",
    runStarted(newRun, "new-run-started"), " ", runLabelChips(newRun, oldRun),
    h("span", { class: "vs" }, " vs "),
    h("span", { class: "tag tag-old" }, "old"), " ", h("a", { href: href(runPath(oldRun.id)), testid: "old-run" }, oldRun.name || shortId(oldRun.id)), " ",
    runStarted(oldRun, "old-run-started"), " ", runLabelChips(oldRun, newRun),
  ];
}

/** The verdict filter: all, each verdict, output changed; with counts. */
function verdictFilter(view: CompareViewResponse, route: () => Route): HTMLElement {
  return segmented(
    [
      { value: undefined, label: "All", count: view.common },
      ...(["improved", "degraded", "mixed", "same"] as const).map((v) => ({ value: v, label: v[0]!.toUpperCase() + v.slice(1), count: view.counts[v] })),
      { value: "changed", label: "Output changed", count: view.counts.changed },
    ],
    route().query.get("verdict") ?? undefined,
    (value) => replaceQuery(route(), { verdict: value, page: undefined }),
  );
}

/** Shows a comparison; `route()` is the page's route when the user acts (filter, paging). */
function renderCompare(p: CompareParts, agg: CompareWithResponse, view: CompareViewResponse, rows: Expander, route: () => Route): void {
  replaceChildren(p.heading, ...headingOf(view));
  replaceChildren(
    p.facts,
    h("span", { testid: "common-count" }, "Common datapoints ", h("b", null, formatCount(view.common))),
    h("span", { class: "muted" }, `only in new: ${formatCount(view.only_new)}`),
    h("span", { class: "muted" }, `only in old: ${formatCount(view.only_old)}`),
  );
  replaceChildren(p.deltas, promptChangeView(view.old_run.metadata, view.new_run.metadata), metricsTable(agg));
  replaceChildren(p.filter, verdictFilter(view, route));
  const content = view.rows.length > 0 ? rowsTable(view, rows) : h("p", { class: "muted", testid: "empty" }, "No paired datapoints.");
  showPage(p.table, content, view, "datapoints", (page) => replaceQuery(route(), { page }));
}

/** Mounts the comparison page. */
export const comparePage: PageFactory = (root, initial) => {
  let route: Route = initial;
  const newId = initial.params.id ?? "";
  const oldId = initial.params.old ?? "";
  const controller = new AbortController();
  const parts = compareParts();
  const controls = h("div", { class: "controls" }, aggregationSelect(route.query.get("agg") ?? "average", (fn) => replaceQuery(route, { agg: fn })));
  root.append(...compareLayout(newId, oldId, parts, controls));
  let last = "";
  let finished = false;
  let columns: MetricColumn[] = [];
  const rows = expander(newId, oldId, () => columns, controller.signal);
  const load = async () => {
    const q = route.query;
    const [n, o] = [encodeURIComponent(newId), encodeURIComponent(oldId)];
    const [agg, view] = await Promise.all([
      apiGet<CompareWithResponse>(`/v1/runs/${n}/compare-with/${o}`, { aggregate_function: q.get("agg") ?? "average" }, controller.signal),
      apiGet<CompareViewResponse>(`/viewer/runs/${n}/compare/${o}`, { page: pageNumber(route), limit: LIMIT, verdict: q.get("verdict") ?? undefined }, controller.signal),
    ]);
    const print = fingerprint([q.toString(), agg.metrics, view]);
    if (print === last) return;
    last = print;
    finished = TERMINAL_STATUSES.has(view.new_run.status) && TERMINAL_STATUSES.has(view.old_run.status);
    columns = view.columns;
    renderCompare(parts, agg, view, rows, () => route);
  };
  return livePage({
    load,
    showError: (error) => replaceChildren(parts.heading, errorBox(error)),
    intervalMs: () => (finished ? POLL_DONE_MS : POLL_ACTIVE_MS),
    controller,
    onRoute: (next) => {
      route = next;
    },
  });
};
