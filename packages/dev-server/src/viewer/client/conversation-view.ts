/**
 * Renders a model call as a conversation: model name and parameters, then each message in a bubble by
 * role (system / user / assistant / tool, anything else as "other"), with tool calls and their
 * arguments and tool results linked to their call. Long contents are collapsed. Also the tokens and
 * cost figures used on the event, session and run pages.
 */
import type { Conversation, Message } from "./conversation";
import { h } from "./dom";
import { formatCount } from "./format";
import { longText } from "./json-view";
import type { Usage } from "./types";

const ROLES = new Set(["system", "user", "assistant", "tool"]);

function bubble(m: Message): HTMLElement {
  const role = ROLES.has(m.role) ? m.role : m.role === "function" ? "tool" : "other";
  return h(
    "div",
    { class: `msg msg-${role}${m.output ? " msg-output" : ""}`, testid: "message", attrs: { "data-role": role } },
    h("div", { class: "msg-head" }, h("span", { class: "msg-role" }, m.role), m.name ? h("span", { class: "muted small" }, m.name) : null,
      m.toolCallId ? h("span", { class: "muted small mono" }, `result of ${m.toolCallId}`) : null, m.output ? h("span", { class: "muted small" }, "output") : null),
    m.content !== "" ? longText(m.content, "msg-text") : null,
    ...m.toolCalls.map((c) =>
      h("div", { class: "tool-call", testid: "tool-call" }, h("div", { class: "msg-head" }, h("span", { class: "msg-role" }, "tool call"), h("b", null, c.name), c.id ? h("span", { class: "muted small mono" }, c.id) : null),
        c.arguments !== "" ? longText(c.arguments, "msg-text") : null)),
  );
}

/** The conversation block. */
export function conversationView(c: Conversation): HTMLElement {
  return h(
    "div",
    { class: "conversation", testid: "conversation" },
    h("div", { class: "facts-line small" },
      h("span", null, "Model ", h("b", { testid: "conv-model" }, c.model ?? "—")),
      ...c.params.map(([k, v]) => h("span", { testid: "conv-param" }, `${k} `, h("b", null, v.length > 80 ? `${v.slice(0, 80)}…` : v))),
      ...c.details.map(([k, v]) => h("span", { testid: "conv-detail", attrs: { "data-detail": k } }, `${k} `, h("b", null, v.length > 80 ? `${v.slice(0, 80)}…` : v)))),
    ...c.messages.map(bubble),
  );
}

/** "$0.0123" for a cost. */
export function formatCost(cost: number): string {
  return cost >= 1 ? `$${cost.toFixed(2)}` : `$${Number(cost.toPrecision(3))}`;
}

/** Tokens and cost as facts ("Tokens 1,234 (900 in · 334 out) · Cost $0.012"), or null. */
export function usageFacts(usage: Usage | null | undefined, testid = "usage"): HTMLElement | null {
  if (!usage) return null;
  const parts: (HTMLElement | string)[] = [];
  if (usage.total_tokens !== null) {
    const split = usage.input_tokens !== null || usage.output_tokens !== null
      ? ` (${formatCount(usage.input_tokens ?? 0)} in · ${formatCount(usage.output_tokens ?? 0)} out)` : "";
    parts.push(h("span", { testid: `${testid}-tokens` }, "Tokens ", h("b", null, formatCount(Math.round(usage.total_tokens))), split));
  }
  if (usage.cost !== null) parts.push(h("span", { testid: `${testid}-cost` }, "Cost ", h("b", null, formatCost(usage.cost))));
  return parts.length > 0 ? h("span", { class: "usage", testid }, ...parts) : null;
}
