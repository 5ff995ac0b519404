import { passingRangeNames, type PassingRange, type PassingRanges } from "@honeyhive/core/verdict/passing-range";
import type { DatapointResult } from "../evaluation/types";
import { scoreAssignments } from "../reporting/score-text";

function rangeText(range: PassingRange | undefined): string {
  if (!range) return "";
  const parts: string[] = [];
  if (range.pass_when !== undefined) parts.push(`pass when ${String(range.pass_when)}`);
  if (range.min !== undefined) parts.push(`min ${range.min}`);
  if (range.max !== undefined) parts.push(`max ${range.max}`);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/**
 * Why a case's test failed, with its scores: `case "2+2?" failed: exact=false (pass when true), length=1 (min 2)`,
 * the function's error when it failed, metrics a range names without a value (`factuality=no value (min 1)`), and
 * evaluator errors. One line per trial when there are several.
 */
export function caseFailureMessage(label: string, results: readonly DatapointResult[], ranges: PassingRanges | undefined): string {
  const lines = results.filter((r) => !r.passed).map((r) => {
    const trial = results.length > 1 ? ` (trial ${r.trial})` : "";
    const scores = scoreAssignments(r.metrics, (name) => rangeText(ranges?.[name]));
    // A metric a passing range names and this datapoint has no value for fails it (it could not be computed).
    if (r.status === "success") for (const name of passingRangeNames(ranges)) if (!Object.prototype.hasOwnProperty.call(r.metrics, name)) scores.push(`${name}=no value${rangeText(ranges?.[name])}`);
    // The error already says what happened ("timed out after 10 ms", "Error: kaboom"): the status is named only without one.
    const parts = [r.status === "success" ? `scores: ${scores.join(", ") || "none"}` : r.error ?? `${r.status} (no error message)`];
    if (r.status !== "success" && scores.length > 0) parts.push(`scores: ${scores.join(", ")}`);
    const errors = Object.entries(r.evaluatorErrors).map(([k, e]) => `evaluator "${k}" failed (${e})`);
    return `case "${label}"${trial} failed: ${[...parts, ...errors].join("; ")}`;
  });
  return lines.join("\n");
}
