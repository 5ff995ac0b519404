/**
 * The selected event's details: name, type, the prompt it was made with (linked to that version on the Prompts
 * page), ids, timing, tokens and cost, error, a model call's conversation, and its inputs, outputs, config, metadata,
 * metrics, feedback and user properties as collapsible sections, the raw instrumentation attributes folded last.
 */
import { eventPromptOf } from "@honeyhive/core/prompts/event-prompt";
import { apiGet } from "./api";
import { h, replaceChildren, typeBadge } from "./dom";
import { formatDuration, formatTime } from "./format";
import { isEmptyValue, longText, objectView } from "./json-view";
import { errorBox, isAbort } from "./page";
import { eventUsage } from "../shared/usage";
import { readConversation } from "./conversation";
import { storedAttachmentsIn } from "./attachment-parts";
import { attachmentStrip } from "./attachment-view";
import { conversationView, usageFacts } from "./conversation-view";
import type { ApiEvent } from "./types";
import { promptVersionHref } from "./router";
import { splitRawAttributes } from "../shared/raw-attributes";

const SECTIONS = ["inputs", "outputs", "config", "metadata", "metrics", "feedback", "user_properties"] as const;
const LABELS: Record<(typeof SECTIONS)[number], string> = {
  inputs: "Inputs", outputs: "Outputs", config: "Config", metadata: "Metadata", metrics: "Metrics",
  feedback: "Feedback", user_properties: "User properties",
};
const OPEN_BY_DEFAULT = new Set<string>(["inputs", "outputs", "metadata", "metrics", "feedback"]);

/** The detail panel. */
export interface EventDetail {
  el: HTMLElement;
  /** Loads and shows an event (a newer call cancels an older one). */
  show(eventId: string): void;
  dispose(): void;
}

/** "Made with prompt name @ version" linking to that version on the Prompts page, when the event names a prompt. */
function promptLine(event: ApiEvent): HTMLElement | null {
  const prompt = eventPromptOf(event);
  if (!prompt) return null;
  return h(
    "div",
    { class: "prompt-line", testid: "event-prompt" },
    "Made with prompt ",
    h("a", { href: promptVersionHref(prompt.name, prompt.version), testid: "event-prompt-link" }, h("b", null, prompt.name), " @ ", h("span", { class: "mono" }, prompt.version)),
    prompt.env !== undefined ? h("span", { class: "muted" }, ` · ${prompt.env}`) : null,
  );
}

function section(key: string, label: string, value: unknown, open: boolean): HTMLElement {
  const details = h("details", { class: "section", testid: `section-${key}` }, h("summary", null, label), objectView(value, { scores: key === "metrics" }));
  details.open = open;
  return details;
}

function render(event: ApiEvent): HTMLElement[] {
  const duration = event.duration ?? (event.start_time !== null && event.end_time !== null ? event.end_time - event.start_time : null);
  const metadata = splitRawAttributes(event.metadata);
  const shown: ApiEvent = { ...event, metadata: metadata.own };
  const out: HTMLElement[] = [
    h("div", { class: "detail-title" }, typeBadge(event.event_type), h("h2", { testid: "detail-name" }, event.event_name)),
    ...[promptLine(event)].filter((e): e is HTMLElement => e !== null),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, "Event id"), h("dd", { class: "mono" }, event.event_id),
      h("dt", null, "Parent"), h("dd", { class: "mono" }, event.parent_id ?? "—"),
      h("dt", null, "Source"), h("dd", null, event.source),
      h("dt", null, "Started"), h("dd", null, formatTime(event.start_time)),
      h("dt", null, "Duration"), h("dd", null, formatDuration(duration)),
    ),
  ];
  const usage = usageFacts(eventUsage(event), "event-usage");
  if (usage) out.push(h("div", { class: "facts-line" }, usage));
  if (event.error !== null && event.error !== "") {
    out.push(h("section", { class: "detail-error", testid: "detail-error" }, h("h3", null, "Error"), longText(event.error, "v-text")));
  }
  const conversation = readConversation(event);
  if (conversation) {
    const details = h("details", { class: "section", testid: "section-conversation" }, h("summary", null, "Conversation"), conversationView(conversation));
    details.open = true;
    out.push(details);
  }
  const attachments = attachmentStrip(storedAttachmentsIn([event.inputs, event.outputs, event.metadata]), "event-attachments");
  if (attachments) {
    const details = h("details", { class: "section", testid: "section-attachments" }, h("summary", null, "Attachments"), attachments);
    details.open = true;
    out.push(details);
  }
  const empty: string[] = [];
  for (const key of SECTIONS) {
    const value = shown[key];
    if (isEmptyValue(value)) empty.push(LABELS[key]);
    else out.push(section(key, LABELS[key], value, OPEN_BY_DEFAULT.has(key)));
  }
  if (!isEmptyValue(metadata.raw)) out.push(section("raw-attributes", `Raw attributes (${Object.keys(metadata.raw).length})`, metadata.raw, false));
  if (empty.length > 0) out.push(h("p", { class: "muted small" }, `Empty: ${empty.join(", ")}`));
  return out;
}

/** Creates the detail panel. */
export function eventDetail(): EventDetail {
  const el = h("aside", { class: "detail", testid: "detail" }, h("p", { class: "muted" }, "Select an event."));
  let controller: AbortController | undefined;
  return {
    el,
    show(eventId) {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      apiGet<{ event: ApiEvent }>(`/v1/events/${encodeURIComponent(eventId)}`, undefined, current.signal)
        .then(({ event }) => {
          if (controller !== current) return;
          const scroll = el.scrollTop;
          replaceChildren(el, ...render(event));
          el.dataset.eventId = event.event_id;
          el.scrollTop = scroll;
        })
        .catch((error: unknown) => {
          if (!isAbort(error) && controller === current) replaceChildren(el, errorBox(error));
        });
    },
    dispose: () => controller?.abort(),
  };
}
