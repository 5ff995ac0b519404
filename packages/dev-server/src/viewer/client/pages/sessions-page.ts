/**
 * The sessions list: newest first, with name, source, start time, duration, event count and error
 * marker (evaluation sessions labelled by their datapoint); searched and filtered on the server, with
 * the filters in the URL; paginated; refreshed live.
 */
import { emptyProjectNote } from "../empty-project-note";
import { apiGet } from "../api";
import { h, replaceChildren } from "../dom";
import { formatCount, formatDuration, formatTime, shortId } from "../format";
import { errorBox, fingerprint, livePage, pageHeader, type PageFactory } from "../page";
import { showPage } from "../pager";
import { href, mergeQuery, navigate, pageNumber, runPath, sessionPath, type Route } from "../router";
import { filterBar, filterQuery } from "../session-filters";
import type { SessionListPage } from "../types";

const LIMIT = 50;
const POLL_MS = 1500;
type SessionRow = SessionListPage["sessions"][number];

/**
 * The status marker: an error (red dot), a failed verdict of an evaluation session (a red ✕: a datapoint that ran
 * without an error but did not pass), else a green dot (a passed verdict says so in its title).
 */
function statusMarker(s: SessionRow): HTMLElement {
  if (s.num_errors > 0) return h("span", { class: "dot dot-error", title: s.error ?? "error", testid: "error-marker" }, "●");
  if (s.verdict === "failed") return h("span", { class: "dot dot-failed", title: "verdict: failed (did not pass)", testid: "verdict-failed", attrs: { "aria-label": "verdict failed" } }, "✕");
  return h("span", { class: "dot dot-ok", title: s.verdict === "passed" ? "verdict: passed" : "no errors", testid: s.verdict === "passed" ? "verdict-passed" : "ok-marker" }, "●");
}

function sessionRow(s: SessionRow): HTMLElement {
  const failed = s.num_errors > 0;
  return h(
    "tr",
    { class: failed || s.verdict === "failed" ? "row-error" : "", testid: "session-row", attrs: s.verdict ? { "data-verdict": s.verdict } : {} },
    h("td", { class: "cell-status" }, statusMarker(s)),
    h("td", { class: "cell-name" }, h("a", { href: href(sessionPath(s.session_id)), testid: "session-link", title: s.label ? `${s.name}: ${s.label}` : s.name }, s.label ?? s.name),
      s.label ? h("div", { class: "muted small", testid: "session-name" }, s.name) : null),
    h("td", null, s.source),
    h("td", { class: "nowrap" }, formatTime(s.start_time)),
    h("td", { class: "num" }, formatDuration(s.duration)),
    h("td", { class: "num", testid: "session-events" }, formatCount(s.num_events)),
    h("td", { class: "num" }, failed ? h("span", { class: "text-error" }, formatCount(s.num_errors)) : "0"),
    h("td", null, s.run_id ? h("a", { href: href(runPath(s.run_id)), title: s.run_id }, shortId(s.run_id)) : "—"),
  );
}

function table(data: SessionListPage): HTMLElement {
  if (data.sessions.length === 0) {
    return h(
      "div",
      { class: "empty", testid: "empty" },
      h("p", null, "No sessions match."),
      h("p", { class: "muted" }, "Send traces here with ", h("code", null, `HH_API_URL=${window.location.origin}`), " and the same API key."),
      emptyProjectNote(),
    );
  }
  return h(
    "table",
    { class: "table", testid: "sessions-table" },
    h(
      "thead",
      null,
      h("tr", null, ...["", "Name", "Source", "Started", "Duration", "Events", "Errors", "Run"].map((t) => h("th", null, t))),
    ),
    h("tbody", null, ...data.sessions.map(sessionRow)),
  );
}

/** Mounts the sessions page. */
export const sessionsPage: PageFactory = (root, initial) => {
  let route: Route = initial;
  const controller = new AbortController();
  const body = h("div", { class: "table-wrap" }, h("p", { class: "muted" }, "Loading…"));
  const count = h("span", { class: "muted", testid: "sessions-total" });
  const bar = filterBar(route, (changes) => navigate("/sessions", mergeQuery(route, changes), true));
  root.append(pageHeader("Sessions", count), bar.el, body);

  let last = "";
  const load = async () => {
    const data = await apiGet<SessionListPage>(
      "/viewer/sessions",
      { page: pageNumber(route), limit: LIMIT, ...filterQuery(route) },
      controller.signal,
    );
    const print = fingerprint([route.query.toString(), data]);
    if (print === last) return;
    last = print;
    count.textContent = `${formatCount(data.total)} total`;
    showPage(body, table(data), data, "sessions", (page) => navigate("/sessions", mergeQuery(route, { page })));
  };
  return livePage({
    load,
    showError: (error) => replaceChildren(body, errorBox(error)),
    intervalMs: () => POLL_MS,
    controller,
    onRoute: (next) => {
      route = next;
      bar.sync(next);
    },
  });
};
