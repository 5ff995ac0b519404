/**
 * A session: its summary, the trace waterfall and the selected event's details. The tree is polled
 * with a change stamp, so new events appear live while an unchanged session costs one count query.
 */
import { addToDatasetAction } from "../add-to-dataset";
import { apiGet } from "../api";
import { h, replaceChildren } from "../dom";
import { eventDetail } from "../event-detail";
import { formatCount, formatDuration, formatTime, shortId } from "../format";
import { errorBox, livePage, type PageFactory } from "../page";
import { href, replaceQuery, runPath, type Route } from "../router";
import { buildTree, type Tree } from "../trace-tree";
import { calledFromTarget } from "../called-from-view";
import { usageBySideFacts } from "../conversation-view";
import type { CalledFrom, SessionTreeResponse, TreeSession, Usage, UsageBySide } from "../types";
import { waterfall } from "../waterfall";
import { trajectoryPanel } from "../trajectory-view";
import type { SessionTrajectory } from "../types";

const POLL_MS = 2000;

/** "Called from <caller's session>": a link to it (at the caller's event) when this project holds it, else its id. */
function calledFromFact(caller: CalledFrom): HTMLElement {
  return h("span", { testid: "called-from" }, "Called from ", calledFromTarget(caller, "called-from-link"));
}

function summary(session: TreeSession, total: number, truncated: boolean, usage: Usage | null, bySide: UsageBySide | undefined): HTMLElement[] {
  const facts: (HTMLElement | string)[] = [
    h("span", null, "Source ", h("b", null, session.source)),
    h("span", null, "Started ", h("b", null, formatTime(session.start_time))),
    h("span", null, "Duration ", h("b", null, formatDuration(session.duration))),
    h("span", { testid: "session-event-count" }, "Events ", h("b", null, formatCount(total))),
  ];
  if (session.run_id) facts.push(h("span", null, "Run ", h("a", { href: href(runPath(session.run_id)), testid: "session-run-link" }, shortId(session.run_id))));
  if (session.called_from) facts.push(calledFromFact(session.called_from));
  const spent = usageBySideFacts(usage, bySide, "session-usage");
  if (spent) facts.push(spent);
  if (session.datapoint_id) facts.push(h("span", { title: session.datapoint_id }, "Datapoint ", h("b", { class: "mono" }, shortId(session.datapoint_id))));
  const out = [h("div", { class: "facts-line" }, ...facts)];
  if (truncated) out.push(h("div", { class: "warn-box" }, "This session is very large: only its first events are shown."));
  if (session.error) out.push(h("div", { class: "error-box", testid: "session-error" }, session.error));
  return out;
}

function crumbs(sessionId: string): HTMLElement {
  return h("div", { class: "crumbs" }, h("a", { href: "#/sessions" }, "Sessions"), " / ", h("span", { class: "mono" }, shortId(sessionId)));
}

/** The page title: the session's label (its name beside it) or its name; also the document's title. */
function showTitle(title: HTMLElement, session: TreeSession): void {
  title.textContent = session.label ?? session.name;
  if (session.label) title.append(h("span", { class: "title-sub", testid: "session-name" }, session.name));
  document.title = `${session.label ?? session.name} · HoneyHive`;
}

/**
 * The trajectory beside the verdicts, for a session whose agent called tools or that was scored (a datapoint's);
 * fetched again each time the tree changes.
 */
async function showTrajectory(slot: HTMLElement, data: Extract<SessionTreeResponse, { unchanged: false }>, signal: AbortSignal): Promise<void> {
  const relevant = Boolean(data.session.run_id) || data.events.some((e) => e.type === "tool");
  if (!relevant) return;
  let trajectory: SessionTrajectory;
  try {
    trajectory = await apiGet<SessionTrajectory>(`/viewer/sessions/${encodeURIComponent(data.session.session_id)}/trajectory`, {}, signal);
  } catch (error) {
    if (!signal.aborted) replaceChildren(slot, errorBox(error));
    return;
  }
  if (trajectory.tool_calls.length === 0 && trajectory.verdicts.length === 0) replaceChildren(slot);
  else replaceChildren(slot, trajectoryPanel(trajectory));
}

/** Mounts the session page. */
export const sessionPage: PageFactory = (root, initial) => {
  let route: Route = initial;
  const sessionId = initial.params.id ?? "";
  const controller = new AbortController();
  const title = h("h1", { testid: "page-title" }, "Session");
  const info = h("div", { class: "session-info" }, h("p", { class: "muted" }, "Loading…"));
  const detail = eventDetail();
  const select = (id: string) => replaceQuery(route, { event: id });
  const chart = waterfall(select);
  const split = h("div", { class: "split" }, chart.el, detail.el);
  const trajectory = h("div", { testid: "trajectory-slot" });
  root.append(crumbs(sessionId), h("div", { class: "page-header" }, title, addToDatasetAction(sessionId)), info, trajectory, split);
  let stamp: string | undefined;
  let tree: Tree | undefined;
  let shown: string | undefined;

  const selected = () => route.query.get("event") ?? sessionId;
  const showSelected = (force: boolean) => {
    const id = selected();
    chart.select(id);
    if (force || id !== shown) {
      shown = id;
      detail.show(id);
    }
  };

  const load = async () => {
    const data = await apiGet<SessionTreeResponse>(
      `/viewer/sessions/${encodeURIComponent(sessionId)}/tree`,
      { stamp },
      controller.signal,
    );
    if (data.unchanged) return;
    const first = tree === undefined;
    stamp = data.stamp;
    tree = buildTree(data.session, data.events);
    showTitle(title, data.session);
    replaceChildren(info, ...summary(data.session, data.total, data.truncated, data.usage, data.usage_by_side));
    chart.setTree(tree);
    showSelected(!first);
    await showTrajectory(trajectory, data, controller.signal);
  };
  return livePage({
    load,
    showError: (error) => replaceChildren(info, errorBox(error)),
    intervalMs: () => POLL_MS,
    controller,
    reloadOnRoute: false,
    onRoute: (next) => {
      route = next;
      if (tree) showSelected(false);
    },
    onDispose: () => {
      chart.dispose();
      detail.dispose();
      document.title = "HoneyHive local viewer";
    },
  });
};
