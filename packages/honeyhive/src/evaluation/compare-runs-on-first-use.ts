/**
 * `compareRuns()` as the `honeyhive` entry point exports it: the comparison (compare-runs.ts and core's comparison
 * rule) is imported on the first call, so tracing alone never loads it.
 */
import { onDemand } from "../seam/on-demand";
import type { CompareRunsOptions, RunComparison } from "./compare-runs";

const comparison = onDemand(() => import("./compare-runs"));

/**
 * Compares two runs from their summaries (`GET /v1/runs/{id}/result` of each): per metric, the datapoints that
 * improved or degraded in the metric's direction and the paired significance of the change, the datapoints' verdict,
 * cost and latency, each common datapoint's overall direction, the dataset versions and the prompt change.
 * Rejects with `HoneyHiveApiError` when a request fails.
 */
export function compareRuns(newRunId: string, oldRunId: string, options?: CompareRunsOptions): Promise<RunComparison> {
  return comparison().then((loaded) => loaded.compareRuns(newRunId, oldRunId, options));
}
