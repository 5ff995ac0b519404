/**
 * `feedbackToken(target, { ttlMs, names })`: a short-lived signed token the server side of an app hands to a browser,
 * which posts it with the feedback to the app's feedback route ({@link createFeedbackHandler}). The browser never
 * holds the API key.
 */
import { discoverTracerHandle } from "../context/discover";
import type { TracerReference } from "../context/tracer-handle";
import { readEnv } from "../internal/env";
import { sdkLogger } from "../internal/logger";
import { feedbackNameProblem, newIdempotencyKey } from "@honeyhive/core/feedback/feedback-entry";
import { type FeedbackTarget, resolveFeedbackTarget, spanEventId } from "./feedback-target";
import { signClaims } from "./token-signing";
import { DEFAULT_FEEDBACK_TOKEN_TTL_MS } from "./feedback-limits";

/** Options of {@link feedbackToken}. */
export interface FeedbackTokenOptions {
  /** How long the token is valid, in milliseconds (at most a week). @defaultValue 900000 (15 minutes) */
  ttlMs?: number;
  /** The feedback names the token allows. @defaultValue any name */
  names?: string[];
  /**
   * What the token is signed with; the handler must use the same. @defaultValue the API key (`apiKey`, the
   * discovered tracer's, else `HH_API_KEY`); only a key derived from it by HMAC signs, so the key is never in a token
   */
  secret?: string;
  /** API key to derive the signing key from when no `secret` is given. */
  apiKey?: string;
  /** The tracer whose API key and current session are used. @defaultValue active in context, else the default tracer */
  tracer?: TracerReference;
}

export { DEFAULT_FEEDBACK_TOKEN_TTL_MS };
const MAX_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The signing secret: `secret` > `apiKey` > the tracer's key > `HH_API_KEY`; undefined when there is none. */
export function feedbackSecret(options: { secret?: string; apiKey?: string }, tracerKey?: string): string | undefined {
  const secret = options.secret ?? options.apiKey ?? tracerKey ?? readEnv().HH_API_KEY;
  return typeof secret === "string" && secret !== "" ? secret : undefined;
}

function ttlOf(ttlMs: unknown): number | undefined {
  if (ttlMs === undefined) return DEFAULT_FEEDBACK_TOKEN_TTL_MS;
  return typeof ttlMs === "number" && Number.isFinite(ttlMs) && ttlMs > 0 && ttlMs <= MAX_TTL_MS ? ttlMs : undefined;
}

function tokenOptionsProblem(secret: string | undefined, ttl: number | undefined, names: unknown): string | undefined {
  if (!secret) return "no secret: give `secret` or `apiKey`, or set HH_API_KEY";
  if (ttl === undefined) return "ttlMs must be a positive number of milliseconds, at most a week";
  if (names !== undefined && (!Array.isArray(names) || names.some((name) => feedbackNameProblem(name) !== undefined))) return "names must be an array of feedback names";
  return undefined;
}

/**
 * Signs a feedback token for `target` (an event or session id, `{ eventId }`, `{ sessionId }`, or the current
 * `{ current: "session" }` / `{ current: "span" }`; the current span is given an event id it will be stored under).
 * Resolves undefined (and warns) when it cannot sign: no secret, a bad target, ttl or name. Never rejects: unknown
 * option keys were refused by the public entry (`lazy-api.ts`) before this code loads.
 */
export async function feedbackToken(target: FeedbackTarget, options: FeedbackTokenOptions = {}): Promise<string | undefined> {
  const given = options ?? {};
  const found = discoverTracerHandle(given.tracer).tracer;
  const logger = found?.logger ?? sdkLogger();
  try {
    const secret = feedbackSecret(given, found?.connection.apiKey);
    const ttl = ttlOf(given.ttlMs);
    const names = given.names;
    const problem = tokenOptionsProblem(secret, ttl, names);
    const resolved = problem ? undefined : resolveFeedbackTarget(target, found);
    if (problem || !resolved) {
      logger.warn(`feedbackToken: ${problem ?? "the target is not an event or session id, or there is no current span / session"}; no token`);
      return undefined;
    }
    const eventId = resolved.kind === "span" ? spanEventId(resolved.span) : resolved.id;
    const claims = { e: eventId, x: Date.now() + (ttl as number), ...(names ? { n: [...names] } : {}), i: newIdempotencyKey() };
    return await signClaims(claims, secret as string);
  } catch (error) {
    logger.warn(`feedbackToken failed: ${String(error)}`);
    return undefined;
  }
}
