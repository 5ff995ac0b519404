import type { SpanContext } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

/**
 * The mark of a span that is a root of its HoneyHive session although it has an OpenTelemetry parent: the parent
 * is not in the span's session (span/session-boundary.ts decides it when the span starts). Only what HoneyHive
 * receives changes: the encoders leave its parent out, so the backend makes it a child of its session. The span's
 * real parent stays untouched, so the application's own exporters still see the true trace. `Symbol.for`: copies
 * of the package that share a span agree on the mark.
 */
const SESSION_ROOT = Symbol.for("honeyhive.session_root");

type Markable = { [SESSION_ROOT]?: true };

/** Marks `span` as a root of its HoneyHive session (written only on such spans: the common span never changes shape). */
export function markSessionRoot(span: object): void {
  try {
    (span as Markable)[SESSION_ROOT] = true;
  } catch {
    // a frozen or exotic span keeps its parent in the export too
  }
}

/** Whether `span` was marked a root of its HoneyHive session. */
export function isSessionRoot(span: object): boolean {
  return (span as Markable)[SESSION_ROOT] === true;
}

/** The parent span context HoneyHive receives for `span`: none for a root of its session, else its real parent. */
export function exportedParentOf(span: ReadableSpan): SpanContext | undefined {
  return isSessionRoot(span) ? undefined : span.parentSpanContext;
}
