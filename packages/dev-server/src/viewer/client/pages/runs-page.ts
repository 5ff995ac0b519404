/** The experiments list: runs, newest first, with status, dataset and session count; refreshed live. */
import { apiGet } from "../api";
import { h, replaceChildren } from "../dom";
import { formatCount, formatIso, shortId } from "../format";
import { errorBox, fingerprint, livePage, pageHeader, type PageFactory } from "../page";
import { pager } from "../pager";
import { href, mergeQuery, navigate, runPath, type Route } from "../router";
import type { ApiRun, RunListResponse } from "../types";
import { runStatusBadge, datasetLabel } from "../run-widgets";

const LIMIT = 25;
const POLL_MS = 2000;

function runRow(run: ApiRun): HTMLElement {
  return h(
    "tr",
    { testid: "run-row" },
    h("td", { class: "cell-name" }, h("a", { href: href(runPath(run.id)), testid: "run-link" }, run.name || shortId(run.id))),
    h("td", null, runStatusBadge(run.status)),
    h("td", { class: "nowrap" }, formatIso(run.created_at)),
    h("td", null, datasetLabel(run)),
    h("td", { class: "num" }, formatCount(run.event_ids.length)),
    h("td", { class: "mono small", title: run.id }, shortId(run.id)),
  );
}

/** Mounts the runs page. */
export const runsPage: PageFactory = (root, initial) => {
  let route: Route = initial;
  const controller = new AbortController();
  const count = h("span", { class: "muted", testid: "runs-total" });
  const body = h("div", { class: "table-wrap" }, h("p", { class: "muted" }, "Loading…"));
  root.append(pageHeader("Experiments", count), body);
  let last = "";
  const load = async () => {
    const page = Number(route.query.get("page") ?? "1") || 1;
    const data = await apiGet<RunListResponse>("/v1/runs", { page, limit: LIMIT }, controller.signal);
    const print = fingerprint([page, data.evaluations, data.pagination]);
    if (print === last) return;
    last = print;
    count.textContent = `${formatCount(data.pagination.total)} runs`;
    if (data.evaluations.length === 0) {
      replaceChildren(body, h("div", { class: "empty", testid: "empty" }, h("p", null, "No experiment runs yet."), h("p", { class: "muted" }, "Run evaluate() against this server and the run appears here.")));
      return;
    }
    replaceChildren(
      body,
      h(
        "table",
        { class: "table", testid: "runs-table" },
        h("thead", null, h("tr", null, ...["Name", "Status", "Created", "Dataset", "Sessions", "Run id"].map((t) => h("th", null, t)))),
        h("tbody", null, ...data.evaluations.map(runRow)),
      ),
      pager(data.pagination.page, data.pagination.limit, data.pagination.total, (p) => navigate("/runs", mergeQuery(route, { page: p })), "runs"),
    );
  };
  return livePage({
    load,
    showError: (error) => replaceChildren(body, errorBox(error)),
    intervalMs: () => POLL_MS,
    controller,
    onRoute: (next) => {
      route = next;
    },
  });
};
