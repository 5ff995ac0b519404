/**
 * A run: its status and counts, aggregate metrics (selectable aggregation), the datapoint table
 * (inputs, outputs, ground truth, each metric, pass/fail, duration, session link) one page at a time,
 * and a picker to compare it with another run. Polled live until the run is finished.
 */
import { apiGet } from "../api";
import { incompleteRunText, readIncompleteRun } from "@honeyhive/core/runs/incomplete-run";
import { h, replaceChildren, statusBadge, type Child } from "../dom";
import { formatCount, formatDuration, formatIso, formatNumber, shortId } from "../format";
import { distributionChart, percentilesView } from "../charts";
import { usageBySideFacts } from "../conversation-view";
import { errorBox, fingerprint, livePage, type PageFactory } from "../page";
import { showPage } from "../pager";
import { comparePath, href, navigate, pageNumber, replaceQuery, sessionPath, type Route } from "../router";
import {
  aggregationSelect, datapointsSection, datasetLabel, metricTitle, runLabelChips, metricValue, previewCell, runStatusBadge, segmented, TERMINAL_STATUSES,
  notRunLabel, stalledText,
} from "../run-widgets";
import type { ApiRun, RunListResponse, RunViewResponse } from "../types";

const LIMIT = 50;
const POLL_ACTIVE_MS = 1500;
const POLL_DONE_MS = 10_000;

/** "n passed · n failed", or a note that the metric has no passing range and decides nothing. */
function verdictCounts(a: RunViewResponse["aggregates"][number]): (HTMLElement | string)[] {
  if (!a.decides_verdict) {
    return [h("span", { class: "muted", title: "numbers pass or fail only with a passing range (min / max)" }, "no passing range · does not decide pass/fail")];
  }
  return [h("span", { class: "text-good" }, `${a.passed} passed`), " · ", h("span", { class: a.failed > 0 ? "text-error" : "" }, `${a.failed} failed`)];
}

function aggregatesView(data: RunViewResponse): HTMLElement {
  if (data.aggregates.length === 0) return h("p", { class: "muted" }, "No metrics recorded yet.");
  return h(
    "div",
    { class: "cards", testid: "aggregates" },
    ...data.aggregates.map((a) =>
      h(
        "div",
        { class: "card", testid: "aggregate-card" },
        h("div", { class: "card-title", title: `${a.metric_name} on ${a.event_type} "${a.event_name}"` }, metricTitle(a, data.aggregates)),
        h("div", { class: "card-value", testid: "aggregate-value" }, formatNumber(a.aggregate)),
        h("div", { class: "card-sub", testid: "aggregate-verdicts" }, `${data.aggregation_function} of ${a.count} · `, ...verdictCounts(a)),
        a.passing_range ? h("div", { class: "card-sub muted" }, `passing range ${JSON.stringify(a.passing_range)}`) : null,
        h("div", { class: "card-chart", testid: "metric-chart" }, distributionChart(a.distribution)),
      ),
    ),
  );
}

/** More metrics than this are shown as wrapping chips in one "Metrics" cell, so the table keeps to the window. */
const METRIC_COLUMNS_MAX = 4;

type Row = RunViewResponse["rows"][number];
type Column = RunViewResponse["columns"][number];

/** A metric's value: its own cell (`asChip` false) or a named chip of the Metrics cell. */
function metricCell(row: Row, c: Column, columns: readonly Column[], asChip: boolean): HTMLElement {
  const m = row.metrics[c.id];
  const fail = m && !m.passed ? " metric-fail" : "";
  const attrs = { "data-metric": c.metric_name };
  const value = m ? metricValue(m.value) : "—";
  if (!asChip) return h("td", { class: `num${fail}`, testid: "dp-metric", attrs }, value);
  const title = metricTitle(c, columns);
  return h("span", { class: `metric-chip${fail}`, testid: "dp-metric", attrs, title: `${title}: ${value}` }, h("span", { class: "metric-chip-name" }, title), " ", value);
}

function resultCell(row: Row): HTMLElement {
  return h(
    "td",
    { class: "cell-result", testid: "dp-result" },
    row.passed ? statusBadge("PASS", "good") : statusBadge("FAIL", "bad"),
    row.error ? h("span", { class: "status status-bad", title: row.error, testid: "dp-error" }, "ERROR") : null,
    row.evaluator_errors ? h("span", { class: "status status-busy", title: row.evaluator_errors, testid: "dp-evaluator-error" }, "EVALUATOR ERROR") : null,
  );
}

/**
 * The datapoints: label, datapoint, result, inputs, outputs, ground truth, the metrics, duration, session. The result
 * comes before the values and the values keep a readable width, so however many metrics a run has, the result, inputs
 * and outputs stay in the window; more than {@link METRIC_COLUMNS_MAX} metrics share one cell of wrapping chips.
 */
function datapointTable(data: RunViewResponse): HTMLElement {
  const chips = data.columns.length > METRIC_COLUMNS_MAX;
  const metricHeads = chips ? [`Metrics (${data.columns.length})`] : data.columns.map((c) => metricTitle(c, data.columns));
  const heads = ["#", "Datapoint", "Result", "Inputs", "Outputs", "Ground truth", ...metricHeads, "Duration", "Session"];
  const rows = data.rows.map((row) => {
    const metrics = data.columns.map((c) => metricCell(row, c, data.columns, chips));
    return h(
      "tr",
      { class: row.error ? "row-error" : "", testid: "dp-row", title: row.error ?? "" },
      h("td", { class: "num muted nowrap", testid: "dp-label" }, row.label ?? "—"),
      row.case_name
        ? h("td", { class: "cell-case", title: row.datapoint_id ?? "", testid: "dp-case" }, row.case_name)
        : h("td", { class: "mono small", title: row.datapoint_id ?? "" }, shortId(row.datapoint_id)),
      resultCell(row),
      previewCell(row.inputs, "dp-inputs"),
      previewCell(row.outputs, "dp-outputs"),
      previewCell(row.ground_truth, "dp-ground-truth"),
      ...(chips ? [h("td", { class: "cell-metrics", testid: "dp-metrics" }, ...metrics)] : metrics),
      h("td", { class: "num nowrap" }, formatDuration(row.duration)),
      h("td", null, h("a", { href: href(sessionPath(row.session_id)), testid: "dp-session-link" }, "trace →")),
    );
  });
  return h("table", { class: "table table-dense", testid: "datapoints-table" }, h("thead", null, h("tr", null, ...heads.map((t) => h("th", null, t)))), h("tbody", null, ...rows));
}

function comparePicker(run: ApiRun, runs: ApiRun[]): HTMLElement | null {
  const others = runs.filter((r) => r.id !== run.id);
  if (others.length === 0) return null;
  const sameData = (r: ApiRun) =>
    (run.dataset_id !== null && r.dataset_id === run.dataset_id) ||
    (typeof run.metadata?.offline_dataset_id === "string" && r.metadata?.offline_dataset_id === run.metadata.offline_dataset_id);
  const ordered = [...others.filter(sameData), ...others.filter((r) => !sameData(r))];
  const select = h(
    "select",
    { class: "input", testid: "compare-select", attrs: { "aria-label": "run to compare with" } },
    ...ordered.map((r) => h("option", { value: r.id }, `${r.name || shortId(r.id)} · ${formatIso(r.created_at)}${sameData(r) ? " · same dataset" : ""}`)),
  );
  const go = () => navigate(comparePath(run.id, select.value));
  return h("div", { class: "inline-label" }, "Compare with ", select, h("button", { class: "btn", type: "button", testid: "compare-go", on: { click: go } }, "Compare"));
}

/** The elements of the run page that its data fills. */
interface RunParts {
  title: HTMLElement;
  status: HTMLElement;
  facts: HTMLElement;
  controls: HTMLElement;
  picker: HTMLElement;
  aggregates: HTMLElement;
  durations: HTMLElement;
  filter: HTMLElement;
  table: HTMLElement;
}

function runParts(): RunParts {
  return {
    title: h("h1", { testid: "page-title" }, "Run"),
    status: h("span"),
    facts: h("div", { class: "facts-line" }),
    controls: h("div", { class: "controls" }),
    picker: h("span"),
    aggregates: h("section", { class: "block" }, h("p", { class: "muted" }, "Loading…")),
    durations: h("section", { class: "block" }),
    filter: h("span"),
    table: h("div", { class: "table-wrap" }),
  };
}

function runLayout(runId: string, p: RunParts): HTMLElement[] {
  return [
    h("div", { class: "crumbs" }, h("a", { href: "#/runs" }, "Experiments"), " / ", h("span", { class: "mono" }, shortId(runId))),
    h("div", { class: "page-header" }, p.title, p.status),
    p.facts,
    p.controls,
    h("h2", null, "Aggregate metrics"),
    p.aggregates,
    h("h2", null, "Session durations"),
    p.durations,
    ...datapointsSection("Datapoints", p.filter, p.table),
  ];
}

/** The facts line: creation, dataset, labels, counts, usage and the link to the run's sessions. */
function runFacts(data: RunViewResponse): Child[] {
  const run = data.run;
  return [
    h("span", null, "Created ", h("b", null, formatIso(run.created_at))),
    h("span", null, "Dataset ", h("b", null, datasetLabel(run))),
    runLabelChips(run),
    h("span", { testid: "run-datapoints" }, "Datapoints ", h("b", null, formatCount(data.datapoints))),
    h("span", { class: "text-good", testid: "run-passed" }, `${formatCount(data.passed)} passed`),
    h("span", { class: data.failed > 0 ? "text-error" : "", testid: "run-failed" }, `${formatCount(data.failed)} failed`),
    data.not_run > 0 ? notRunLabel(run, formatCount(data.not_run), "run-not-run") : null,
    usageBySideFacts(data.usage, data.usage_by_side, "run-usage"),
    h("a", { href: href("/sessions", { run_id: run.id }) }, "sessions of this run →"),
  ];
}

/** Shows a run's data; `route()` is the page's route when the user acts (filter, paging). */
function renderRun(p: RunParts, data: RunViewResponse, route: () => Route): void {
  const run = data.run;
  p.title.textContent = run.name || shortId(run.id);
  document.title = `${p.title.textContent} · HoneyHive`;
  const incomplete = readIncompleteRun(run.metadata);
  replaceChildren(p.status, runStatusBadge(run), run.stalled ? h("span", { class: "muted small", testid: "run-stalled-note" }, stalledText(run)) : null,
    incomplete ? h("span", { class: "text-error small", testid: "run-incomplete-note" }, incompleteRunText(incomplete)) : null);
  replaceChildren(p.facts, ...runFacts(data));
  replaceChildren(p.aggregates, aggregatesView(data));
  replaceChildren(p.durations, percentilesView(data.durations));
  replaceChildren(p.filter, segmented(
    [{ value: undefined, label: "All", count: data.datapoints }, { value: "passed", label: "Passed", count: data.passed }, { value: "failed", label: "Failed", count: data.failed }],
    route().query.get("status") ?? undefined,
    (value) => replaceQuery(route(), { status: value, page: undefined }),
  ));
  const content = data.rows.length > 0 ? datapointTable(data) : h("p", { class: "muted", testid: "empty" }, "No datapoints yet.");
  showPage(p.table, content, data, "datapoints", (page) => replaceQuery(route(), { page }));
}

/** Mounts the run page. */
export const runPage: PageFactory = (root, initial) => {
  let route: Route = initial;
  const runId = initial.params.id ?? "";
  const controller = new AbortController();
  const parts = runParts();
  root.append(...runLayout(runId, parts));
  let last = "";
  let finished = false;
  let pickerLoaded = false;
  const load = async () => {
    const q = route.query;
    const data = await apiGet<RunViewResponse>(
      `/viewer/runs/${encodeURIComponent(runId)}`,
      { page: pageNumber(route), limit: LIMIT, aggregate_function: q.get("agg") ?? "average", status: q.get("status") ?? undefined },
      controller.signal,
    );
    const print = fingerprint([q.toString(), data]);
    if (print !== last) {
      last = print;
      // a stalled run is polled slowly too: a write (a client replaying its spool) still shows, within POLL_DONE_MS
      finished = TERMINAL_STATUSES.has(data.run.status) || data.run.stalled !== undefined;
      renderRun(parts, data, () => route);
    }
    if (!pickerLoaded) {
      pickerLoaded = true;
      const runs = await apiGet<RunListResponse>("/v1/runs", { limit: 100 }, controller.signal);
      replaceChildren(parts.picker, comparePicker(data.run, runs.evaluations));
    }
  };
  replaceChildren(parts.controls, aggregationSelect(route.query.get("agg") ?? "average", (fn) => replaceQuery(route, { agg: fn })), parts.picker);
  return livePage({
    load,
    showError: (error) => replaceChildren(parts.aggregates, errorBox(error)),
    intervalMs: () => (finished ? POLL_DONE_MS : POLL_ACTIVE_MS),
    controller,
    onRoute: (next) => {
      route = next;
    },
    onDispose: () => {
      document.title = "HoneyHive local viewer";
    },
  });
};
