/**
 * The ended spans of one session, kept as they end so that the session's trace can be built in-process without
 * asking the backend (`agent-trace/`): evaluate()'s datapoint tracers keep their session's; online evaluation at
 * session scope keeps a watched session's. Holds references to the spans (already allocated, no copy), bounded by
 * `max`: further spans are counted, not kept.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_SESSION_ID } from "@honeyhive/core/semconv/attributes";

/** Most spans kept per session by default; the trace of a longer session says how many it left out. */
export const MAX_SESSION_SPANS = 10_000;

/** The ended spans of one session (see the module comment). */
export class SessionSpans {
  // allocated on first use: a datapoint that records no span keeps none
  #spans: ReadableSpan[] | undefined;
  #dropped = 0;

  /**
   * @param sessionId the session whose spans are kept (a span stamped with another session is not kept; one stamped
   *   with none is: routed here, it is of this session).
   */
  constructor(private readonly sessionId: () => string, private readonly max = MAX_SESSION_SPANS) {}

  /** Keeps an ended span (its final attributes are read when the trace is built). */
  add(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>): void {
    const session = attributes[ATTR_SESSION_ID];
    if (typeof session === "string" && session !== this.sessionId()) return;
    const spans = (this.#spans ??= []);
    if (spans.length >= this.max) this.#dropped++;
    else spans.push(span);
  }

  /** The spans kept, in the order they ended. */
  get spans(): readonly ReadableSpan[] {
    return this.#spans ?? [];
  }

  /** Spans not kept (beyond the bound). */
  get dropped(): number {
    return this.#dropped;
  }
}
