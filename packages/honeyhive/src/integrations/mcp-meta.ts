/**
 * The caller's context in an MCP request's `params._meta` (the convention the GenAI conventions name for MCP):
 * W3C `traceparent` / `tracestate`, and `baggage` with the safe keys only (and the session id when the tracer opts in
 * with `propagateSessionId`), the same rule as `injectContext` (propagation/w3c-context.ts). The server side reads it
 * back: a caller in this very process (an in-memory transport, or a Streamable HTTP server the app runs itself) is
 * continued with its own context, so the server's spans join its trace and session; a caller in another process is
 * continued as `extractContext` continues one (its trace, and its session with `trustIncomingSession`).
 */
import { type Context, context, trace } from "@opentelemetry/api";
import { discoverTracerHandle } from "../context/discover";
import { type HeaderCarrier, extractTracerContext, injectTracerContext } from "../propagation/w3c-context";

/** The `_meta` property bag of an MCP request. */
export type McpMeta = Record<string, unknown>;

/** The keys the caller's context travels under. */
const CONTEXT_KEYS = ["traceparent", "tracestate", "baggage"] as const;
/** Calls in flight whose context a server of this process can continue (bounded: beyond it, the W3C path only). */
const MAX_IN_FLIGHT = 10_000;
/** Calls in flight by `<trace id>-<span id>` of the span they were sent under (several requests may share one span). */
const inFlight = new Map<string, { ctx: Context; calls: number }>();
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `meta` (a request's `_meta`, possibly absent) with the current context written into a copy; the caller's object is
 * never changed. Without a HoneyHive tracer, `meta` unchanged.
 */
export function metaWithContext(meta: unknown, ctx: Context = context.active()): McpMeta | undefined {
  const { tracer } = discoverTracerHandle();
  if (tracer === undefined) return isRecord(meta) ? meta : undefined;
  const headers = injectTracerContext(tracer, {}, ctx);
  return { ...(isRecord(meta) ? meta : {}), ...headers };
}

/**
 * Records `ctx` (the context an MCP request is sent in) for a server of this process until the returned function is
 * called (once per request; requests sent under one span share its entry until the last one settles).
 */
export function noteCallInFlight(ctx: Context): () => void {
  const span = trace.getSpan(ctx)?.spanContext();
  if (span === undefined) return () => undefined;
  const key = `${span.traceId}-${span.spanId}`;
  const entry = inFlight.get(key);
  if (entry !== undefined) entry.calls++;
  else if (inFlight.size >= MAX_IN_FLIGHT) return () => undefined;
  else inFlight.set(key, { ctx, calls: 1 });
  let settled = false;
  return () => {
    if (settled) return;
    settled = true;
    const current = inFlight.get(key);
    if (current !== undefined && --current.calls <= 0) inFlight.delete(key);
  };
}

/** The context-carrying entries of `meta` that are strings. */
function carrierOf(meta: Record<string, unknown>): HeaderCarrier {
  const carrier: HeaderCarrier = {};
  for (const key of CONTEXT_KEYS) {
    const value = meta[key];
    if (typeof value === "string") carrier[key] = value;
  }
  return carrier;
}

/** The context of a call of this process that `traceparent` names, if it is still in flight. */
function callerInProcess(traceparent: string | string[] | undefined): Context | undefined {
  const match = typeof traceparent === "string" ? TRACEPARENT.exec(traceparent.trim().toLowerCase()) : null;
  return match === null ? undefined : inFlight.get(`${match[1]}-${match[2]}`)?.ctx;
}

/**
 * The context an MCP server runs a request in: the caller's own context when the caller is in this process, else the
 * W3C context read from `meta` for the HoneyHive tracer found here (active, else the default), else `base`. Never
 * throws.
 */
export function contextFromMeta(meta: unknown, base: Context = context.active()): Context {
  try {
    if (!isRecord(meta)) return base;
    const carrier = carrierOf(meta);
    if (carrier.traceparent === undefined) return base;
    const local = callerInProcess(carrier.traceparent);
    if (local !== undefined) return local;
    const { tracer } = discoverTracerHandle(undefined);
    return tracer === undefined ? base : extractTracerContext(tracer, carrier, base);
  } catch {
    return base;
  }
}
