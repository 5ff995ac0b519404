import { guard } from "../internal/guard";
import { describeValue } from "../internal/describe-value";
import { type Logger, warnOncePerProcess } from "../internal/logger";

/**
 * The one rule for an event type the user gives (`trace()`/decorator/`traceFunction` options, `tracer.startSpan()`
 * options): HoneyHive's API knows `session`, `model`, `chain` and `tool`, and every one of these calls makes a span
 * inside a session, so `model`, `chain` and `tool` are the values to give. A case-insensitive, trimmed match becomes
 * the canonical lowercase type (`"MODEL"`, `" Chain "`); nothing given is `tool` (a bare trace's type); anything
 * else (`"retriever"`, `"session"`, a non-string) is recorded as `tool` with one warning per process naming the
 * allowed values and the value given. The 1.0 SDK lowercased these three too and dropped anything else.
 *
 * Spans of other libraries and SDKs are not read by this rule: their explicit `honeyhive_event_type` is taken as
 * written (`spanEventType` in `@honeyhive/core/semconv/event-type`).
 */
export const USER_EVENT_TYPES = ["model", "chain", "tool"] as const;

/** An event type a user-made span records. */
export type UserEventType = (typeof USER_EVENT_TYPES)[number];

/** The event type of a span started without one. */
export const DEFAULT_EVENT_TYPE: UserEventType = "tool";

/**
 * `value` by the rule above. `site` names where it was given (`trace("answer")`, `startSpan("retrieve")`); it and
 * `logger` (the tracer's, else the SDK's) are called only when there is something to warn about.
 */
export function userEventType(value: unknown, site: () => string, logger: () => Logger): UserEventType {
  if (value === undefined || value === null || value === "") return DEFAULT_EVENT_TYPE;
  const key = typeof value === "string" ? value.trim().toLowerCase() : undefined;
  if (key === "model" || key === "chain" || key === "tool") return key;
  guard(() => warnOncePerProcess(logger(), `${site()}: eventType must be "model", "chain" or "tool", in any case (got ${describeValue(value)}); recorded as "${DEFAULT_EVENT_TYPE}"`), undefined);
  return DEFAULT_EVENT_TYPE;
}
