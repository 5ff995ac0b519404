import { statusNote } from "@honeyhive/core/verdict/run-verdict";
import type { RunComparison } from "../../evaluation/compare-runs";
import type { DatapointResult, EvaluationResult } from "../../evaluation/types";
import { jsonSafeWhenNeeded } from "../../enrichment/to-json-safe";
import { toWellFormed } from "../../normalize/strings";
import type { ExecutionFailure } from "./junit-report";
import { reportedFailures, type ReportedFailure } from "./report-failures";
import type { ThresholdCheck } from "./thresholds";

/** The `--json` report of `honeyhive eval`. */
interface EvalJsonReport {
  exitCode: number;
  /** Each experiment; `statusNote` says why a finished shard's status is `running`. */
  experiments: (Omit<EvaluationResult, "data" | "serverSummary" | "comparison"> & { statusNote?: string; file?: string; comparison?: Omit<RunComparison, "raw"> })[];
  thresholds: ThresholdCheck[];
  /** Execution failures (`kind: "execution"`), then every datapoint run that did not pass (`kind: "datapoint"`). */
  failures: ReportedFailure[];
}

/**
 * A datapoint as the report holds it: the user's values (inputs, ground truth, outputs) whole, except one JSON cannot
 * write (a BigInt, a cycle), which is reported as it is uploaded (`jsonSafeWhenNeeded`), so any return value can be
 * reported.
 */
function reportedDatapoint(d: DatapointResult): DatapointResult {
  return {
    ...d, inputs: jsonSafeWhenNeeded(d.inputs) as Record<string, unknown>, groundTruth: jsonSafeWhenNeeded(d.groundTruth), outputs: jsonSafeWhenNeeded(d.outputs),
  };
}

/** Builds the JSON report (results without the old string-encoded `data` arrays and the raw server summary). Pure. */
export function buildJsonReport(input: {
  exitCode: number;
  results: readonly { result: EvaluationResult; file?: string; comparison?: RunComparison }[];
  thresholds: readonly ThresholdCheck[];
  failures: readonly ExecutionFailure[];
}): EvalJsonReport {
  return {
    exitCode: input.exitCode,
    experiments: input.results.map(({ result, file, comparison }) => {
      const entry = {} as EvalJsonReport["experiments"][number];
      for (const key of Object.keys(result) as (keyof EvaluationResult)[]) {
        if (key !== "data" && key !== "serverSummary" && key !== "comparison") (entry as unknown as Record<string, unknown>)[key] = result[key];
      }
      entry.datapoints = result.datapoints.map(reportedDatapoint);
      const note = statusNote(result.status, result.shard);
      if (note !== undefined) entry.statusNote = note;
      if (file !== undefined) entry.file = file;
      const compared = comparison ?? result.comparison; // --compare's, else the experiment's own compareWith
      if (compared) {
        const { raw: _raw, ...summary } = compared;
        entry.comparison = summary;
      }
      return entry;
    }),
    thresholds: [...input.thresholds],
    failures: reportedFailures(input.results, input.failures),
  };
}

/**
 * A JSON replacer that repairs lone UTF-16 surrogates (in string values and in object keys) to U+FFFD: JSON.stringify
 * writes a lone surrogate as a `\udXXX` escape, valid JSON that strict readers such as jq reject. The JUnit and Markdown
 * reports get the same repair when their text is written as UTF-8.
 */
function wellFormedStrings(_key: string, value: unknown): unknown {
  if (typeof value === "string") return toWellFormed(value);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.every((k) => toWellFormed(k) === k)) return value;
  const repaired: Record<string, unknown> = {};
  for (const k of keys) repaired[toWellFormed(k)] = (value as Record<string, unknown>)[k];
  return repaired;
}

/** The text of the `--json` report: {@link buildJsonReport} as indented JSON, every string well-formed. */
export function jsonReportText(report: EvalJsonReport): string {
  return `${JSON.stringify(report, wellFormedStrings, 2)}\n`;
}
