/**
 * Span start hooks: functions a feature installs, process-wide, that see every span as it starts, with the context it
 * starts in — the SDK's own spans (`span/own-spans.ts`) and every span the span processor routes
 * (`processing/span-processor.ts`). A feature installs its hook when it is first used (prompts: at the first prompt
 * link), so a process that never uses it pays one length check per span.
 */
import type { Context } from "@opentelemetry/api";
import { noteInternalError } from "../internal/guard";

/** A span that can take attributes (the SDK's span and any OpenTelemetry span). */
export interface StartingSpan {
  setAttribute(key: string, value: string): unknown;
}

/** A span start hook: may write attributes on `span`; must not throw (a throw is caught and counted). */
export type SpanStartHook = (span: StartingSpan, parentContext: Context) => void;

let hooks: readonly SpanStartHook[] = [];

/** Installs `hook` (once: installing it again does nothing). */
export function addSpanStartHook(hook: SpanStartHook): void {
  if (!hooks.includes(hook)) hooks = [...hooks, hook];
}

/** Runs every installed hook on `span`, in the order they were installed. Never throws. */
export function runSpanStartHooks(span: StartingSpan, parentContext: Context): void {
  if (hooks.length === 0) return;
  for (const hook of hooks) {
    try {
      hook(span, parentContext);
    } catch (error) {
      noteInternalError(error);
    }
  }
}
