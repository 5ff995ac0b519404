import type { NormalizeBudget } from "../normalize/budget";
import type { Context, Span as ApiSpan, Tracer } from "@opentelemetry/api";
import type { ReadableSpan, Span } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "../internal/logger";
import type { Resilience } from "../config/tracer-options";

/** Where a routed span goes when it ends: its tracer's pipeline. */
export interface SpanSink {
  /** Called while the span can still be changed (event-type inference, masking). */
  onSpanEnding(span: Span): void;
  /** Called once the span has ended. */
  onSpanEnd(span: ReadableSpan): void;
  /** Called when a third-party span routed to this sink starts (the sibling hold counts it open in its trace). */
  onSpanStart?(span: Span): void;
  /** Sends every span the sink still holds to export now (before a flush or a shutdown). */
  release?(): void;
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
  /** The public `HoneyHiveTracer` this engine serves (what discovery hands back to users). */
  readonly facade: object | undefined;
  readonly logger: Logger;
  /** The OpenTelemetry tracer that creates spans (routing to this handle happens through context). */
  readonly otelTracer: Tracer;
  /** Eval ids and propagation settings of this tracer. */
  readonly settings: TracerHandleSettings;
  /**
   * How values become this tracer's span attributes: strings and JSON bounded by its `maxAttributeBytes`, cuts counted
   * in `diagnostics().truncatedAttributes` (its export pipeline's {@link NormalizeBudget}).
   */
  readonly attributeBudget: Readonly<NormalizeBudget>;
  /** Where this tracer sends data and with which key, as resolved from its options and `HH_*` (for `diagnose()`). */
  readonly connection: { readonly apiKey: string | undefined; readonly ingestionApiKey?: string | undefined; readonly serverUrl: string };
  /** The part a feature added to this tracer (`seam/tracer-feature.ts`), by the feature's name; undefined when none. */
  featurePart?(name: string): object | undefined;
  /**
   * Starts one of the SDK's own spans (wrappers, `startSpan`) for this tracer, already stamped, as a child of
   * the span in `parentContext`. A disabled or shut-down tracer returns a non-recording span.
   */
  startOwnSpan(name: string, parentContext: Context): ApiSpan;
  /** Stamps a span starting with this tracer in its parent context and returns where it ends up; undefined drops it. */
  onSpanStart(span: Span, parentContext: Context): SpanSink | undefined;
  /**
   * Sends a session update; resolves false (never rejects) on failure; holds the process only while awaited.
   * `waitThroughOutage`: the SDK's own write, which may wait for a run's open circuit breaker (never an application's).
   */
  updateSession(sessionId: string, update: SessionUpdate, waitThroughOutage?: boolean): Promise<boolean>;
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
  /** How configuration errors are handled (`strict` throws); wrap sites check their options by it too. */
  readonly resilience: Resilience;
}

/**
 * Brand carried by tracer objects (the public tracer and its engine): its value is the engine, the
 * engine that lower layers work with. Wrappers also use it to skip a tracer passed as an argument.
 */
export const TRACER_BRAND: unique symbol = Symbol.for("honeyhive.tracer");

/**
 * A HoneyHive tracer as accepted by options and free functions (`trace(fn, { tracer })`, `enrichSpan(p, tracer)`):
 * a `HoneyHiveTracer`. Only the opaque brand is part of the type.
 */
export interface TracerReference {
  readonly [TRACER_BRAND]: unknown;
}

/** The engine behind a tracer (public tracer or engine of any copy of this package); undefined for anything else. Never throws. */
export function tracerHandleOf(value: unknown): TracerHandle | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  try {
    const handle = (value as Record<symbol, unknown>)[TRACER_BRAND];
    return typeof handle === "object" && handle !== null ? (handle as TracerHandle) : undefined;
  } catch {
    return undefined;
  }
}

/** True when `value` is a HoneyHive tracer or tracer engine (of any copy of this package). Never throws. */
export function isTracerHandle(value: unknown): boolean {
  return tracerHandleOf(value) !== undefined;
}
