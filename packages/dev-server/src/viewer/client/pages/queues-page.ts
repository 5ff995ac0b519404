/**
 * Review queues: the project's queues, and one queue's events one by one (`?i=` is the 1-based position) with
 * previous / next, thumbs up / down buttons and a score form (a number, a category or yes / no under a name, as
 * `feedback()` takes them), each with the comment, recorded on the event through `POST /viewer/events/:id/feedback`:
 * one value per name and event (a flip or a new score replaces it).
 */
import { emptyProjectNote } from "../empty-project-note";
import { apiGet, apiPost } from "../api";
import { h, replaceChildren, statusBadge, typeBadge } from "../dom";
import { formatCount, formatTime, shortId } from "../format";
import { errorBox, firstLoad, livePage, pageHeader, type PageFactory } from "../page";
import { href, replaceQuery, sessionPath, type Route } from "../router";
import type { QueueDetail, QueueItem, QueueSummary } from "../../shared/queue-types";
import type { FeedbackFields } from "@honeyhive/core/feedback/feedback-entry";
import { feedbackList, scoreForm } from "../score-form";

const POLL_MS = 5000;
/** The feedback name the review buttons write. */
const THUMBS = "thumbs";

/** Path of a queue's review page. */
export function queuePath(id: string): string {
  return `/queues/${encodeURIComponent(id)}`;
}

function queueRow(q: QueueSummary): HTMLElement {
  return h(
    "tr",
    { testid: "queue-row" },
    h("td", { class: "cell-name" }, h("a", { href: href(queuePath(q.id)), testid: "queue-link" }, q.name || shortId(q.id)), q.description ? h("div", { class: "muted small" }, q.description) : null),
    h("td", null, statusBadge(q.enabled ? "enabled" : "disabled", q.enabled ? "good" : "neutral")),
    h("td", { class: "num", testid: "queue-events" }, formatCount(q.events)),
  );
}

/** Mounts the queues list. */
export const queuesPage: PageFactory = (root) => {
  const controller = new AbortController();
  const count = h("span", { class: "muted", testid: "queues-total" });
  const body = h("div", { class: "table-wrap" }, h("p", { class: "muted" }, "Loading…"));
  root.append(pageHeader("Review queues", count), body);
  const load = async () => {
    const data = await apiGet<{ queues: QueueSummary[] }>("/viewer/queues", undefined, controller.signal);
    count.textContent = `${formatCount(data.queues.length)} queues`;
    replaceChildren(body, data.queues.length === 0
      ? h("div", { class: "empty", testid: "empty" }, h("p", null, "No review queues yet."), h("p", { class: "muted" }, "Create one with queues.create({ name, filters }) and add events with queues.addEvents(id, eventIds)."), emptyProjectNote())
      : h("table", { class: "table", testid: "queues-table" },
        h("thead", null, h("tr", null, ...["Name", "State", "Events"].map((t) => h("th", null, t)))),
        h("tbody", null, ...data.queues.map(queueRow))));
  };
  return livePage({ load, showError: (e) => replaceChildren(body, errorBox(e)), intervalMs: () => POLL_MS, controller, onRoute: () => undefined });
};

function block(label: string, text: string, testid: string): HTMLElement {
  return h("div", { class: "review-block" }, h("div", { class: "diff-label" }, label), h("pre", { class: "diff-pre", testid }, text || "—"));
}

/** The review card of one item: what the event got and gave, its feedback, and the buttons. */
function reviewCard(item: QueueItem, saved: string, onSaved: (feedback: Record<string, unknown>) => void): HTMLElement {
  if (!item.found) return h("div", { class: "warn-box", testid: "review-missing" }, `Event ${item.event_id} is not stored on this server.`);
  const comment = h("textarea", { class: "review-comment", placeholder: "Comment (optional)", testid: "review-comment-input", attrs: { rows: "2", maxlength: "4000" } });
  const status = h("span", { class: "muted small", testid: "review-status" }, saved);
  const thumbs = (value: boolean): FeedbackFields => ({ name: THUMBS, value, ...(comment.value.trim() ? { comment: comment.value.trim() } : {}) });
  const send = (fields: FeedbackFields) => {
    status.textContent = "Saving…";
    apiPost<{ feedback: Record<string, unknown> }>(`/viewer/events/${encodeURIComponent(item.event_id)}/feedback`, {
      ...fields, idempotency_key: `viewer:${item.event_id}:${fields.name}`,
    }).then((answer) => {
      status.textContent = "Saved";
      onSaved(answer.feedback);
    }, (error: unknown) => {
      status.textContent = `Not saved: ${error instanceof Error ? error.message : String(error)}`;
    });
  };
  return h(
    "div",
    { class: "review-card", testid: "review-card" },
    h("div", { class: "facts-line" },
      typeBadge(item.event_type ?? "event"), h("b", { testid: "review-event-name" }, item.event_name ?? ""),
      h("span", null, "Started ", h("b", null, formatTime(item.start_time))),
      item.session_id ? h("a", { href: href(sessionPath(item.session_id)), testid: "review-session-link" }, "Open the trace") : null),
    block("Inputs", item.inputs.truncated ? `${item.inputs.text}…` : item.inputs.text, "review-inputs"),
    block("Outputs", item.outputs.truncated ? `${item.outputs.text}…` : item.outputs.text, "review-outputs"),
    feedbackList(item.feedback),
    comment,
    h("div", { class: "review-actions" },
      h("button", { class: "btn", type: "button", testid: "thumbs-up", on: { click: () => send(thumbs(true)) } }, "↑ Good"),
      h("button", { class: "btn", type: "button", testid: "thumbs-down", on: { click: () => send(thumbs(false)) } }, "↓ Bad"),
      status),
    scoreForm(comment, send, (problem) => { status.textContent = `Not saved: ${problem}`; }),
  );
}

function position(route: Route, total: number): number {
  const i = Number(route.query.get("i") ?? "1");
  return Number.isInteger(i) && i >= 1 ? Math.min(i, Math.max(total, 1)) : 1;
}

/** Mounts one queue's review page. */
export const queuePage: PageFactory = (root, initial) => {
  let route: Route = initial;
  const id = initial.params.id ?? "";
  const controller = new AbortController();
  const title = h("h1", { testid: "page-title" }, "Queue");
  const body = h("div", null, h("p", { class: "muted" }, "Loading…"));
  root.append(h("div", { class: "crumbs" }, h("a", { href: "#/queues" }, "Queues"), " / ", h("span", { class: "mono" }, shortId(id))), h("div", { class: "page-header" }, title), body);
  let data: QueueDetail | undefined;
  /** Events whose feedback was saved on this page (their card says so). */
  const saved = new Set<string>();
  const render = () => {
    if (!data) return;
    title.textContent = data.queue.name || shortId(data.queue.id);
    if (data.items.length === 0) return replaceChildren(body, h("p", { class: "muted", testid: "empty" }, "This queue has no events."));
    const at = position(route, data.items.length);
    const item = data.items[at - 1] as QueueItem;
    const go = (to: number) => replaceQuery(route, { i: to });
    replaceChildren(body,
      h("div", { class: "review-nav" },
        h("button", { class: "btn btn-small", type: "button", testid: "review-prev", disabled: at <= 1, on: { click: () => go(at - 1) } }, "← Previous"),
        h("span", { testid: "review-position" }, `${at} of ${data.items.length}`),
        h("button", { class: "btn btn-small", type: "button", testid: "review-next", disabled: at >= data.items.length, on: { click: () => go(at + 1) } }, "Next →"),
        data.truncated ? h("span", { class: "muted small" }, "only the first events of this queue are shown") : null),
      reviewCard(item, saved.has(item.event_id) ? "Saved" : "", (feedback) => {
        item.feedback = feedback;
        saved.add(item.event_id);
        render();
      }));
  };
  const load = async () => {
    data = await apiGet<QueueDetail>(`/viewer/queues/${encodeURIComponent(id)}`, undefined, controller.signal);
    render();
  };
  void firstLoad(load, (e) => replaceChildren(body, errorBox(e)));
  return {
    update(next) {
      route = next;
      render();
    },
    dispose: () => controller.abort(),
  };
};
