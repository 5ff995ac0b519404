/**
 * What one trial of a datapoint came to (`TrialOutcome`) and the datapoint's result made from it: its status, outputs,
 * scores, event metrics, duration (its span's) and verdict.
 */
import type { HrTime } from "@opentelemetry/api";
import { hrTimeToMilliseconds } from "@opentelemetry/core";
import { NO_FIELDS } from "../internal/no-fields";
import { datapointPassed } from "@honeyhive/core/verdict/datapoint-verdict";
import type { PassingRanges } from "@honeyhive/core/verdict/passing-range";
import type { EvaluatorsOutcome } from "./run-evaluators";
import type { SessionMetricValues } from "./tracer-contract";
import type { DatapointResult, DatapointStatus, EventMetric } from "./types";

/** The object form of a function's return value (`{ result: value }` unless it already is a plain object). */
export function outputsObject(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return { result: value };
}

/**
 * What one trial came to: its status, the function's return value, why it failed, the evaluators' scores and errors,
 * and the function's call (which may still run once the trial has timed out).
 */
export interface TrialOutcome {
  /** The span id of the datapoint's span (its evaluators' scores are written on it). */
  spanId?: string;
  status: DatapointStatus;
  outputs: unknown;
  error: string | undefined;
  evaluation: EvaluatorsOutcome | undefined;
  call: Promise<unknown> | undefined;
  /** The datapoint's span: the datapoint's reported duration is its duration. */
  span?: unknown;
}

/** The outcome of a datapoint that ended before its function was called. */
export function endedBeforeCall(status: DatapointStatus, error: string): TrialOutcome {
  return { status, outputs: undefined, error, evaluation: undefined, call: undefined };
}

/** The id of an OpenTelemetry span (undefined for anything else). */
export function spanIdOf(span: unknown): string | undefined {
  try {
    const id = (span as { spanContext?: () => { spanId?: unknown } } | null)?.spanContext?.().spanId;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The duration of an ended SDK span in ms (its `duration`), undefined for anything else (a getter that throws too). */
function spanDurationMs(span: unknown): number | undefined {
  try {
    const duration = (span as { duration?: unknown } | undefined)?.duration;
    if (!Array.isArray(duration) || typeof duration[0] !== "number" || typeof duration[1] !== "number" || duration[0] < 0) return undefined;
    return hrTimeToMilliseconds(duration as HrTime);
  } catch {
    return undefined;
  }
}

/**
 * The session's event metrics besides the evaluators' scores: every value collected except those the evaluators
 * wrote on the datapoint's span (already in `metrics`; a value the function wrote there under an evaluator's name was
 * replaced by the score, on the server too).
 */
export function eventMetricsOf(collected: SessionMetricValues | undefined, outcome: TrialOutcome): { values: EventMetric[]; dropped: number } | undefined {
  if (collected === undefined) return undefined;
  const values: EventMetric[] = [];
  for (const m of collected.values({ spanId: outcome.spanId, names: outcome.evaluation?.metrics ?? NO_FIELDS })) {
    values.push({ name: m.name, eventName: m.eventName, eventType: m.eventType, value: m.value });
  }
  return { values, dropped: collected.dropped };
}

/** The fields of the datapoint's result that do not come from the trial. */
export type DatapointBase = Pick<DatapointResult, "index" | "trial" | "datapointId" | "inputs" | "groundTruth">;

/**
 * The datapoint's result, its duration its span's (measured from `started` to now when it has no ended span: it never
 * started, or the span is not an SDK span) and its verdict from `ranges`.
 */
export function datapointResult(
  base: DatapointBase, started: number, ranges: PassingRanges | undefined, sessionId: string | undefined, outcome: TrialOutcome,
  events?: { values: EventMetric[]; dropped: number },
): DatapointResult {
  const metrics = outcome.evaluation?.metrics ?? {};
  const evaluatorErrors = outcome.evaluation?.errors ?? {};
  // Object.assign rather than a spread of `base`: V8 handled the spread clone measurably slower here.
  const result: DatapointResult = Object.assign({}, base, {
    sessionId, outputs: outcome.outputs, status: outcome.status, metrics, evaluatorErrors,
    durationMs: spanDurationMs(outcome.span) ?? performance.now() - started, passed: false,
  });
  if (outcome.error !== undefined) result.error = outcome.error;
  // The verdict judges every metric of the session, as the server's run summary does: the evaluators' scores and
  // the metrics the function wrote on its events (core/verdict/event-metrics).
  const pairs: [string, unknown][] = Object.entries(metrics);
  if (events !== undefined) {
    if (events.values.length > 0) result.eventMetrics = events.values;
    if (events.dropped > 0) result.eventMetricsDropped = events.dropped;
    for (const m of events.values) pairs.push([m.name, m.value]);
  }
  result.passed = datapointPassed({ completed: outcome.status === "success", metrics: pairs, ranges, evaluatorErrored: Object.keys(evaluatorErrors).length > 0 });
  return result;
}
