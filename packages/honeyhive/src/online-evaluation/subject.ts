import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_EVALUATOR, ATTR_EVENT_ID, ATTR_EVENT_NAME, ATTR_EVENT_TYPE, ATTR_SESSION_ID, namespacedKey } from "@honeyhive/core/semconv/attributes";
import { unflattenAttributes } from "@honeyhive/core/values/unflatten";
import { exportedParentOf } from "../otlp/session-root";
import type { OnlineEvaluationSubject } from "../config/online-evaluation-option";

/** Cost attributes a judge's model span may carry, in the order they are read. */
const COST_KEYS = ["gen_ai.usage.cost", "llm.usage.cost", namespacedKey("metrics", "cost")] as const;

/** The session of an ended span (the id the SDK stamped), if it has one. */
export function spanSessionId(span: ReadableSpan): string | undefined {
  const id = span.attributes[ATTR_SESSION_ID];
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** Whether the span is evaluation work (an evaluator's span or a judge's call): never evaluated itself. */
export function isEvaluationWork(span: ReadableSpan): boolean {
  return span.attributes[ATTR_EVALUATOR] !== undefined;
}

/** Whether the span is a root of its session (HoneyHive receives it without a parent). */
export function isSessionRootSpan(span: ReadableSpan): boolean {
  return exportedParentOf(span) === undefined;
}

/** The cost a judge's model span recorded (US dollars), or 0. */
export function spanCostUsd(span: ReadableSpan): number {
  for (const key of COST_KEYS) {
    const value = span.attributes[key];
    if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  }
  return 0;
}

function namespace(attributes: Readonly<Record<string, unknown>>, name: "inputs" | "outputs" | "metadata"): Record<string, unknown> {
  const prefix = namespacedKey(name, "").slice(0, -1);
  const bucket: Record<string, unknown> = {};
  for (const key of Object.keys(attributes)) if (key.startsWith(prefix + ".")) bucket[key] = attributes[key];
  return { ...(unflattenAttributes(bucket, prefix) ?? {}) };
}

/** What a subject is read from: an ended span's name and attributes (a queued subject keeps only these). */
export type SubjectSource = Pick<ReadableSpan, "name" | "attributes">;

/** The subject of an ended span: the span's event (`target: "span"`) or its session's. */
export function subjectOf(span: SubjectSource, sessionId: string, target: "span" | "session"): OnlineEvaluationSubject {
  const attributes = span.attributes;
  const explicitId = attributes[ATTR_EVENT_ID];
  const eventType = attributes[ATTR_EVENT_TYPE];
  const name = attributes[ATTR_EVENT_NAME];
  return {
    sessionId,
    eventId: target === "session" ? sessionId : String(explicitId),
    name: typeof name === "string" ? name : span.name,
    eventType: typeof eventType === "string" ? eventType : undefined,
    inputs: namespace(attributes, "inputs"),
    outputs: namespace(attributes, "outputs"),
    metadata: namespace(attributes, "metadata"),
  };
}
