/**
 * evaluate()'s `compareWith` and `failOnRegression`: once the run is closed and stored, it is compared with the
 * earlier run (`compareRuns`, the comparison every front end shows) and the gate reads the comparison by core's one
 * rule (`@honeyhive/core/verdict/regression-gate`: only a significant degradation of a watched metric fails it). A
 * comparison that cannot be made leaves the result without one; with a gate, the gate then fails and says why.
 * Never throws.
 */
import { significantRegressions, unknownWatchedMetrics } from "@honeyhive/core/verdict/regression-gate";
import { describeError } from "../internal/safe-invoke";
import { comparedRows, compareRuns } from "./compare-runs";
import type { ResolvedEvaluateOptions } from "./resolve-evaluate-options";
import type { EvaluationResult, RegressionGate } from "./types";
import type { FetchLike } from "../transport/send-http";

function failedGate(watched: RegressionGate["watched"], error: string): RegressionGate {
  return { watched, passed: false, regressions: [], error };
}

/** Adds `comparison` (and `regressionGate`) to `result` as the options ask (see the module comment). */
export async function compareWithEarlierRun(r: ResolvedEvaluateOptions, result: EvaluationResult, fetch: FetchLike | undefined): Promise<void> {
  if (r.compareWith === undefined) return;
  const watched = r.failOnRegression === undefined ? undefined : r.failOnRegression === "any" ? "any" : [...r.failOnRegression];
  if (!result.uploaded || r.apiKey === undefined) {
    if (watched !== undefined) result.regressionGate = failedGate(watched, `the run was not stored, so it could not be compared with run ${r.compareWith}`);
    return;
  }
  try {
    result.comparison = await compareRuns(result.runId, r.compareWith, { apiKey: r.apiKey, serverUrl: r.serverUrl, aggregateFunction: r.aggregateFunction, fetch });
  } catch (error) {
    if (watched !== undefined) result.regressionGate = failedGate(watched, `could not compare with run ${r.compareWith}: ${describeError(error)}`);
    return;
  }
  if (watched === undefined) return;
  const rows = comparedRows(result.comparison);
  const unknown = unknownWatchedMetrics(rows, watched);
  const regressions = significantRegressions(rows, watched);
  result.regressionGate = { watched, passed: regressions.length === 0 && unknown.length === 0, regressions };
  if (unknown.length > 0) result.regressionGate.error = `failOnRegression names metrics the comparison does not have: ${unknown.join(", ")}`;
}
