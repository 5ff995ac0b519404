/**
 * The ended spans of one session, kept as they end so that the session's trace can be built in-process without
 * asking the backend (`agent-trace/`): evaluate()'s datapoint tracers keep their session's; online evaluation at
 * session scope keeps a watched session's. Holds references to the spans (already allocated, no copy), bounded by
 * `max`: further spans are counted, not kept.
 *
 * Reading ahead (decision record 0082): once a run's evaluators have read a trace, the run installs a
 * {@link SpanReader} in its {@link ReadAheadHub} (evaluate()'s tracer group), and from then on each kept span is read
 * as it goes to export (its attributes final: after the mask and the sibling rule), so that building a trace is an
 * ordered walk over what was read. A span not read ahead (kept before the reader was installed, or still held for
 * its twin) is read when the trace is built, by the same rule. Tracers of a run whose evaluators read no trace never
 * read a span.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_SESSION_ID } from "@honeyhive/core/semconv/attributes";
import type { TraceEvent } from "@honeyhive/core/agent-trace/trace-types";

/** Most spans kept per session by default; the trace of a longer session says how many it left out. */
export const MAX_SESSION_SPANS = 10_000;

/** Reads an ended span as its session's trace reads it (supplied by `agent-trace/`). Never throws. */
export type SpanReader = (span: ReadableSpan) => TraceEvent;

/** Where the sessions of one run find the reader that reads their spans ahead (none until the run installs one). */
export interface ReadAheadHub {
  /** The installed reader, or undefined (spans are then read when the trace is built). */
  readonly spanReader: SpanReader | undefined;
  /** Installs the run's reader (the first one stays). */
  installSpanReader(reader: SpanReader): void;
}

/** A run's {@link ReadAheadHub}: no reader until the first is installed. */
export class RunSpanReader implements ReadAheadHub {
  #reader: SpanReader | undefined;

  get spanReader(): SpanReader | undefined {
    return this.#reader;
  }

  installSpanReader(reader: SpanReader): void {
    this.#reader ??= reader;
  }
}

/** The ended spans of one session (see the module comment). */
export class SessionSpans {
  // allocated on first use: a datapoint that records no span keeps none
  #spans: ReadableSpan[] | undefined;
  #dropped = 0;
  /** Kept spans waiting to be read at export (only while a reader is installed). */
  #awaiting: Set<ReadableSpan> | undefined;
  #read: Map<ReadableSpan, TraceEvent> | undefined;

  /**
   * @param sessionId the session whose spans are kept (a span stamped with another session is not kept; one stamped
   *   with none is: routed here, it is of this session).
   * @param hub where the run's reader is found (none: spans are read only when the trace is built).
   */
  constructor(private readonly sessionId: () => string, private readonly max = MAX_SESSION_SPANS, private readonly hub?: ReadAheadHub) {}

  /** Keeps an ended span (its final attributes are read at export when a reader is installed, else when the trace is built). */
  add(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>): void {
    const session = attributes[ATTR_SESSION_ID];
    if (typeof session === "string" && session !== this.sessionId()) return;
    const spans = (this.#spans ??= []);
    if (spans.length >= this.max) {
      this.#dropped++;
      return;
    }
    spans.push(span);
    if (this.hub?.spanReader !== undefined) (this.#awaiting ??= new Set()).add(span);
  }

  /** Reads a kept span ahead as it goes to export (its attributes are final), when the run has a reader. */
  exported(span: ReadableSpan): void {
    const reader = this.hub?.spanReader;
    if (reader === undefined || this.#awaiting?.delete(span) !== true) return;
    (this.#read ??= new Map()).set(span, reader(span));
  }

  /** What was read of `span` ahead, if it was. */
  eventOf(span: ReadableSpan): TraceEvent | undefined {
    return this.#read?.get(span);
  }

  /** Has the run read its sessions' spans ahead from now on (called once a trace of the run was read). */
  readAhead(reader: SpanReader): void {
    this.hub?.installSpanReader(reader);
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
