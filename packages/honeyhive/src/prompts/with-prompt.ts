/**
 * Links calls to a prompt. Inside `withPrompt(prompt, fn)` every span that starts (the SDK's own and every
 * instrumentation's) carries the prompt; `compile()` (and `toOpenAI()` etc.) inside a traced function links that
 * function's span and the spans that start under it afterwards. A fallback prompt is linked as version `fallback`.
 */
import { context, trace } from "@opentelemetry/api";
import { type PromptLink, newPromptLink, setPromptLink } from "./prompt-link";
import { routeOf } from "../span/span-route";
import { HoneyHiveSpan } from "../span/honeyhive-span";
import { stampInheritedPrompt, stampPromptLink } from "./prompt-stamp";
import { addSpanStartHook } from "../seam/span-start-hooks";
import { noteInternalError } from "../internal/guard";

/** What a link needs of a prompt (a {@link Prompt} has it). */
export interface LinkablePrompt {
  readonly name: string;
  readonly version: string;
  readonly env: string;
  readonly configId: string | null;
  readonly source: string;
}

/** A new link to `prompt`; the first one installs the stamp of links on the spans that start (a span start hook). */
function linkTo(prompt: LinkablePrompt): PromptLink {
  addSpanStartHook(stampInheritedPrompt);
  return newPromptLink(prompt);
}

/**
 * Runs `fn()` so that every model call and span inside it (nested async work included) carries `prompt`'s name and
 * version (`gen_ai.prompt.name`, `gen_ai.prompt.version`, `config.prompt_*`). Returns what `fn` returns.
 */
export function withPrompt<T>(prompt: LinkablePrompt, fn: () => T): T {
  let ctx = context.active();
  try {
    ctx = setPromptLink(ctx, linkTo(prompt));
  } catch (error) {
    noteInternalError(error); // a hostile prompt object: run fn unlinked
  }
  return context.with(ctx, fn);
}

/** `compile()` inside a traced function: links the active HoneyHive span (and its children from now on). Never throws. */
export function linkPromptToActiveSpan(prompt: LinkablePrompt): void {
  try {
    const span = trace.getSpan(context.active());
    if (span === undefined || !span.isRecording()) return;
    if (!(span instanceof HoneyHiveSpan) && routeOf(span) === undefined) return; // not a HoneyHive span: left alone
    stampPromptLink(span, linkTo(prompt));
  } catch (error) {
    noteInternalError(error);
  }
}
