/**
 * What changed between two versions of a prompt (their canonical content, `prompt-version.ts`): a field diff of
 * the provider, the model, each hyperparameter, the tools and the response format, and a line diff of the template
 * (a message list as `[role]` headed blocks). Values compare by canonical JSON, so `{a, b}` equals `{b, a}`.
 */
import { stableJson } from "../values/stable-json";
import { lineDiff, type TemplateLine } from "./prompt-change";
import type { PromptContent } from "./prompt-version";

/** One field that differs: `model`, `provider`, `hyperparameters.<name>`, `tools` or `response_format`. */
export interface PromptFieldChange {
  readonly field: string;
  /** Absent when only the newer version has the field. */
  readonly before?: unknown;
  /** Absent when only the older version has it. */
  readonly after?: unknown;
}

/** How a prompt changed from one version to another. */
export interface PromptContentDiff {
  readonly fields: readonly PromptFieldChange[];
  /** The template's line diff; undefined when a template is too long to diff (both are then shown whole). */
  readonly template: readonly TemplateLine[] | undefined;
  /** True when the templates are equal. */
  readonly sameTemplate: boolean;
}

/** A template as text: a string as it is, a message list as `[role]` lines each followed by its content. */
export function promptTemplateText(template: unknown): string {
  if (typeof template === "string") return template;
  if (template === null || template === undefined) return "";
  if (Array.isArray(template) && template.every((m) => typeof m === "object" && m !== null)) {
    return template.map((m: Record<string, unknown>) => `[${String(m.role ?? "message")}]\n${typeof m.content === "string" ? m.content : stableJson(m.content) ?? ""}`).join("\n");
  }
  return JSON.stringify(template, null, 2) ?? "";
}

function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** The content's comparable fields: `[field, value]`, absent values (null, empty) left out. */
function fieldsOf(content: PromptContent): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (content.provider !== null) out.set("provider", content.provider);
  if (content.model !== null) out.set("model", content.model);
  for (const key of Object.keys(content.hyperparameters).sort()) out.set(`hyperparameters.${key}`, content.hyperparameters[key]);
  if (content.tools.length > 0) out.set("tools", content.tools);
  if (content.response_format !== null && content.response_format !== undefined) out.set("response_format", content.response_format);
  return out;
}

/** The fields that differ from `before` to `after`, in a stable order (the older version's fields first). */
export function promptFieldChanges(before: PromptContent, after: PromptContent): PromptFieldChange[] {
  const a = fieldsOf(before);
  const b = fieldsOf(after);
  const out: PromptFieldChange[] = [];
  for (const [field, value] of a) {
    if (!b.has(field)) out.push({ field, before: value });
    else if (!sameValue(value, b.get(field))) out.push({ field, before: value, after: b.get(field) });
  }
  for (const [field, value] of b) if (!a.has(field)) out.push({ field, after: value });
  return out;
}

/** The diff from `before` to `after`. */
export function promptContentDiff(before: PromptContent, after: PromptContent): PromptContentDiff {
  const oldText = promptTemplateText(before.template);
  const newText = promptTemplateText(after.template);
  return { fields: promptFieldChanges(before, after), template: lineDiff(oldText, newText), sameTemplate: oldText === newText };
}
