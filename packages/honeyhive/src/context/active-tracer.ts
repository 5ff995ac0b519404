import { type Context, context, createContextKey } from "@opentelemetry/api";
import { setContextValue } from "./light-context";
import type { TracerHandle } from "./tracer-handle";

const ACTIVE_TRACER_KEY = createContextKey("honeyhive.active_tracer");

/** Returns a context in which `tracer` is the active HoneyHive tracer. */
export function setActiveTracer(ctx: Context, tracer: TracerHandle): Context {
  return setContextValue(ctx, ACTIVE_TRACER_KEY, tracer);
}

/** The HoneyHive tracer active in `ctx` (default: the current context), if any. */
export function getActiveTracer(ctx: Context = context.active()): TracerHandle | undefined {
  return ctx.getValue(ACTIVE_TRACER_KEY) as TracerHandle | undefined;
}

/** Runs `fn` with `tracer` active (on top of the current context). */
export function runWithTracer<T>(tracer: TracerHandle, fn: () => T): T {
  return context.with(setActiveTracer(context.active(), tracer), fn);
}
