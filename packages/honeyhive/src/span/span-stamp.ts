import { type AttributeValue, type Attributes, type Context, propagation } from "@opentelemetry/api";
import { callerEvalIdsOf } from "../context/caller-eval-ids";
import {
  ATTR_CALLER_DATAPOINT_ID, ATTR_CALLER_DATASET_ID, ATTR_CALLER_RUN_ID, ATTR_DATAPOINT_ID, ATTR_DATASET_ID, ATTR_PROJECT, ATTR_RUN_ID, ATTR_SESSION_ID, ATTR_SOURCE,
  ATTR_TL_PROJECT, ATTR_TL_SESSION_ID, ATTR_TL_SOURCE,
} from "@honeyhive/core/semconv/attributes";

/** What a tracer stamps on every span it owns. */
export interface StampFields {
  readonly sessionId: string;
  readonly source: string;
  readonly project: string | undefined;
  readonly runId: string | undefined;
  readonly datasetId: string | undefined;
  readonly datapointId: string | undefined;
}

/**
 * The core attributes of a span of session `sessionId`, in stamp order (session, source, project with their traceloop
 * twins, then eval ids; `fields.sessionId` is not read), written into `into` (a new object); returns how many.
 */
export function buildStamp(sessionId: string, fields: Omit<StampFields, "sessionId">, into: Attributes): number {
  into[ATTR_SESSION_ID] = sessionId;
  into[ATTR_TL_SESSION_ID] = sessionId;
  into[ATTR_SOURCE] = fields.source;
  into[ATTR_TL_SOURCE] = fields.source;
  let written = 4;
  if (fields.project) {
    into[ATTR_PROJECT] = fields.project;
    into[ATTR_TL_PROJECT] = fields.project;
    written += 2;
  }
  if (fields.runId) {
    into[ATTR_RUN_ID] = fields.runId;
    written++;
  }
  if (fields.datasetId) {
    into[ATTR_DATASET_ID] = fields.datasetId;
    written++;
  }
  if (fields.datapointId) {
    into[ATTR_DATAPOINT_ID] = fields.datapointId;
    written++;
  }
  return written;
}

/** A span that takes attributes and exposes them (the OpenTelemetry SDK span and the light span both do). */
export interface StampableSpan {
  readonly attributes: Attributes;
  setAttribute(key: string, value: AttributeValue): unknown;
}

const BAGGAGE_EVAL_KEYS: readonly [string, string][] = [
  ["run_id", ATTR_RUN_ID],
  ["dataset_id", ATTR_DATASET_ID],
  ["datapoint_id", ATTR_DATAPOINT_ID],
];

const CALLER_EVAL_KEYS: readonly [string, string][] = [
  ["run_id", ATTR_CALLER_RUN_ID],
  ["dataset_id", ATTR_CALLER_DATASET_ID],
  ["datapoint_id", ATTR_CALLER_DATAPOINT_ID],
];

/**
 * Copies eval ids from incoming W3C baggage (only the safe keys) onto a span that lacks them, and the ids of a remote
 * caller whose session the span's service did not join as the caller's (`caller_run_id`, …: context/caller-eval-ids.ts).
 */
export function applyBaggageEvalIds(span: StampableSpan, parentContext: Context): void {
  const caller = callerEvalIdsOf(parentContext);
  if (caller !== undefined) {
    for (const [entryKey, attribute] of CALLER_EVAL_KEYS) {
      const value = caller[entryKey];
      if (value !== undefined && span.attributes[attribute] === undefined) span.setAttribute(attribute, value);
    }
  }
  const baggage = propagation.getBaggage(parentContext);
  if (!baggage) return;
  for (const [entryKey, attribute] of BAGGAGE_EVAL_KEYS) {
    if (span.attributes[attribute] !== undefined) continue;
    const value = baggage.getEntry(entryKey)?.value;
    if (value) span.setAttribute(attribute, value.slice(0, 256));
  }
}
