import { statusNote } from "@honeyhive/core/verdict/run-verdict";
import type { RunComparison } from "../../evaluation/compare-runs";
import type { EvaluationResult } from "../../evaluation/types";
import type { ExecutionFailure } from "./junit-report";
import type { ThresholdCheck } from "./thresholds";

/** The `--json` report of `honeyhive eval`. */
interface EvalJsonReport {
  exitCode: number;
  /** Each experiment; `statusNote` says why a finished shard's status is `running`. */
  experiments: (Omit<EvaluationResult, "data" | "serverSummary"> & { statusNote?: string; file?: string; comparison?: Omit<RunComparison, "raw"> })[];
  thresholds: ThresholdCheck[];
  failures: ExecutionFailure[];
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
        if (key !== "data" && key !== "serverSummary") (entry as unknown as Record<string, unknown>)[key] = result[key];
      }
      const note = statusNote(result.status, result.shard);
      if (note !== undefined) entry.statusNote = note;
      if (file !== undefined) entry.file = file;
      if (comparison) {
        const { raw: _raw, ...summary } = comparison;
        entry.comparison = summary;
      }
      return entry;
    }),
    thresholds: [...input.thresholds],
    failures: [...input.failures],
  };
}
