/**
 * `feedback(target, { name, value, comment }, { idempotencyKey })`: records end-user feedback on an event or a
 * session through the discovered tracer (explicit > active in context > default), like `enrichSession`.
 */
import { discoverTracerHandle } from "../context/discover";
import type { TracerReference } from "../context/tracer-handle";
import { sdkLogger } from "../internal/logger";
import { enrichSpan } from "../enrichment/enrich-span";
import { type FeedbackFields, feedbackProblem, feedbackUpdate, newIdempotencyKey } from "@honeyhive/core/feedback/feedback-entry";
import { type FeedbackTarget, resolveFeedbackTarget } from "./feedback-target";
import { FEEDBACK_FIELD_KEYS, FEEDBACK_OPTION_KEYS, checkFeedbackOptions } from "./feedback-options";

/** Options of {@link feedback}. */
export interface FeedbackOptions {
  /**
   * Names this piece of feedback; recorded with it (`feedback.<name>_meta.idempotency_key`). Giving the same key
   * again (a retry) writes exactly the same state. @defaultValue a new random key per call
   */
  idempotencyKey?: string;
  /** The tracer whose backend and key are used. @defaultValue the tracer active in context, else the default tracer */
  tracer?: TracerReference;
}

/**
 * Records feedback on `target` (an event or session id, `{ eventId }`, `{ sessionId }`, or `{ current: "session" }` /
 * `{ current: "span" }`): `feedback.<name>` = value, `feedback.<name>_comment`, `feedback.<name>_meta`. A later
 * call with the same name replaces the earlier value (one value per name and event). The current span is enriched in
 * place (its feedback leaves with it); anything else is a `PUT /v1/events/{id}`. Resolves true when recorded;
 * never rejects. An unknown key of `fields` or `options` warns once naming the closest key and is ignored; it throws
 * a `HoneyHiveConfigError` only in strict mode (`resilience: "strict"`, `HH_RESILIENCE=strict`).
 */
export function feedback(target: FeedbackTarget, fields: FeedbackFields, options: FeedbackOptions = {}): Promise<boolean> {
  const found = discoverTracerHandle(options?.tracer).tracer;
  const logger = found?.logger ?? sdkLogger();
  checkFeedbackOptions([[fields, FEEDBACK_FIELD_KEYS, "feedback(): fields"], [options, FEEDBACK_OPTION_KEYS, "feedback(): options"]], found);
  try {
    const problem = feedbackProblem(fields);
    if (problem) {
      logger.warn(`feedback: ${problem}; nothing sent`);
      return Promise.resolve(false);
    }
    const resolved = resolveFeedbackTarget(target, found);
    if (!resolved) {
      logger.warn("feedback: the target is not an event or session id (a UUID), { eventId }, { sessionId } or an active { current } span or session; nothing sent");
      return Promise.resolve(false);
    }
    const update = feedbackUpdate(fields, options?.idempotencyKey ?? newIdempotencyKey());
    if (resolved.kind === "span") return Promise.resolve(enrichSpan({ feedback: update }, options?.tracer));
    if (!found) {
      logger.warn("feedback: no HoneyHive tracer in context and no default tracer; nothing sent");
      return Promise.resolve(false);
    }
    return found.updateSession(resolved.id, { feedback: update });
  } catch (error) {
    logger.debug(`feedback failed: ${String(error)}`);
    return Promise.resolve(false);
  }
}
