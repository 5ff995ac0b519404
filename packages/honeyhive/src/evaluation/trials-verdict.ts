/**
 * k of n over trials in evaluate()'s results: the trials of each datapoint are judged together for the metrics whose
 * passing range sets `min_pass_trials` (`@honeyhive/core/verdict/trials-verdict`, the rule the dev server's run summary
 * applies too), and each trial's `passed` is decided again with that outcome. No-op without such a range.
 */
import { datapointPassed } from "@honeyhive/core/verdict/datapoint-verdict";
import { acrossTrialsVerdicts, hasTrialRanges } from "@honeyhive/core/verdict/trials-verdict";
import type { DatapointRows } from "./datapoint-rows";
import type { DatapointResult } from "./types";

/** A trial's metric values as the verdict reads them: its scores and the metrics written on its events. */
function trialMetrics(d: DatapointResult): [string, unknown][] {
  const pairs: [string, unknown][] = Object.entries(d.metrics);
  for (const m of d.eventMetrics ?? []) pairs.push([m.name, m.value]);
  return pairs;
}

/**
 * Decides again the `passed` of `rows` (any trials of any datapoints) by k of n (see the module comment); each group of
 * trials is read when judged, and the verdicts are written with `setPassed`.
 */
export function applyTrialsVerdict(rows: DatapointRows, ranges: unknown): void {
  if (!hasTrialRanges(ranges)) return;
  const byDatapoint = new Map<string, number[]>();
  for (let row = 0; row < rows.length; row++) {
    if (rows.status(row) === "not_run") continue;
    const id = rows.datapointId(row);
    const group = byDatapoint.get(id);
    if (group) group.push(row);
    else byDatapoint.set(id, [row]);
  }
  for (const group of byDatapoint.values()) {
    const trials = group.map((row) => rows.at(row));
    const acrossTrials = acrossTrialsVerdicts(trials.map((d) => ({ completed: d.status === "success", metrics: trialMetrics(d) })), ranges);
    trials.forEach((d, i) => {
      const passed = datapointPassed({ completed: d.status === "success", metrics: trialMetrics(d), ranges, evaluatorErrored: Object.keys(d.evaluatorErrors).length > 0, acrossTrials });
      rows.setPassed(group[i]!, passed);
    });
  }
}
