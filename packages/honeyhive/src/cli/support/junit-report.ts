import { statusNote } from "@honeyhive/core/verdict/run-verdict";
import type { EvaluationResult } from "../../evaluation/types";
import { datapointErrored } from "../../evaluation/datapoint-errored";
import { datapointLabel } from "../../reporting/datapoint-label";
import { failureReason, runLabel, severalTrials } from "../../reporting/failure-line";
import { type ThresholdCheck, thresholdMissText } from "./thresholds";

/** A file that failed to load or an evaluation that failed to run. */
export interface ExecutionFailure {
  file: string;
  error: string;
  /** What failed in a few words, for the summary's last line (`results of "qa" not stored`); absent: counted only. */
  summary?: string;
}

/** Escapes text for XML attributes and content (and drops characters XML 1.0 cannot hold). */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** The run's execution status and verdict as suite properties (both are shown wherever a run is). */
function runProperties(result: EvaluationResult): string {
  const note = statusNote(result.status, result.shard);
  const props = [
    ["status", result.status], ...(note ? [["status_note", note]] : []),
    ["passed", String(result.verdict.passed)], ["failed", String(result.verdict.failed)], ["not_run", String(result.verdict.notRun)],
  ];
  return `    <properties>${props.map(([k, v]) => `<property name="${k}" value="${xmlEscape(v ?? "")}"/>`).join("")}</properties>`;
}

/**
 * What a test case reports besides passing: a failure (it did not pass), an error (its function threw or timed out:
 * JUnit's `<error>`, as a test that crashed), or skipped (a datapoint that was not run).
 */
type CaseOutcome = { type: string; message: string; element: "failure" | "error" | "skipped" };

function testcase(name: string, className: string, seconds: number, failure?: CaseOutcome, id?: string): string {
  const idAttribute = id === undefined ? "" : ` id="${xmlEscape(id)}"`;
  const open = `    <testcase name="${xmlEscape(name)}" classname="${xmlEscape(className)}"${idAttribute} time="${seconds.toFixed(3)}"`;
  if (!failure) return `${open}/>`;
  if (failure.element === "skipped") return `${open}>\n      <skipped message="${xmlEscape(failure.message)}"/>\n    </testcase>`;
  return `${open}>\n      <${failure.element} type="${xmlEscape(failure.type)}" message="${xmlEscape(failure.message)}"/>\n    </testcase>`;
}

/**
 * A datapoint's test case: failed exactly when the shared verdict (src/verdict/) says it failed (its function failed,
 * timed out or was cancelled, or a metric failed), skipped when it was not run, else passed. The message is the
 * failure's detail as every report gives it (`reporting/failure-line.ts`).
 */
function datapointCaseOutcome(d: EvaluationResult["datapoints"][number]): CaseOutcome | undefined {
  if (d.status === "not_run") return { type: "not_run", message: d.error ?? "not run", element: "skipped" };
  const reason = failureReason(d);
  if (reason === undefined) return undefined;
  return { type: d.status === "success" ? "not_passed" : d.status, message: reason.detail, element: datapointErrored(d.status) ? "error" : "failure" };
}

/**
 * Test case names: the datapoint run's label (`#3`, `#3 trial 1`: the one rule of the CLI, the reports and the
 * viewer), then its first input value; unique within the experiment, since JUnit readers merge cases of one name.
 */
function uniqueCaseNames(datapoints: EvaluationResult["datapoints"]): string[] {
  const trials = severalTrials(datapoints);
  return datapoints.map((d) => `${runLabel(d, trials)} ${datapointLabel(d.inputs, d.datapointId)}`);
}

/**
 * A JUnit XML report: one `<testsuite>` per experiment with one `<testcase>` per datapoint run, named by its first
 * input value (truncated) with the datapoint id as its `id` attribute (see {@link datapointCaseOutcome}) and one per
 * threshold; files that could not run become a failed `<testsuite name="honeyhive eval">` case. Pure.
 */
export function formatJUnitReport(results: readonly EvaluationResult[], thresholds: readonly ThresholdCheck[], failures: readonly ExecutionFailure[]): string {
  const suites: string[] = [];
  for (const result of results) {
    const names = uniqueCaseNames(result.datapoints);
    const cases = result.datapoints.map((d, i) => testcase(names[i]!, result.name, d.durationMs / 1000, datapointCaseOutcome(d), d.datapointId));
    for (const check of thresholds.filter((t) => t.experiment === result.name)) {
      const message = thresholdMissText(check);
      cases.push(testcase(`threshold ${check.metric} >= ${check.min}`, result.name, 0, check.passed ? undefined : { type: "threshold", message, element: "failure" }));
    }
    const count = (element: string): number => cases.filter((c) => c.includes(`<${element} `)).length;
    suites.push(
      `  <testsuite name="${xmlEscape(result.name)}" id="${xmlEscape(result.runId)}" tests="${cases.length}" failures="${count("failure")}" errors="${count("error")}" skipped="${count("skipped")}" time="${result.stats.duration_s.toFixed(3)}">\n${runProperties(result)}\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  if (failures.length > 0) {
    const cases = failures.map((f) => testcase(f.file, "honeyhive eval", 0, { type: "execution_error", message: f.error, element: "error" }));
    suites.push(`  <testsuite name="honeyhive eval" tests="${cases.length}" failures="0" errors="${cases.length}" time="0.000">\n${cases.join("\n")}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="honeyhive eval">\n${suites.join("\n")}\n</testsuites>\n`;
}
