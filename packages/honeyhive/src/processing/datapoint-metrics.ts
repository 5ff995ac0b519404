/**
 * The metric values written inside one datapoint's session of evaluate(): every span of the session's
 * `honeyhive_metrics.*` (the function's own `enrichSpan({ metrics })`, a traced function's `trace(fn, { metrics })`,
 * the evaluators' scores on the datapoint's span) and the session's own `enrichSession({ metrics })`, read as the
 * server will read the stored events (`core/verdict/event-metrics`). evaluate() judges and aggregates them as the
 * server's run summary does. Only evaluate()'s datapoint tracers collect; memory is bounded ({@link MAX_DATAPOINT_METRICS}).
 */
import { ATTR_SESSION_ID } from "@honeyhive/core/semconv/attributes";
import { eventNameOf } from "@honeyhive/core/semconv/event-name";
import { spanEventType } from "@honeyhive/core/semconv/event-type";
import { scalarMetrics, spanMetrics } from "@honeyhive/core/verdict/event-metrics";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** Most metric values kept per datapoint; further ones are counted in `dropped`. */
export const MAX_DATAPOINT_METRICS = 1_000;

/** One metric value of one event of a datapoint's session, keyed as the server keys it. */
export interface CollectedMetric {
  name: string;
  eventName: string;
  eventType: string;
  value: number | boolean;
  /** The span it was written on (absent for the session event's). */
  spanId?: string;
}

/** Collects the metric values of one datapoint's session (see the module comment). */
export class DatapointMetrics {
  readonly #spans: CollectedMetric[] = [];
  /** The session event's metrics: each update merges into them, later values winning (as the server merges). */
  readonly #session = new Map<string, CollectedMetric>();
  #dropped = 0;

  /** @param sessionId the datapoint's session (spans of another session are not its events). */
  constructor(private readonly sessionId: () => string) {}

  /** Values not kept (beyond {@link MAX_DATAPOINT_METRICS}). */
  get dropped(): number {
    return this.#dropped;
  }

  #room(): boolean {
    if (this.#spans.length + this.#session.size < MAX_DATAPOINT_METRICS) return true;
    this.#dropped++;
    return false;
  }

  /** Reads an ended span's metrics (its final attributes: typed, named and masked). */
  fromSpan(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>): void {
    const sessionId = attributes[ATTR_SESSION_ID];
    if (typeof sessionId === "string" && sessionId !== this.sessionId()) return;
    const metrics = spanMetrics(attributes);
    if (metrics.length === 0) return;
    const eventName = eventNameOf(attributes, span.name) || "unknown";
    const eventType = spanEventType(attributes, span.name, span.instrumentationScope?.name);
    const spanId = span.spanContext().spanId;
    for (const { name, value } of metrics) if (this.#room()) this.#spans.push({ name, eventName, eventType, value, spanId });
  }

  /** Notes a session update's metrics (`enrichSession({ metrics })` of the datapoint's session). */
  fromSession(sessionId: string, metrics: unknown, sessionName: string): void {
    if (sessionId !== this.sessionId()) return;
    for (const { name, value } of scalarMetrics(metrics)) {
      const known = this.#session.get(name);
      if (known) known.value = value;
      else if (this.#room()) this.#session.set(name, { name, eventName: sessionName, eventType: "session", value });
    }
  }

  /** Every value collected: the session event's, then the spans' in the order they ended. */
  values(): CollectedMetric[] {
    return [...this.#session.values(), ...this.#spans];
  }
}
