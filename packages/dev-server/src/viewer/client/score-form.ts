/**
 * A review card's scores: the feedback an event holds (each name with its value and comment), and a form that
 * records one score of the kinds `feedback()` accepts — a number, a category (text) or yes / no — with the card's
 * comment. The value is checked by the SDK's own rule (`feedbackProblem`) before it is sent, and the server checks
 * it again and writes it as `feedback()` does (`feedbackUpdate`).
 */
import { feedbackProblem, type FeedbackFields } from "@honeyhive/core/feedback/feedback-entry";
import { h, statusBadge } from "./dom";

/** The kinds of score the form offers. */
type ScoreKind = "number" | "category" | "boolean";

const COMPANION = /_(comment|meta)$/;

function valueBadge(name: string, value: unknown): HTMLElement {
  if (typeof value === "boolean") {
    const [yes, no] = name === "thumbs" ? ["↑ up", "↓ down"] : ["yes", "no"];
    return statusBadge(value ? yes : no, value ? "good" : "bad");
  }
  return h("b", { class: "mono" }, typeof value === "string" ? value : JSON.stringify(value) ?? "");
}

/** Each piece of feedback of an event: `name value “comment”`, or a note when there is none. */
export function feedbackList(feedback: Record<string, unknown>): HTMLElement {
  const names = Object.keys(feedback).filter((k) => !COMPANION.test(k));
  if (names.length === 0) return h("div", { class: "facts-line", testid: "review-feedback" }, "Feedback ", h("span", { class: "muted" }, "no feedback yet"));
  return h("div", { class: "facts-line", testid: "review-feedback" }, "Feedback ", ...names.map((name) => {
    const comment = feedback[`${name}_comment`];
    return h("span", { class: "feedback-item", testid: "review-feedback-item" }, h("span", { class: "muted" }, `${name} `), valueBadge(name, feedback[name]),
      typeof comment === "string" && comment ? h("span", { class: "muted", testid: "review-comment" }, ` “${comment}”`) : null);
  }));
}

/** The value a kind reads from the form's text (undefined: not a value of that kind). */
function valueOf(kind: ScoreKind, text: string, yes: boolean): FeedbackFields["value"] | undefined {
  if (kind === "boolean") return yes;
  if (kind === "category") return text.trim() === "" ? undefined : text.trim();
  return text.trim() === "" || !Number.isFinite(Number(text)) ? undefined : Number(text);
}

/** What the form sends: a piece of feedback, or why it cannot. */
export type ScoreInput = { fields: FeedbackFields } | { problem: string };

/** The score form; `submit` gets the checked feedback (the comment is read from `comment`). */
export function scoreForm(comment: HTMLTextAreaElement, submit: (fields: FeedbackFields) => void, report: (problem: string) => void): HTMLElement {
  const name = h("input", { class: "score-input", placeholder: "score name, e.g. rating", testid: "score-name", attrs: { maxlength: "64", "aria-label": "score name" } });
  const kind = h("select", { class: "score-input", testid: "score-kind", attrs: { "aria-label": "score kind" } },
    h("option", { value: "number" }, "number"), h("option", { value: "category" }, "category"), h("option", { value: "boolean" }, "yes / no"));
  const text = h("input", { class: "score-input", placeholder: "value", testid: "score-value", attrs: { "aria-label": "score value", maxlength: "256" } });
  const yes = h("select", { class: "score-input", testid: "score-yes-no", attrs: { "aria-label": "yes or no" } }, h("option", { value: "true" }, "yes"), h("option", { value: "false" }, "no"));
  const showKind = () => {
    const boolean = kind.value === "boolean";
    text.hidden = boolean;
    yes.hidden = !boolean;
    text.type = kind.value === "number" ? "number" : "text";
    text.step = "any";
  };
  kind.addEventListener("change", showKind);
  showKind();
  const send = () => {
    const input = readScore(name.value.trim(), kind.value as ScoreKind, text.value, yes.value === "true", comment.value.trim());
    if ("problem" in input) report(input.problem);
    else submit(input.fields);
  };
  return h("div", { class: "score-form", testid: "score-form" }, h("span", { class: "muted" }, "Score"), name, kind, text, yes,
    h("button", { class: "btn", type: "button", testid: "score-save", on: { click: send } }, "Save score"));
}

/** The feedback a filled form stands for, checked by the SDK's rule, or why it is not one. */
export function readScore(name: string, kind: ScoreKind, text: string, yes: boolean, comment: string): ScoreInput {
  const value = valueOf(kind, text, yes);
  if (value === undefined) return { problem: kind === "number" ? "the value must be a number" : "the value is empty" };
  const fields: FeedbackFields = { name, value, ...(comment !== "" ? { comment } : {}) };
  const problem = feedbackProblem(fields);
  return problem ? { problem } : { fields };
}
