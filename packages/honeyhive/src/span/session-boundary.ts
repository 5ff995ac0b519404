import { type Context, type Span, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_SESSION_ID } from "@honeyhive/core/semconv/attributes";
import { incomingSessionOf } from "../context/incoming-parent";
import { markSessionRoot } from "../otlp/session-root";
import { routeOf } from "./span-route";
import { recordCaller } from "./caller-link";

/** The HoneyHive session the SDK stamped on `parent` (read from the span, else from its live route), if any. */
function stampedSessionOf(parent: Span): unknown {
  const attributes = (parent as Partial<ReadableSpan>).attributes;
  const own = attributes?.[ATTR_SESSION_ID];
  return own !== undefined ? own : routeOf(parent)?.span.attributes[ATTR_SESSION_ID];
}

/**
 * Whether the parent span in `parentContext` is in HoneyHive session `sessionId`:
 * - a local parent is when the SDK stamped it with that session (a span routed to no HoneyHive tracer, one of
 *   another session, or a span context HoneyHive holds no record of is not);
 * - a remote parent (read from incoming headers by `extractContext`) is when its sender named that session in
 *   the baggage (a trusted incoming session the tracer adopted, or the same session configured on both sides).
 */
function parentInSession(parent: Span, parentContext: Context, sessionId: string): boolean {
  const context = parent.spanContext();
  if (context.isRemote === true) return incomingSessionOf(parentContext, context.spanId) === sessionId;
  return stampedSessionOf(parent) === sessionId;
}

/**
 * Decides, as `span` (of HoneyHive session `sessionId`) starts, whether it is a root of its session: it has a
 * parent, and that parent is not in the session. Such a span is marked (otlp/session-root.ts) and HoneyHive
 * receives it without a parent, so the backend makes it a child of its session; the span's real parent is kept
 * for every other exporter. Under a remote parent (another service's span), the span also records its caller
 * (`caller-link.ts`: a link and `caller_*` metadata), joined session or not, so the two stay connected. One context lookup and one attribute read per span. Never throws.
 */
export function markIfSessionRoot(span: object, parentContext: Context, sessionId: string): void {
  try {
    const parent = trace.getSpan(parentContext);
    if (parent === undefined) return; // (an invalid parent is left out anyway: marking such a span changes nothing)
    const caller = parent.spanContext();
    // the caller is recorded under every remote parent, the caller's session joined or not: with another project's
    // key the joined session's parent is not in this project, and the link is all that connects the two
    const joined = parentInSession(parent, parentContext, sessionId);
    if (caller.isRemote === true) recordCaller(span, caller, incomingSessionOf(parentContext, caller.spanId), !joined);
    if (!joined) markSessionRoot(span);
  } catch {
    // an exotic parent that cannot be read: the span keeps its parent
  }
}
