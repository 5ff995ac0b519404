import { type Context, createContextKey } from "@opentelemetry/api";
import { setContextValue } from "../context/light-context";

const PROMPT_LINK_KEY = createContextKey("honeyhive.prompt_link");

/** The prompt a span was made with, as recorded on it (a fallback prompt has version `fallback`). */
export interface PromptLink {
  readonly name: string;
  readonly version: string;
  readonly env: string;
  /** The configuration's id; `""` when there is none (a fallback). */
  readonly configId: string;
  /** When the link was applied (a process-wide counter): of two links that reach one span, the later one is nearer. */
  readonly order: number;
}

let applied = 0;

/** A link for `prompt`, newer than every link made before it. */
export function newPromptLink(prompt: { name: string; version: string; env: string; configId: string | null; source: string }): PromptLink {
  const version = prompt.source === "fallback" ? "fallback" : String(prompt.version);
  return { name: String(prompt.name), version, env: String(prompt.env), configId: prompt.configId ?? "", order: ++applied };
}

/** False until the process made its first prompt link: spans then skip both lookups at their start. */
export function promptLinksMade(): boolean {
  return applied > 0;
}

/** Returns a context in which spans that start are linked to `link` (`withPrompt`). */
export function setPromptLink(ctx: Context, link: PromptLink): Context {
  return setContextValue(ctx, PROMPT_LINK_KEY, link);
}

/** The prompt link `withPrompt` set in `ctx`, if any. */
export function promptLinkIn(ctx: Context): PromptLink | undefined {
  return ctx.getValue(PROMPT_LINK_KEY) as PromptLink | undefined;
}

const spanLinks = new WeakMap<object, PromptLink>();

/** Records that `span` was made with `link` (its children that start afterwards inherit it). */
export function recordSpanPrompt(span: object, link: PromptLink): void {
  spanLinks.set(span, link);
}

/** The prompt `span` was made with, if one was recorded. */
export function promptOfSpan(span: object | undefined): PromptLink | undefined {
  return span === undefined ? undefined : spanLinks.get(span);
}
