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
import { type ScalarMetric, scalarMetrics, spanMetrics } from "@honeyhive/core/verdict/event-metrics";
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

/** The metric values of one ended span, kept as read; its event's name and type are read only when asked for. */
interface SpanEntry {
  span: ReadableSpan;
  attributes: Readonly<Record<string, unknown>>;
  metrics: ScalarMetric[];
}

/** Values to leave out of {@link DatapointMetrics.values}: those named in `names` on the span `spanId`. */
export interface ExcludedMetrics {
  spanId: string | undefined;
  names: Readonly<Record<string, unknown>>;
}

/** Collects the metric values of one datapoint's session (see the module comment). */
export class DatapointMetrics {
  // allocated on first use: most datapoints' sessions have only their evaluators' scores
  #spans: SpanEntry[] | undefined;
  #spanValues = 0;
  /** The session event's metrics: each update merges into them, later values winning (as the server merges). */
  #session: Map<string, CollectedMetric> | undefined;
  #dropped = 0;

  /**
   * @param sessionId the datapoint's session (spans of another session are not its events).
   * @param onModelEvent told of each model event the datapoint's tracer exports (evaluate()'s cost budget).
   */
  constructor(private readonly sessionId: () => string, private readonly onModelEvent?: (span: ReadableSpan) => void) {}

  /** Notes an exported span (once per model call, after the one-model-event-per-call rules): model events go on. */
  exported(span: ReadableSpan, isModelEvent: boolean): void {
    if (isModelEvent) this.onModelEvent?.(span);
  }

  /** Values not kept (beyond {@link MAX_DATAPOINT_METRICS}). */
  get dropped(): number {
    return this.#dropped;
  }

  #room(): number {
    return Math.max(0, MAX_DATAPOINT_METRICS - this.#spanValues - (this.#session?.size ?? 0));
  }

  /** Reads an ended span's metrics (its final attributes: typed, named and masked). */
  fromSpan(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>): void {
    const sessionId = attributes[ATTR_SESSION_ID];
    if (typeof sessionId === "string" && sessionId !== this.sessionId()) return;
    let metrics = spanMetrics(attributes);
    if (metrics.length === 0) return;
    const room = this.#room();
    if (metrics.length > room) {
      this.#dropped += metrics.length - room;
      metrics = metrics.slice(0, room);
      if (metrics.length === 0) return;
    }
    this.#spanValues += metrics.length;
    (this.#spans ??= []).push({ span, attributes, metrics });
  }

  /** Notes a session update's metrics (`enrichSession({ metrics })` of the datapoint's session). */
  fromSession(sessionId: string, metrics: unknown, sessionName: string): void {
    if (sessionId !== this.sessionId()) return;
    for (const { name, value } of scalarMetrics(metrics)) {
      const known = this.#session?.get(name);
      if (known) known.value = value;
      else if (this.#room() > 0) (this.#session ??= new Map()).set(name, { name, eventName: sessionName, eventType: "session", value });
      else this.#dropped++;
    }
  }

  /**
   * Every value collected: the session event's, then the spans' in the order they ended; without those `exclude`
   * names (the evaluators' scores on the datapoint's span, which the caller has already).
   */
  values(exclude?: ExcludedMetrics): CollectedMetric[] {
    const out = this.#session === undefined ? [] : [...this.#session.values()];
    for (const { span, attributes, metrics } of this.#spans ?? []) {
      const spanId = span.spanContext().spanId;
      const skip = exclude !== undefined && exclude.spanId === spanId ? exclude.names : undefined;
      let eventName: string | undefined;
      let eventType = "";
      for (const { name, value } of metrics) {
        if (skip !== undefined && Object.prototype.hasOwnProperty.call(skip, name)) continue;
        if (eventName === undefined) {
          eventName = eventNameOf(attributes, span.name) || "unknown";
          eventType = spanEventType(attributes, span.name, span.instrumentationScope?.name);
        }
        out.push({ name, eventName, eventType, value, spanId });
      }
    }
    return out;
  }
}
