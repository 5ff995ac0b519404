/**
 * The Prompts page's version panels: one version's content (provider, model, parameters, tools, response format,
 * template) and the diff between two versions (core's field diff and template line diff). Every value is text.
 */
import { promptContentDiff, promptTemplateText, type PromptFieldChange } from "@honeyhive/core/prompts/prompt-content-diff";
import type { TemplateLine } from "@honeyhive/core/prompts/prompt-change";
import { h, statusBadge } from "./dom";
import { formatIso } from "./format";
import type { PromptVersionDetail } from "../shared/prompt-types";

/** A value as the panels print it: strings as they are, anything else as pretty JSON. */
function valueText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2) ?? "";
}

function valuePre(value: unknown, testid?: string): HTMLElement {
  return h("pre", { class: "diff-pre", ...(testid ? { testid } : {}) }, valueText(value));
}

function templateView(template: unknown): HTMLElement {
  if (Array.isArray(template) && template.every((m) => typeof m === "object" && m !== null)) {
    return h("div", { testid: "prompt-template" }, ...template.map((m: Record<string, unknown>) =>
      h("div", { class: "review-block" }, h("div", { class: "diff-label" }, String(m.role ?? "message")), valuePre(m.content ?? "", "prompt-template-message"))));
  }
  return valuePre(promptTemplateText(template) || "—", "prompt-template");
}

/** One version's content. */
export function promptVersionPanel(detail: PromptVersionDetail): HTMLElement {
  const { content } = detail;
  const hyper = Object.entries(content.hyperparameters);
  return h(
    "section",
    { class: "block prompt-panel", testid: "prompt-version-panel" },
    h("h2", null, detail.prompt.name, " @ ", h("span", { class: "mono", testid: "prompt-panel-version" }, detail.version)),
    h("div", { class: "facts-line" },
      h("span", null, "Saved ", h("b", null, formatIso(detail.saved_at))),
      ...detail.env.map((env) => statusBadge(env, "neutral"))),
    h("dl", { class: "facts" },
      h("dt", null, "Provider"), h("dd", { testid: "prompt-provider" }, content.provider ?? "—"),
      h("dt", null, "Model"), h("dd", { class: "mono", testid: "prompt-model" }, content.model ?? "—")),
    h("div", { class: "diff-label" }, "Parameters"),
    hyper.length === 0
      ? h("p", { class: "muted small", testid: "prompt-parameters" }, "none")
      : h("table", { class: "table table-dense prompt-params", testid: "prompt-parameters" },
        h("tbody", null, ...hyper.map(([key, value]) => h("tr", { testid: "prompt-parameter" }, h("td", { class: "mono" }, key), h("td", null, valuePre(value)))))),
    content.tools.length > 0 ? h("div", null, h("div", { class: "diff-label" }, `Tools (${content.tools.length})`), valuePre(content.tools, "prompt-tools")) : null,
    content.response_format !== null ? h("div", null, h("div", { class: "diff-label" }, "Response format"), valuePre(content.response_format, "prompt-response-format")) : null,
    h("div", { class: "diff-label" }, "Template"),
    templateView(content.template),
  );
}

function fieldRow(change: PromptFieldChange): HTMLElement {
  const side = (has: boolean, value: unknown, kind: "del" | "add") =>
    h("td", null, has ? h("pre", { class: `diff-pre diff-${kind}` }, valueText(value)) : h("span", { class: "muted" }, "—"));
  return h("tr", { testid: "prompt-field-change" },
    h("td", { class: "mono", testid: "prompt-field-name" }, change.field),
    side("before" in change, change.before, "del"),
    side("after" in change, change.after, "add"));
}

function templateDiff(lines: readonly TemplateLine[]): HTMLElement {
  const pre = h("pre", { class: "diff-pre", testid: "prompt-template-diff" });
  for (const line of lines) {
    const text = `${line.kind === "same" ? "  " : line.kind === "del" ? "- " : "+ "}${line.text}\n`;
    pre.append(line.kind === "same" ? document.createTextNode(text) : h("span", { class: `diff-${line.kind}`, testid: `prompt-line-${line.kind}` }, text));
  }
  return pre;
}

/** The changes from `older` to `newer`: fields that differ, then the template's line diff. */
export function promptDiffPanel(older: PromptVersionDetail, newer: PromptVersionDetail): HTMLElement {
  const diff = promptContentDiff(older.content, newer.content);
  return h(
    "section",
    { class: "block prompt-panel", testid: "prompt-diff-panel" },
    h("h2", null, "Changes ", h("span", { class: "mono" }, older.version), " → ", h("span", { class: "mono" }, newer.version)),
    diff.fields.length === 0
      ? h("p", { class: "muted", testid: "prompt-fields-same" }, "Provider, model and parameters are the same.")
      : h("table", { class: "table table-dense prompt-params", testid: "prompt-field-changes" },
        h("thead", null, h("tr", null, h("th", null, "Field"), h("th", null, older.version), h("th", null, newer.version))),
        h("tbody", null, ...diff.fields.map(fieldRow))),
    h("div", { class: "diff-label" }, "Template"),
    diff.sameTemplate
      ? h("p", { class: "muted", testid: "prompt-template-same" }, "The template is the same.")
      : diff.template
        ? templateDiff(diff.template)
        : h("div", null, h("p", { class: "muted" }, "The templates are too long to diff line by line; both are shown."), templateView(older.content.template), templateView(newer.content.template)),
  );
}
