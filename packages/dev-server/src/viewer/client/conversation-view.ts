/**
 * Renders a model call as a conversation: model name and parameters, then each message in a bubble by
 * role (system / user / assistant / tool, anything else as "other"), with tool calls and their
 * arguments and tool results linked to their call. Long contents are collapsed. Also the tokens and
 * cost figures used on the event, session and run pages.
 */
import { attachmentStrip } from "./attachment-view";
import type { Conversation, Message } from "./conversation";
import { h } from "./dom";
import { formatCount } from "./format";
import { longText } from "./json-view";
import type { Usage, UsageBySide } from "./types";

const ROLES = new Set(["system", "user", "assistant", "tool"]);

function bubble(m: Message): HTMLElement {
  const role = ROLES.has(m.role) ? m.role : m.role === "function" ? "tool" : "other";
  return h(
    "div",
    { class: `msg msg-${role}${m.output ? " msg-output" : ""}`, testid: "message", attrs: { "data-role": role } },
    h("div", { class: "msg-head" }, h("span", { class: "msg-role" }, m.role), m.name ? h("span", { class: "muted small" }, m.name) : null,
      m.toolCallId ? h("span", { class: "muted small mono" }, `result of ${m.toolCallId}`) : null, m.output ? h("span", { class: "muted small" }, "output") : null),
    m.content !== "" ? longText(m.content, "msg-text") : null,
    attachmentStrip(m.attachments, "msg-attachments"),
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

/** "$0.0123" for a cost (three significant digits, never in exponent notation). */
export function formatCost(cost: number): string {
  if (cost >= 1) return `$${cost.toFixed(2)}`;
  if (cost > 0 && cost < 1e-6) return "< $0.000001";
  const short = String(Number(cost.toPrecision(3)));
  return `$${short.includes("e") ? cost.toFixed(8).replace(/0+$/, "") : short}`;
}

/** " for m1, m2" naming the models without a price, or "" when none is named. */
function unpricedNames(usage: Usage): string {
  const models = usage.unpriced_models ?? [];
  return models.length === 0 ? "" : ` for ${models.join(", ")}`;
}

/** The cost part of the facts: "$0.012", "~$0.012 estimated", "+ 2 calls with no price for m", or "no price for m". */
function costFacts(usage: Usage, testid: string): HTMLElement | null {
  const unpriced = usage.unpriced_calls ?? 0;
  const names = unpricedNames(usage);
  const title = `No price is known for ${names === "" ? "this model" : `the model${names}`}: its cost is unknown (not 0). Add one with --prices.`;
  const noPrice = unpriced > 0
    ? h("span", { class: "muted", testid: `${testid}-no-price`, attrs: { title } },
      usage.cost === null ? `no price${names}` : `+ ${unpriced} call${unpriced === 1 ? "" : "s"} with no price${names}`)
    : null;
  if (usage.cost === null) return noPrice ? h("span", { testid: `${testid}-cost` }, "Cost ", noPrice) : null;
  const estimated = usage.cost_basis === "estimated";
  return h("span", { testid: `${testid}-cost`, attrs: { "data-basis": usage.cost_basis ?? "unknown" } },
    "Cost ", h("b", null, `${estimated ? "~" : ""}${formatCost(usage.cost)}`),
    estimated ? h("span", { class: "muted", testid: `${testid}-estimated`, attrs: { title: "Priced from token counts an instrumentation estimated" } }, " estimated") : null,
    noPrice ? " " : null, noPrice);
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
  const cost = costFacts(usage, testid);
  if (cost) parts.push(cost);
  return parts.length > 0 ? h("span", { class: "usage", testid }, ...parts) : null;
}

/**
 * Tokens and cost of a run or session: the total when only the app made calls, else the app's and the
 * evaluation's (evaluators, LLM judges) apart ("App Tokens 80 · Cost $0.01 — Evaluation Tokens 40 · Cost $0.02").
 */
export function usageBySideFacts(total: Usage | null | undefined, bySide: UsageBySide | undefined, testid = "usage"): HTMLElement | null {
  if (!bySide?.evaluation) return usageFacts(total, testid);
  const app = usageFacts(bySide.app, `${testid}-app`);
  const evaluation = usageFacts(bySide.evaluation, `${testid}-evaluation`);
  return h("span", { class: "usage-sides", testid },
    h("span", { class: "usage-side" }, h("span", { class: "muted" }, "App "), app ?? h("span", { class: "muted", testid: `${testid}-app-none` }, "no model calls")),
    h("span", { class: "usage-side", attrs: { title: "Calls made by evaluators and LLM judges, not by the app under test" } }, h("span", { class: "muted" }, "Evaluation "), evaluation));
}
