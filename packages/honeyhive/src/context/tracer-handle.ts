import type { Context, Span as ApiSpan, Tracer } from "@opentelemetry/api";
import type { ReadableSpan, Span } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "../internal/logger";

/** Where a routed span goes when it ends: its tracer's pipeline. */
export interface SpanSink {
  /** Called while the span can still be changed (event-type inference, masking). */
  onSpanEnding(span: Span): void;
  /** Called once the span has ended. */
  onSpanEnd(span: ReadableSpan): void;
}

/** Body of a session update (`PUT /events` with `event_id` = the session id). */
export interface SessionUpdate {
  metadata?: Record<string, unknown>;
  feedback?: Record<string, unknown>;
  metrics?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  config?: Record<string, unknown>;
  user_properties?: Record<string, unknown>;
}

/**
 * What the layers below the tracer class (processing, instrumentation, enrichment, propagation) need from a
 * HoneyHive tracer. `HoneyHiveTracer` implements it; keeping it an interface keeps imports pointing downwards.
 */
export interface TracerHandle {
  /** The instance's own session id. */
  readonly sessionId: string;
  readonly logger: Logger;
  /** The OpenTelemetry tracer that creates spans (routing to this handle happens through context). */
  readonly otelTracer: Tracer;
  /** Eval ids and propagation settings of this tracer. */
  readonly settings: TracerHandleSettings;
  /**
   * Starts one of the SDK's own spans (wrappers, `startSpan`) for this tracer, already stamped, as a child of
   * the span in `parentContext`. A disabled or shut-down tracer returns a non-recording span.
   */
  startOwnSpan(name: string, parentContext: Context): ApiSpan;
  /** Stamps a span starting with this tracer in its parent context and returns where it ends up; undefined drops it. */
  onSpanStart(span: Span, parentContext: Context): SpanSink | undefined;
  /** Sends a session update; resolves false (never rejects) on failure. */
  updateSession(sessionId: string, update: SessionUpdate): Promise<boolean>;
  /** Starts a session on the backend in the background (for withSession). */
  startSession(sessionId: string, sessionName: string, fields: { inputs?: Record<string, unknown>; metadata?: Record<string, unknown> }): Promise<boolean>;
}

/** Settings of a tracer that lower layers read. */
export interface TracerHandleSettings {
  readonly runId: string | undefined;
  readonly datasetId: string | undefined;
  readonly datapointId: string | undefined;
  readonly trustIncomingSession: boolean;
  readonly propagateSessionId: boolean;
  readonly sessionName: string;
}

/** Brand carried by tracer objects, so wrappers can skip a tracer passed as an argument. */
export const TRACER_BRAND: unique symbol = Symbol.for("honeyhive.tracer");

/** True when `value` is a HoneyHive tracer (of any copy of this package). */
export function isTracerHandle(value: unknown): value is TracerHandle {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[TRACER_BRAND] === true;
}
