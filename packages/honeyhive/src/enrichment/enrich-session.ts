import { discoverTracerHandle } from "../context/discover";
import { sessionIdFor } from "../context/session-scope";
import type { SessionUpdate, TracerReference } from "../context/tracer-handle";
import { sdkLogger } from "../internal/logger";
import { normalizeUuid } from "@honeyhive/core/ids/uuid";
import { toJsonSafe } from "./to-json-safe";
import { resolveLazy } from "./resolve-lazy";
import { warnNearMissKeys } from "./near-miss-keys";

/** Fields of {@link enrichSession}. Any other key is recorded as metadata (a near miss of a field, such as `metdata`, is also warned about once). */
export interface EnrichSessionParams {
  /** Target session. @defaultValue the session active in context for the tracer, else the tracer's own session */
  sessionId?: string;
  metadata?: Record<string, unknown>;
  feedback?: Record<string, unknown>;
  metrics?: Record<string, unknown>;
  /** Session outputs; a non-object value is recorded as `{ value }`. */
  outputs?: unknown;
  config?: Record<string, unknown>;
  userProperties?: Record<string, unknown>;
  /** Inputs are recorded under `metadata.inputs` (the update API has no inputs field). */
  inputs?: unknown;
  [extra: string]: unknown;
}

/** The fields of {@link EnrichSessionParams} (what a near-miss extra key is compared with). */
const FIELDS = ["sessionId", "metadata", "feedback", "metrics", "outputs", "config", "userProperties", "inputs"] as const;
const RESERVED: ReadonlySet<string> = new Set<string>([...FIELDS, "user_properties", "tracer"]);

function record(value: unknown): Record<string, unknown> | undefined {
  const resolved = resolveLazy(value);
  if (resolved === undefined || resolved === null) return undefined;
  const safe = toJsonSafe(resolved);
  if (typeof safe === "object" && safe !== null && !Array.isArray(safe)) return safe as Record<string, unknown>;
  return { value: safe };
}

/** Builds the `PUT /events` body fields of a session enrichment (without `event_id`). */
function sessionUpdateBody(params: EnrichSessionParams): SessionUpdate {
  const update: SessionUpdate = {};
  const metadata: Record<string, unknown> = { ...(record(params.metadata) ?? {}) };
  const inputs = resolveLazy(params.inputs);
  if (inputs !== undefined) metadata.inputs = toJsonSafe(inputs);
  for (const key of Object.keys(params)) if (!RESERVED.has(key)) metadata[key] = toJsonSafe(resolveLazy(params[key]));
  if (Object.keys(metadata).length > 0) update.metadata = metadata;
  const feedback = record(params.feedback);
  if (feedback) update.feedback = feedback;
  const metrics = record(params.metrics);
  if (metrics) update.metrics = metrics;
  const outputs = record(params.outputs);
  if (outputs) update.outputs = outputs;
  const config = record(params.config);
  if (config) update.config = config;
  const userProperties = record(params.userProperties ?? params.user_properties);
  if (userProperties) update.user_properties = userProperties;
  return update;
}

/**
 * Enriches a session (`PUT /events` with `event_id` = the session id). The session is the explicit
 * `sessionId`, else the one active in context for the discovered tracer, else that tracer's own. Resolves
 * true when the update was accepted; never rejects. Awaiting it waits for the backend (the session start, then
 * the update, each within its retry schedule); not awaited (`void enrichSession(…)`), the update is sent in the
 * background, and flush, shutdown and the exit flush wait for it.
 */
export function enrichSession(params: EnrichSessionParams = {}, tracer?: TracerReference): Promise<boolean> {
  return enrichSessionWith(params, tracer, false);
}

/**
 * {@link enrichSession} as the SDK's own background write (evaluate()'s final update of a datapoint's session): it may
 * wait for a run's open circuit breaker to close, which an application's call never does (it may be awaiting it).
 */
export function enrichSessionThroughOutage(params: EnrichSessionParams, tracer: TracerReference): Promise<boolean> {
  return enrichSessionWith(params, tracer, true);
}

function enrichSessionWith(params: EnrichSessionParams, tracer: TracerReference | undefined, waitThroughOutage: boolean): Promise<boolean> {
  // Not `async`: the promise returned is the session client's own, which holds the process only when awaited.
  const found = discoverTracerHandle(tracer).tracer;
  if (!found) {
    sdkLogger().warnOnce("enrichSession:no-tracer", "enrichSession: no HoneyHive tracer in context and no default tracer; nothing sent");
    return Promise.resolve(false);
  }
  try {
    if (typeof params === "object" && params !== null) warnNearMissKeys(params, FIELDS, RESERVED, "enrichSession", found.logger);
    const explicit = params?.sessionId;
    const sessionId = explicit !== undefined ? normalizeUuid(explicit) : sessionIdFor(found);
    if (!sessionId) {
      found.logger.warn("enrichSession: sessionId is not a valid UUID; nothing sent");
      return Promise.resolve(false);
    }
    const update = sessionUpdateBody(params ?? {});
    if (Object.keys(update).length === 0) return Promise.resolve(true);
    return found.updateSession(sessionId, update, waitThroughOutage);
  } catch (error) {
    found.logger.debug(`enrichSession failed: ${String(error)}`);
    return Promise.resolve(false);
  }
}
