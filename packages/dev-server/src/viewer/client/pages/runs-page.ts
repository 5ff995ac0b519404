/**
 * The experiments list: runs, newest first, with status, verdict counts (passed, failed, errored, not run), labels (git, metadata, configuration), dataset and
 * session count, filtered by name, label (`key=value`) and creation date (kept in the URL); refreshed live.
 */
import { emptyProjectNote } from "../empty-project-note";
import { apiGet } from "../api";
import { h, replaceChildren } from "../dom";
import { sparkline } from "../charts";
import { formatCount, formatIso, formatNumber, shortId } from "../format";
import { debounce, errorBox, fingerprint, livePage, pageHeader, type PageFactory } from "../page";
import { showPage } from "../pager";
import { href, mergeQuery, navigate, pageNumber, runPath, type Route } from "../router";
import { localTimeMs } from "../session-filters";
import type { ApiRun, RunsPageResponse, RunVerdictCounts } from "../types";
import { runLabelChips, runStatusBadge, datasetLabel, notRunLabel, stalledText } from "../run-widgets";

const LIMIT = 25;
const POLL_MS = 2000;

function trendCell(run: ApiRun, trends: RunsPageResponse["trends"]): HTMLElement {
  const metrics = trends.find((t) => t.name === run.name)?.metrics ?? [];
  const shown = metrics.filter((m) => m.points.filter((p) => p.value !== null).length > 1).slice(0, 3);
  if (shown.length === 0) return h("td", { class: "muted small" }, "—");
  return h("td", { class: "trend-cell" }, ...shown.map((m) => {
    const current = m.points.find((p) => p.run_id === run.id)?.value ?? null;
    return h("div", { class: "trend", testid: "trend", title: `${m.metric_name} over the last ${m.points.length} runs named like this` },
      h("span", { class: "trend-name" }, m.metric_name), sparkline(m.points, run.id), h("span", { class: "trend-value" }, formatNumber(current)));
  }));
}

/**
 * Passed, failed (errored among them) and not-run datapoints: "3 passed · 2 failed (1 errored) · 1 not run" ("1 not
 * stored" for a stalled run).
 */
function verdictCell(run: ApiRun): HTMLElement {
  const verdict: RunVerdictCounts | undefined = run.verdict;
  if (!verdict || verdict.total === 0) return h("td", { class: "muted small", testid: "run-verdict" }, "—");
  const errored = verdict.errored > 0 ? h("span", { class: "text-error", testid: "run-verdict-errored", attrs: { title: "the evaluated function threw or timed out" } }, ` (${formatCount(verdict.errored)} errored)`) : null;
  return h("td", { class: "nowrap small", testid: "run-verdict" },
    h("span", { class: "text-good", testid: "run-verdict-passed" }, `${formatCount(verdict.passed)} passed`), " · ",
    h("span", { class: verdict.failed > 0 ? "text-error" : "", testid: "run-verdict-failed" }, `${formatCount(verdict.failed)} failed`), errored,
    verdict.not_run > 0 ? notRunLabel(run, formatCount(verdict.not_run), "run-verdict-not-run", " · ") : null);
}

function runRow(run: ApiRun, trends: RunsPageResponse["trends"]): HTMLElement {
  return h(
    "tr",
    { testid: "run-row" },
    h("td", { class: "cell-name" }, h("a", { href: href(runPath(run.id)), testid: "run-link" }, run.name || shortId(run.id))),
    h("td", null, runStatusBadge(run), run.stalled ? h("div", { class: "muted small", testid: "run-stalled-note" }, stalledText(run)) : null),
    verdictCell(run),
    h("td", { class: "cell-labels" }, runLabelChips(run)),
    h("td", { class: "nowrap" }, formatIso(run.created_at)),
    h("td", null, datasetLabel(run)),
    h("td", { class: "num" }, formatCount(run.event_ids.length)),
    trendCell(run, trends),
    h("td", { class: "mono small", title: run.id }, shortId(run.id)),
  );
}

/** Mounts the runs page. */
export const runsPage: PageFactory = (root, initial) => {
  let route: Route = initial;
  const controller = new AbortController();
  const count = h("span", { class: "muted", testid: "runs-total" });
  const body = h("div", { class: "table-wrap" }, h("p", { class: "muted" }, "Loading…"));
  const apply = () => navigate("/runs", mergeQuery(route, { page: undefined, name: name.value.trim() || undefined, label: label.value.trim() || undefined, from: from.value || undefined, to: to.value || undefined }), true);
  const name = h("input", { class: "input input-wide", type: "search", placeholder: "Run name contains", value: route.query.get("name") ?? "", testid: "runs-filter-name", attrs: { "aria-label": "run name contains", "data-search": "" }, on: { input: debounce(apply, 250) } });
  const label = h("input", { class: "input", type: "search", placeholder: "Label key=value", value: route.query.get("label") ?? "", testid: "runs-filter-label", attrs: { "aria-label": "label key=value", title: "e.g. branch=main, commit=1a2b3c, model=gpt-4o" }, on: { change: apply } });
  const from = h("input", { class: "input input-time", type: "date", value: route.query.get("from") ?? "", testid: "runs-filter-from", attrs: { "aria-label": "created from" }, on: { change: apply } });
  const to = h("input", { class: "input input-time", type: "date", value: route.query.get("to") ?? "", testid: "runs-filter-to", attrs: { "aria-label": "created until" }, on: { change: apply } });
  const filters = h("form", { class: "filters", on: { submit: (e) => e.preventDefault() } }, name, label, h("label", { class: "inline-label" }, "created from", from), h("label", { class: "inline-label" }, "to", to));
  root.append(pageHeader("Experiments", count), filters, body);
  let last = "";
  const load = async () => {
    const q = route.query;
    const toDay = localTimeMs(q.get("to") ? `${q.get("to")}T23:59:59.999` : null);
    const data = await apiGet<RunsPageResponse>(
      "/viewer/runs",
      { page: pageNumber(route), limit: LIMIT, name: q.get("name") ?? undefined, label: q.get("label") ?? undefined, from: localTimeMs(q.get("from") ? `${q.get("from")}T00:00` : null), to: toDay },
      controller.signal,
    );
    const print = fingerprint([q.toString(), data]);
    if (print === last) return;
    last = print;
    count.textContent = `${formatCount(data.total)} runs`;
    if (data.runs.length === 0) {
      replaceChildren(body, h("div", { class: "empty", testid: "empty" }, h("p", null, q.get("name") || q.get("label") || q.get("from") || q.get("to") ? "No runs match." : "No experiment runs yet."), h("p", { class: "muted" }, "Run evaluate() against this server and the run appears here."), emptyProjectNote()));
      return;
    }
    const table = h(
      "table",
      { class: "table", testid: "runs-table" },
      h("thead", null, h("tr", null, ...["Name", "Status", "Verdict", "Labels", "Created", "Dataset", "Sessions", "Trend (runs of this name)", "Run id"].map((t) => h("th", null, t)))),
      h("tbody", null, ...data.runs.map((r) => runRow(r, data.trends))),
    );
    showPage(body, table, data, "runs", (page) => navigate("/runs", mergeQuery(route, { page })));
  };
  return livePage({
    load,
    showError: (error) => replaceChildren(body, errorBox(error)),
    intervalMs: () => POLL_MS,
    controller,
    onRoute: (next) => {
      route = next;
      if (document.activeElement !== name) name.value = next.query.get("name") ?? "";
      if (document.activeElement !== label) label.value = next.query.get("label") ?? "";
      from.value = next.query.get("from") ?? "";
      to.value = next.query.get("to") ?? "";
    },
  });
};
