/**
 * What feedback is about: an event id or a session id (a session is the event whose id is the session id), as a
 * string or as `{ eventId }` / `{ sessionId }`, or the current span / session (`{ current: "span" | "session" }`).
 */
import { trace as otelTrace, type Span } from "@opentelemetry/api";
import { ATTR_EVENT_ID } from "@honeyhive/core/semconv/attributes";
import { newUuid, normalizeUuid } from "@honeyhive/core/ids/uuid";
import { sessionIdFor } from "../context/session-scope";
import type { TracerHandle } from "../context/tracer-handle";

/** The target of {@link feedback} and {@link feedbackToken}. */
export type FeedbackTarget = string | { eventId: string } | { sessionId: string } | { current: "span" | "session" };

/** A target resolved: the id of a stored (or soon exported) event, or the active span itself. */
export type ResolvedTarget = { kind: "event"; id: string } | { kind: "span"; span: Span };

function field(target: object, key: string): unknown {
  return (target as Record<string, unknown>)[key];
}

/**
 * The event a target names; the current session is the one active for `tracer` (else its own); the current span is
 * the active recording span. Undefined when the target names nothing usable. Never throws.
 */
export function resolveFeedbackTarget(target: unknown, tracer: TracerHandle | undefined): ResolvedTarget | undefined {
  if (typeof target === "string") return eventTarget(target);
  if (typeof target !== "object" || target === null) return undefined;
  const current = field(target, "current");
  if (current === "session") return tracer ? eventTarget(sessionIdFor(tracer)) : undefined;
  if (current === "span") {
    const span = otelTrace.getActiveSpan();
    return span && span.isRecording() ? { kind: "span", span } : undefined;
  }
  return eventTarget(field(target, "eventId") ?? field(target, "sessionId"));
}

function eventTarget(id: unknown): ResolvedTarget | undefined {
  const normalized = normalizeUuid(id);
  return normalized ? { kind: "event", id: normalized } : undefined;
}

/**
 * The event id the active span will be stored under: the `honeyhive_event_id` it carries, else a new one set on it
 * (so a token can name the span's event before it is exported).
 */
export function spanEventId(span: Span): string {
  const attributes = (span as unknown as { attributes?: Record<string, unknown> }).attributes;
  const existing = normalizeUuid(attributes?.[ATTR_EVENT_ID]);
  if (existing) return existing;
  const id = newUuid();
  span.setAttribute(ATTR_EVENT_ID, id);
  return id;
}
