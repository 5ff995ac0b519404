/**
 * Links spans to the prompt they were made with: `gen_ai.prompt.name` / `gen_ai.prompt.version` (OTel GenAI) and
 * HoneyHive's `config` (`honeyhive_config.prompt_name`, `prompt_version`, `prompt_env`, `prompt_config_id`).
 *
 * A span that starts takes the nearer (later applied) of two links: the one `withPrompt` set in its parent context,
 * and the one recorded on its parent span (inherited at that span's start, or set by `compile()` inside it). Both
 * travel with the span's own context and parent, so concurrent sessions never see each other's prompt.
 */
import { type Context, trace } from "@opentelemetry/api";
import { ATTR_GEN_AI_PROMPT_NAME, ATTR_GEN_AI_PROMPT_VERSION } from "@honeyhive/core/semconv/attributes";
import { PROMPT_CONFIG_KEYS } from "@honeyhive/core/prompts/event-prompt";
import { type PromptLink, promptLinkIn, promptLinksMade, promptOfSpan, recordSpanPrompt } from "./prompt-link";

/** A span that can take attributes (the SDK span and any OTel span). */
interface WritableSpan {
  setAttribute(key: string, value: string): unknown;
}

/** The attribute prefix of HoneyHive's `config` fields. */
const CONFIG = "honeyhive_config.";

/** Writes `link` on `span` and records it there for the span's children. */
export function stampPromptLink(span: WritableSpan, link: PromptLink): void {
  span.setAttribute(ATTR_GEN_AI_PROMPT_NAME, link.name);
  span.setAttribute(ATTR_GEN_AI_PROMPT_VERSION, link.version);
  span.setAttribute(`${CONFIG}${PROMPT_CONFIG_KEYS.name}`, link.name);
  span.setAttribute(`${CONFIG}${PROMPT_CONFIG_KEYS.version}`, link.version);
  span.setAttribute(`${CONFIG}${PROMPT_CONFIG_KEYS.env}`, link.env);
  if (link.configId !== "") span.setAttribute(`${CONFIG}${PROMPT_CONFIG_KEYS.configId}`, link.configId);
  recordSpanPrompt(span, link);
}

/** The link a span starting in `parentContext` inherits, if any (the nearer of `withPrompt`'s and its parent's). */
export function inheritedPromptLink(parentContext: Context): PromptLink | undefined {
  const scoped = promptLinkIn(parentContext);
  const parent = promptOfSpan(trace.getSpan(parentContext));
  if (scoped === undefined) return parent;
  return parent !== undefined && parent.order > scoped.order ? parent : scoped;
}

/**
 * As `span` starts: stamps the prompt it inherits from `parentContext`. Two lookups (context, parent record) when
 * there is none, and none at all in a process that never linked a prompt.
 */
export function stampInheritedPrompt(span: WritableSpan, parentContext: Context): void {
  if (!promptLinksMade()) return;
  const link = inheritedPromptLink(parentContext);
  if (link !== undefined) stampPromptLink(span, link);
}
