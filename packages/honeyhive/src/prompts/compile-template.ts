/**
 * Prompt templates with Mustache (decision record 0042): `{{variable}}`, sections, no HTML escaping (an identity
 * escape passed per render; the global `Mustache.escape` is never touched), and the variable names a template uses,
 * read from `Mustache.parse` tokens, for strict mode.
 */
import Mustache from "mustache";
import { PromptVariablesError } from "./prompt-errors";

/** One chat message of a template. */
export interface PromptMessage {
  role: string;
  content: string;
}

/** A prompt template: one text, or chat messages. */
export type PromptTemplate = string | PromptMessage[];

/** Variables a template is compiled with. */
export type PromptVariables = Readonly<Record<string, unknown>>;

const RENDER_OPTIONS: Mustache.RenderOptions = { escape: (value: unknown) => String(value) };

type Tokens = ReturnType<typeof Mustache.parse>;

/** The top-level names of a template: `required` outside sections (and section names), `used` anywhere. */
function collectNames(tokens: Tokens, nested: boolean, names: { required: Set<string>; used: Set<string> }): void {
  for (const token of tokens) {
    const [type, value] = token;
    if (type !== "name" && type !== "&" && type !== "#" && type !== "^") continue;
    const root = value.split(".")[0] ?? value;
    if (root === "") continue; // `{{.}}`: the current item of a section
    names.used.add(root);
    if (!nested || type === "#" || type === "^") names.required.add(root);
    if ((type === "#" || type === "^") && Array.isArray(token[4])) collectNames(token[4], true, names);
  }
}

/** Why `template` cannot be compiled (the parser's message, with the position), or undefined when it can. */
export function templateProblem(template: PromptTemplate): string | undefined {
  const texts = typeof template === "string" ? [template] : template.map((m) => m.content);
  for (const [index, text] of texts.entries()) {
    try {
      Mustache.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return typeof template === "string" ? message : `message ${index} (${template[index]!.role}): ${message}`;
    }
  }
  return undefined;
}

/** The variable names a template uses (`required`: must be given in strict mode; `used`: may be given). */
export function templateVariables(template: PromptTemplate): { required: string[]; used: string[] } {
  const names = { required: new Set<string>(), used: new Set<string>() };
  const texts = typeof template === "string" ? [template] : template.map((m) => m.content);
  for (const text of texts) collectNames(Mustache.parse(text), false, names);
  return { required: [...names.required].sort(), used: [...names.used].sort() };
}

/** Throws one {@link PromptVariablesError} naming every missing and every unused variable. */
export function checkVariables(promptName: string, template: PromptTemplate, variables: PromptVariables): void {
  const { required, used } = templateVariables(template);
  const given = Object.keys(variables).filter((k) => variables[k] !== undefined);
  const missing = required.filter((name) => !given.includes(name));
  const unused = given.filter((name) => !used.includes(name)).sort();
  if (missing.length > 0 || unused.length > 0) throw new PromptVariablesError(promptName, missing, unused);
}

/** Renders a template (each message's content for chat templates) with no HTML escaping. */
export function renderTemplate<T extends PromptTemplate>(template: T, variables: PromptVariables): T {
  if (typeof template === "string") return Mustache.render(template, variables, {}, RENDER_OPTIONS) as T;
  return template.map((m) => ({ ...m, content: Mustache.render(m.content, variables, {}, RENDER_OPTIONS) })) as T;
}
