import type { Span, SpanContext } from "@opentelemetry/api";
import { ATTR_CALLER_SESSION_ID, ATTR_CALLER_SPAN_ID, ATTR_CALLER_TRACE_ID } from "@honeyhive/core/semconv/attributes";

/**
 * Records, on a span that starts a session of its own under a remote caller (a server span whose caller is in another
 * session, or named none), where it was called from: an OpenTelemetry link to the caller's span, and metadata naming
 * the caller's trace, span and, when the caller's headers named it (`propagateSessionId`), session. HoneyHive sends
 * such a span without its parent (it is a root of its session), so without this the two services' sessions could no
 * longer be connected. A span that joined its remote caller's session (`trustIncomingSession`) keeps its parent: it
 * gets the metadata only (`link` false), which still connects the two when the services report to different projects.
 * Never throws.
 */
export function recordCaller(span: object, caller: SpanContext, callerSessionId: string | undefined, link = true): void {
  const target = span as Partial<Pick<Span, "addLink" | "setAttribute">>;
  try {
    if (link) target.addLink?.({ context: caller });
  } catch {
    // a span of an SDK without links keeps the metadata below
  }
  try {
    target.setAttribute?.(ATTR_CALLER_TRACE_ID, caller.traceId);
    target.setAttribute?.(ATTR_CALLER_SPAN_ID, caller.spanId);
    if (callerSessionId !== undefined) target.setAttribute?.(ATTR_CALLER_SESSION_ID, callerSessionId);
  } catch {
    // an exotic span that refuses attributes: the link alone says it
  }
}
