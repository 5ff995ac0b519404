import { type Context, createContextKey } from "@opentelemetry/api";
import { setContextValue } from "./light-context";
import type { TracerHandle } from "./tracer-handle";

const OWN_SPAN_START_KEY = createContextKey("honeyhive.own_span_start");

/**
 * The explicit mark of one of the SDK's own spans being started through an application's provider: put in the
 * parent context given to that provider's `startSpan` only (never in a context that code runs in), it names
 * the tracer the span belongs to, and the HoneyHiveSpanProcessor that routes the span records it here, so the
 * SDK knows the span was routed even when another processor threw before `startSpan` returned.
 */
export interface OwnSpanStart {
  readonly tracer: TracerHandle;
  /** The span, once a HoneyHiveSpanProcessor routed it. */
  routed: object | undefined;
}

/** `ctx` marked with `start` (see {@link OwnSpanStart}). */
export function markOwnSpanStart(ctx: Context, start: OwnSpanStart): Context {
  return setContextValue(ctx, OWN_SPAN_START_KEY, start);
}

/** The own-span mark in `ctx`, if any. */
export function ownSpanStartOf(ctx: Context): OwnSpanStart | undefined {
  return ctx.getValue(OWN_SPAN_START_KEY) as OwnSpanStart | undefined;
}
