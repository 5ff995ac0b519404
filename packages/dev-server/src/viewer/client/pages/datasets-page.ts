/**
 * Datasets: the dev server's stored datasets and the offline (`EXT-`) datasets that runs used, with
 * their datapoint and run counts; and one dataset's datapoints with each one's result in the latest
 * runs (pass / fail as the server's run results give it, metric values, a link to the trace).
 */
import { emptyProjectNote } from "../empty-project-note";
import { apiGet } from "../api";
import { h, replaceChildren, statusBadge } from "../dom";
import { formatCount, formatIso, shortId } from "../format";
import { errorBox, fingerprint, livePage, pageHeader, type PageFactory } from "../page";
import { showPage } from "../pager";
import { href, pageNumber, replaceQuery, runPath, sessionPath, type Route } from "../router";
import { metricValue, previewCell } from "../run-widgets";
import type { DatasetDetail, DatasetResult, DatasetSummary } from "../types";
import { datasetHandlesView } from "../dataset-handles-view";

const POLL_MS = 5000;
const LIMIT = 50;

/** Path of a dataset page. */
export function datasetPath(id: string): string {
  return `/datasets/${encodeURIComponent(id)}`;
}

function kindBadge(d: DatasetSummary): HTMLElement {
  return statusBadge(d.kind === "stored" ? "stored" : "offline", d.kind === "stored" ? "good" : "neutral");
}

function datasetRow(d: DatasetSummary): HTMLElement {
  return h(
    "tr",
    { testid: "dataset-row" },
    h("td", { class: "cell-name" }, h("a", { href: href(datasetPath(d.id)), testid: "dataset-link" }, d.name), d.description ? h("div", { class: "muted small" }, d.description) : null),
    h("td", null, kindBadge(d)),
    h("td", { class: "num", testid: "dataset-datapoints" }, formatCount(d.datapoints)),
    h("td", { class: "num", testid: "dataset-runs" }, formatCount(d.runs)),
    h("td", { class: "nowrap" }, formatIso(d.last_run_at)),
    h("td", { class: "mono small", title: d.id }, d.id.length > 24 ? `${d.id.slice(0, 24)}…` : d.id),
  );
}

/** Mounts the datasets list. */
export const datasetsPage: PageFactory = (root) => {
  const controller = new AbortController();
  const count = h("span", { class: "muted", testid: "datasets-total" });
  const body = h("div", { class: "table-wrap" }, h("p", { class: "muted" }, "Loading…"));
  root.append(pageHeader("Datasets", count), body);
  let last = "";
  const load = async () => {
    const data = await apiGet<{ datasets: DatasetSummary[] }>("/viewer/datasets", undefined, controller.signal);
    const print = fingerprint(data);
    if (print === last) return;
    last = print;
    count.textContent = `${formatCount(data.datasets.length)} datasets`;
    replaceChildren(body, data.datasets.length === 0
      ? h("div", { class: "empty", testid: "empty" }, h("p", null, "No datasets yet."), h("p", { class: "muted" }, "Datasets created on this server, and the inline datasets of evaluate() runs, appear here."), emptyProjectNote())
      : h("table", { class: "table", testid: "datasets-table" },
        h("thead", null, h("tr", null, ...["Name", "Kind", "Datapoints", "Runs", "Last run", "Id"].map((t) => h("th", null, t)))),
        h("tbody", null, ...data.datasets.map(datasetRow))));
  };
  return livePage({ load, showError: (e) => replaceChildren(body, errorBox(e)), intervalMs: () => POLL_MS, controller, onRoute: () => undefined });
};

function resultCell(result: DatasetResult | null): HTMLElement {
  if (!result) return h("td", { class: "muted" }, "—");
  return h(
    "td",
    { class: "cell-result", testid: "dataset-result" },
    h("a", { href: href(sessionPath(result.session_id)), title: "open the trace" }, result.passed ? statusBadge("PASS", "good") : statusBadge("FAIL", "bad")),
    ...result.metrics.map((m) => h("div", { class: "small" }, h("span", { class: "muted" }, `${m.name} `), metricValue(m.value))),
  );
}

function detailTable(data: DatasetDetail): HTMLElement {
  const stored = data.dataset.kind === "stored";
  const heads: (string | HTMLElement)[] = ["#", "Datapoint", ...(stored ? ["External id", "Split"] : []), "Inputs", "Ground truth", ...data.runs.map((r) =>
    h("a", { href: href(runPath(r.id)), title: `${r.name} · ${formatIso(r.created_at)}` }, r.name || shortId(r.id), h("div", { class: "muted small" }, formatIso(r.created_at))))];
  return h(
    "table",
    { class: "table table-dense", testid: "dataset-table" },
    h("thead", null, h("tr", null, ...heads.map((t) => h("th", null, t)))),
    h("tbody", null, ...data.rows.map((row, i) =>
      h("tr", { testid: "datapoint-row" },
        h("td", { class: "num muted" }, String((data.page - 1) * data.limit + i + 1)),
        h("td", { class: "mono small", title: row.datapoint_id }, shortId(row.datapoint_id)),
        ...(stored ? [
          h("td", { class: "mono small cell-handle", testid: "datapoint-external-id" }, row.external_id ?? "—"),
          h("td", { class: "small", testid: "datapoint-split" }, row.split ?? h("span", { class: "muted" }, "—")),
        ] : []),
        previewCell(row.inputs, "datapoint-inputs"),
        previewCell(row.ground_truth, "datapoint-ground-truth"),
        ...row.results.map(resultCell)))),
  );
}

/** Mounts one dataset's page. */
export const datasetPage: PageFactory = (root, initial) => {
  let route: Route = initial;
  const id = initial.params.id ?? "";
  const controller = new AbortController();
  const title = h("h1", { testid: "page-title" }, "Dataset");
  const facts = h("div", { class: "facts-line" });
  const handles = h("div");
  const body = h("div", { class: "table-wrap" }, h("p", { class: "muted" }, "Loading…"));
  root.append(h("div", { class: "crumbs" }, h("a", { href: "#/datasets" }, "Datasets"), " / ", h("span", { class: "mono" }, shortId(id))), h("div", { class: "page-header" }, title), facts, handles, body);
  let last = "";
  const load = async () => {
    const data = await apiGet<DatasetDetail>(`/viewer/datasets/${encodeURIComponent(id)}`, { page: pageNumber(route), limit: LIMIT }, controller.signal);
    const print = fingerprint(data);
    if (print === last) return;
    last = print;
    title.textContent = data.dataset.name;
    replaceChildren(facts,
      kindBadge(data.dataset),
      h("span", { testid: "dataset-count" }, "Datapoints ", h("b", null, formatCount(data.dataset.datapoints))),
      h("span", null, "Runs ", h("b", null, formatCount(data.dataset.runs))),
      data.dataset.runs > data.runs.length ? h("span", { class: "muted" }, `the latest ${data.runs.length} runs are shown`) : null);
    replaceChildren(handles, datasetHandlesView(data.handles));
    const content = data.rows.length > 0 ? detailTable(data) : h("p", { class: "muted", testid: "empty" }, "No datapoints.");
    showPage(body, content, data, "datapoints", (page) => replaceQuery(route, { page }));
  };
  return livePage({ load, showError: (e) => replaceChildren(body, errorBox(e)), intervalMs: () => POLL_MS, controller, onRoute: (next) => { route = next; } });
};
