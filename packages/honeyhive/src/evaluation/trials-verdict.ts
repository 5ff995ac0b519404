/**
 * k of n over trials in evaluate()'s results: the trials of each datapoint are judged together for the metrics whose
 * passing range sets `min_pass_trials` (`@honeyhive/core/verdict/trials-verdict`, the rule the dev server's run summary
 * applies too), and each trial's `passed` is decided again with that outcome. No-op without such a range.
 */
import { datapointPassed } from "@honeyhive/core/verdict/datapoint-verdict";
import { acrossTrialsVerdicts, hasTrialRanges } from "@honeyhive/core/verdict/trials-verdict";
import type { DatapointResult } from "./types";

/** A trial's metric values as the verdict reads them: its scores and the metrics written on its events. */
function trialMetrics(d: DatapointResult): [string, unknown][] {
  const pairs: [string, unknown][] = Object.entries(d.metrics);
  for (const m of d.eventMetrics ?? []) pairs.push([m.name, m.value]);
  return pairs;
}

/** Decides again the `passed` of `results` (any trials of any datapoints) by k of n (see the module comment). */
export function applyTrialsVerdict(results: readonly DatapointResult[], ranges: unknown): void {
  if (!hasTrialRanges(ranges)) return;
  const byDatapoint = new Map<string, DatapointResult[]>();
  for (const d of results) {
    if (d.status === "not_run") continue;
    const trials = byDatapoint.get(d.datapointId);
    if (trials) trials.push(d);
    else byDatapoint.set(d.datapointId, [d]);
  }
  for (const trials of byDatapoint.values()) {
    const acrossTrials = acrossTrialsVerdicts(trials.map((d) => ({ completed: d.status === "success", metrics: trialMetrics(d) })), ranges);
    for (const d of trials) {
      d.passed = datapointPassed({ completed: d.status === "success", metrics: trialMetrics(d), ranges, evaluatorErrored: Object.keys(d.evaluatorErrors).length > 0, acrossTrials });
    }
  }
}
