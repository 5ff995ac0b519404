import { type Baggage, type Context, ROOT_CONTEXT, type TextMapGetter, type TextMapSetter, context, propagation, trace } from "@opentelemetry/api";
import { W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { setActiveTracer } from "../context/active-tracer";
import { setCallerEvalIds } from "../context/caller-eval-ids";
import { setIncomingParent } from "../context/incoming-parent";
import { sessionIdFor, setSessionScope } from "../context/session-scope";
import type { TracerHandle } from "../context/tracer-handle";
import { normalizeUuid } from "@honeyhive/core/ids/uuid";
import { SAFE_BAGGAGE_KEYS } from "@honeyhive/core/semconv/attributes";

/** HTTP-style headers: a plain object of header names to values. */
export type HeaderCarrier = Record<string, string | string[] | undefined>;

const traceContext = new W3CTraceContextPropagator();
const baggagePropagator = new W3CBaggagePropagator();
const SESSION_KEYS = ["session_id", "honeyhive_session_id", "honeyhive.session_id"];

const setter: TextMapSetter<HeaderCarrier> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

const getter: TextMapGetter<HeaderCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const direct = carrier[key] ?? carrier[key.toLowerCase()];
    if (direct !== undefined) return direct;
    const match = Object.keys(carrier).find((k) => k.toLowerCase() === key);
    return match === undefined ? undefined : carrier[match];
  },
};

/**
 * Writes `traceparent`, `tracestate` and `baggage` for an outgoing request. Baggage carries only the safe
 * keys (run_id, dataset_id, datapoint_id) and the session id only when the tracer opts in
 * (`propagateSessionId`). Never the tracer, project, source or key.
 */
export function injectTracerContext(tracer: TracerHandle, carrier: HeaderCarrier, ctx: Context = context.active()): HeaderCarrier {
  try {
    traceContext.inject(ctx, carrier, setter);
    const entries = outgoingBaggage(tracer, ctx);
    if (Object.keys(entries).length > 0) {
      baggagePropagator.inject(propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries)), carrier, setter);
    }
  } catch (error) {
    tracer.logger.debug(`injectContext failed: ${String(error)}`);
  }
  return carrier;
}

/** The baggage entries to send: the safe keys (the tracer's, else the incoming ones) and the session id when opted in. */
function outgoingBaggage(tracer: TracerHandle, ctx: Context): Record<string, { value: string }> {
  const incoming = propagation.getBaggage(ctx);
  const { settings } = tracer;
  const values: Record<string, string | undefined> = {
    run_id: settings.runId ?? incoming?.getEntry("run_id")?.value,
    dataset_id: settings.datasetId ?? incoming?.getEntry("dataset_id")?.value,
    datapoint_id: settings.datapointId ?? incoming?.getEntry("datapoint_id")?.value,
  };
  const entries: Record<string, { value: string }> = {};
  for (const key of SAFE_BAGGAGE_KEYS) {
    const value = values[key];
    if (value) entries[key] = { value };
  }
  if (settings.propagateSessionId) entries.session_id = { value: sessionIdFor(tracer, ctx) };
  return entries;
}

/**
 * Reads W3C trace context and baggage from incoming headers into a context in which `tracer` is active, so
 * spans continue the caller's trace. The caller's session is adopted only with `trustIncomingSession`;
 * baggage keeps only the safe keys. Malformed headers are ignored (noted in verbose mode).
 */
export function extractTracerContext(tracer: TracerHandle, carrier: HeaderCarrier, base: Context = context.active()): Context {
  let ctx = setActiveTracer(base, tracer);
  try {
    const withTrace = traceContext.extract(ctx, carrier, getter);
    if (getter.get(carrier, "traceparent") !== undefined && withTrace === ctx) tracer.logger.debug("extractContext: malformed traceparent ignored");
    const remote = withTrace === ctx ? undefined : trace.getSpanContext(withTrace);
    ctx = withTrace;
    const incoming = propagation.getBaggage(baggagePropagator.extract(ROOT_CONTEXT, carrier, getter));
    if (!incoming) return ctx;
    const raw = SESSION_KEYS.map((k) => incoming.getEntry(k)?.value).find((v) => v !== undefined);
    const sessionId = normalizeUuid(raw);
    // the remote parent is in the session its sender named: a span of that session keeps it (span/session-boundary.ts)
    if (sessionId && remote?.isRemote === true) ctx = setIncomingParent(ctx, { spanId: remote.spanId, sessionId });
    const joined = tracer.settings.trustIncomingSession === true && sessionId !== undefined;
    ctx = withEvalIds(ctx, safeEvalIds(incoming), joined);
    if (tracer.settings.trustIncomingSession) ctx = adoptSession(tracer, ctx, sessionId, raw);
  } catch (error) {
    tracer.logger.debug(`extractContext failed: ${String(error)}`);
  }
  return ctx;
}

/** The safe evaluation ids of incoming baggage, each at most 256 characters. */
function safeEvalIds(incoming: Baggage): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const key of SAFE_BAGGAGE_KEYS) {
    const value = incoming.getEntry(key)?.value;
    if (value) ids[key] = value.slice(0, 256);
  }
  return ids;
}

/**
 * The caller's evaluation ids in `ctx`: as baggage (its spans stamp them, and they travel on) when the service joins
 * the caller's session, else as the caller's only (span-stamp.ts), so that a session of the service's own never
 * counts as one of the caller's run's datapoints (a run's datapoints are the sessions stamped with its run id).
 */
function withEvalIds(ctx: Context, ids: Record<string, string>, joined: boolean): Context {
  if (Object.keys(ids).length === 0) return ctx;
  if (!joined) return setCallerEvalIds(ctx, ids);
  return propagation.setBaggage(ctx, propagation.createBaggage(Object.fromEntries(Object.entries(ids).map(([k, value]) => [k, { value }]))));
}

/** Adopts the caller's session (a session scope of `tracer`) when the baggage named a valid one. */
function adoptSession(tracer: TracerHandle, ctx: Context, sessionId: string | undefined, raw: string | undefined): Context {
  if (sessionId) return setSessionScope(ctx, { owner: tracer, sessionId });
  if (raw !== undefined) tracer.logger.debug("extractContext: incoming session id is not a UUID; ignored");
  return ctx;
}
