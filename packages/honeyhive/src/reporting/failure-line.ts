/**
 * Why a datapoint run failed, said once: the one definition the result text's "Failures:" lines, the `--markdown`
 * report's failing datapoints and the `--junit` report's failure messages share. A run whose function failed, timed
 * out or was cancelled gives its error; a completed run that did not pass gives the evaluators that errored (an error
 * fails it) with their errors, then its scores. The "Failures:" line also shows a short preview of the inputs, so a
 * datapoint is recognisable without looking its id up.
 */
import { datapointRunLabel } from "@honeyhive/core/text/datapoint-run-label";
import { formatScore } from "@honeyhive/core/text/format-score";
import { evaluatorErrorsText } from "@honeyhive/core/verdict/datapoint-verdict";
import type { DatapointResult } from "../evaluation/types";
import { jsonSafeWhenNeeded } from "../enrichment/to-json-safe";
import { cutText } from "./cut-text";
import { scoreAssignments } from "./score-text";

/** Characters of the inputs preview. */
export const INPUTS_PREVIEW_CHARS = 60;

/** The scores as `name=value`, numbers as the result table prints them; "no scores" when there are none. */
function scoresText(metrics: Readonly<Record<string, unknown>>): string {
  return scoreAssignments(metrics, undefined, formatScore).join(", ") || "no scores";
}

/** Event metrics listed in a failure reason at most. */
const EVENT_METRICS_SHOWN = 5;

/**
 * The metrics the function wrote on its session's events (they decide the verdict too), `written: name=value (event)`,
 * failing booleans first; undefined when there are none.
 */
function eventMetricsText(d: DatapointResult): string | undefined {
  const metrics = d.eventMetrics ?? [];
  if (metrics.length === 0) return undefined;
  const ordered = [...metrics.filter((m) => m.value === false), ...metrics.filter((m) => m.value !== false)];
  const shown = ordered.slice(0, EVENT_METRICS_SHOWN).map((m) => `${m.name}=${typeof m.value === "number" ? formatScore(m.value) : String(m.value)} (${m.eventType} ${m.eventName})`);
  const more = metrics.length - shown.length;
  return `written: ${shown.join(", ")}${more > 0 ? `, ${more} more` : ""}`;
}

/** Why a datapoint run failed: what happened (its status, or "did not pass") and the details, each fact once. */
export interface FailureReason {
  /** `failed`, `timed_out`, `cancelled` (the function's outcome), or `did not pass` (it completed). */
  outcome: string;
  /** The function's error, the evaluators that errored with their errors, the scores (a completed run). */
  detail: string;
}

/** Why the datapoint run failed; undefined for a run that passed or was not run. */
export function failureReason(d: DatapointResult): FailureReason | undefined {
  if (d.status === "not_run") return undefined;
  const errors = evaluatorErrorsText(d.evaluatorErrors);
  if (d.status !== "success") return { outcome: d.status, detail: [d.error ?? "no error message", ...errors].join("; ") };
  if (d.passed) return undefined; // the shared verdict: an evaluator's error never lets a datapoint pass
  const written = eventMetricsText(d);
  return { outcome: "did not pass", detail: [...errors, scoresText(d.metrics), ...(written === undefined ? [] : [written])].join("; ") };
}

/**
 * The reason as one piece of text: `failed (Error: boom)`, `did not pass (evaluator "judge" failed: Error: crashed;
 * no scores)`, `did not pass (accuracy=0.25)`; undefined for a run that did not fail.
 */
export function failureText(d: DatapointResult): string | undefined {
  const reason = failureReason(d);
  return reason === undefined ? undefined : `${reason.outcome} (${reason.detail})`;
}

/** Characters a terminal or CI log would act on that JSON leaves as they are (DEL, C1 controls, line separators, bidi controls). */
const UNSAFE = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The inputs as compact JSON on one line, cut to `max` characters with "…" (a value JSON cannot write is shown as
 * it is uploaded); control characters escaped. Empty for no inputs.
 */
export function inputsPreview(inputs: unknown, max = INPUTS_PREVIEW_CHARS): string {
  if (inputs === undefined || inputs === null) return "";
  if (typeof inputs === "object" && !Array.isArray(inputs) && Object.keys(inputs).length === 0) return "";
  let text: string;
  try {
    text = JSON.stringify(jsonSafeWhenNeeded(inputs)) ?? "";
  } catch {
    return "";
  }
  text = text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return cutText(text, max);
}

/** True when the datapoints are trials of a run of several (some trial is not the first). */
export function severalTrials(datapoints: Iterable<Pick<DatapointResult, "trial">>): boolean {
  for (const d of datapoints) if (d.trial > 0) return true;
  return false;
}

/** The datapoint run's label (`#3`, `#3 trial 1`: core's `datapointRunLabel`), given whether the run has several trials. */
export function runLabel(d: Pick<DatapointResult, "index" | "trial">, trials: boolean): string {
  return datapointRunLabel(d.index, trials ? d.trial : undefined);
}

/**
 * The result text's failure line: `#3 EXT-3 {"q":"boom"}: did not pass (…)` (`#3 trial 1 …` in a run of several
 * trials); undefined for a run that did not fail.
 */
export function failureLine(d: DatapointResult, trials = d.trial > 0): string | undefined {
  const reason = failureText(d);
  if (reason === undefined) return undefined;
  const preview = inputsPreview(d.inputs);
  return `${runLabel(d, trials)} ${d.datapointId}${preview === "" ? "" : ` ${preview}`}: ${reason}`;
}
