/**
 * The viewer's datasets: the dev server's stored datasets and the offline (`EXT-`) datasets that
 * runs were made on, each with its runs; a dataset's handles as code (`dataset-handles.ts`) and its datapoints one
 * page at a time with, per datapoint, its external id and split and each run's pass / fail (from the run summary, the same as `GET /v1/runs/{id}/result`)
 * and metric values.
 */
import { collectRunMetrics } from "../../results/run-metrics";
import { buildRunSummary } from "../../results/summary";
import type { RunRecord } from "../../domain/records";
import type { Store } from "../../store/store";
import { sessionEvents } from "./compare-view";
import { previewValue } from "./preview";
import type { DatasetDetail, DatasetResult, DatasetRow, DatasetSummary } from "../shared/wire-types";
import { currentRunMetricRows } from "../../results/current-run-rows";
import { externalIdOfDatapoint, splitOfDatapoint } from "@honeyhive/core/datasets/dataset-content";
import { datasetHandles } from "./dataset-handles";

const MAX_RUNS = 10_000;
/** Runs shown as columns of a dataset's table (the latest ones). */
export const DATASET_RUN_COLUMNS = 8;

function offlineId(run: RunRecord): string | null {
  const id = Object.prototype.hasOwnProperty.call(run.metadata, "offline_dataset_id") ? run.metadata.offline_dataset_id : undefined;
  return typeof id === "string" && id !== "" ? id : null;
}

/** The dataset a run was made on (stored or offline), or null. */
export function runDatasetId(run: RunRecord): string | null {
  return run.dataset_id ?? offlineId(run);
}

async function allRuns(store: Store, projectId: string): Promise<RunRecord[]> {
  const { runs } = await store.listRuns(projectId, { sortBy: "created_at", sortOrder: "asc", offset: 0, limit: MAX_RUNS });
  return runs;
}

/** Every dataset of the project: stored ones first (newest first), then offline ones seen in runs. */
export async function listViewerDatasets(store: Store, projectId: string): Promise<DatasetSummary[]> {
  const runs = await allRuns(store, projectId);
  const byDataset = new Map<string, RunRecord[]>();
  for (const run of runs) {
    const id = runDatasetId(run);
    if (id !== null) byDataset.set(id, [...(byDataset.get(id) ?? []), run]);
  }
  const stored = (await store.listDatasets(projectId, {})).sort((a, b) => b.created_at.localeCompare(a.created_at));
  const out: DatasetSummary[] = stored.map((d) => ({
    id: d.id, name: d.name, kind: "stored", description: d.description, datapoints: d.datapoints.length,
    runs: byDataset.get(d.id)?.length ?? 0, last_run_at: byDataset.get(d.id)?.at(-1)?.created_at ?? null,
  }));
  const storedIds = new Set(stored.map((d) => d.id));
  for (const [id, list] of byDataset) {
    if (storedIds.has(id)) continue;
    const datapoints = new Set(list.flatMap((r) => r.datapoint_ids));
    out.push({ id, name: id, kind: "offline", description: null, datapoints: datapoints.size, runs: list.length, last_run_at: list.at(-1)?.created_at ?? null });
  }
  return out;
}

interface RunResults {
  run: RunRecord;
  byDatapoint: Map<string, DatasetResult>;
}

interface SummaryDatapoint {
  datapoint_id: string | null; session_id: string; passed: boolean;
  metrics: { name: string; value: number | boolean }[];
}

async function runResults(store: Store, projectId: string, run: RunRecord): Promise<RunResults> {
  const metrics = collectRunMetrics(await currentRunMetricRows(store, projectId, run));
  const summary = buildRunSummary(run, metrics, "average", {}) as unknown as { datapoints: SummaryDatapoint[] };
  const byDatapoint = new Map<string, DatasetResult>();
  for (const dp of summary.datapoints) {
    if (dp.datapoint_id === null) continue;
    byDatapoint.set(dp.datapoint_id, { run_id: run.id, session_id: dp.session_id, passed: dp.passed, metrics: dp.metrics.map((m) => ({ name: m.name, value: m.value })) });
  }
  return { run, byDatapoint };
}

/** One page of a dataset's datapoints with their results in the latest runs, or undefined when unknown. */
export async function datasetDetail(store: Store, projectId: string, datasetId: string, page: number, limit: number): Promise<DatasetDetail | undefined> {
  const runs = (await allRuns(store, projectId)).filter((r) => runDatasetId(r) === datasetId);
  const dataset = await store.getDataset(projectId, datasetId);
  if (!dataset && runs.length === 0) return undefined;
  const shown = runs.slice(-DATASET_RUN_COLUMNS);
  const results = await Promise.all(shown.map((r) => runResults(store, projectId, r)));
  const ids: string[] = dataset ? [...dataset.datapoints] : [];
  if (!dataset) {
    const seen = new Set<string>([...runs.flatMap((r) => r.datapoint_ids), ...results.flatMap((r) => [...r.byDatapoint.keys()])]);
    ids.push(...seen);
  }
  const pageIds = ids.slice((page - 1) * limit, page * limit);
  const stored = dataset ? new Map((await store.getDatapoints(projectId, pageIds)).map((d) => [d.id, d])) : new Map();
  const sessionIds = pageIds.flatMap((id) => results.map((r) => r.byDatapoint.get(id)?.session_id ?? []).flat());
  const sessions = await sessionEvents(store, projectId, sessionIds);
  const rows = pageIds.map((id): DatasetRow => {
    const record = stored.get(id);
    const resultsOf = results.map((r) => r.byDatapoint.get(id) ?? null);
    const session = resultsOf.map((r) => (r ? sessions.get(r.session_id) : undefined)).reverse().find(Boolean);
    const truth = record ? record.ground_truth : session && Object.prototype.hasOwnProperty.call(session.feedback, "ground_truth") ? session.feedback.ground_truth : undefined;
    return {
      datapoint_id: id, external_id: record ? externalIdOfDatapoint(record) : null, split: record ? splitOfDatapoint(record) ?? null : null,
      inputs: previewValue(record ? record.inputs : session?.inputs), ground_truth: previewValue(truth), results: resultsOf,
    };
  });
  const summary: DatasetSummary = dataset
    ? { id: dataset.id, name: dataset.name, kind: "stored", description: dataset.description, datapoints: ids.length, runs: runs.length, last_run_at: runs.at(-1)?.created_at ?? null }
    : { id: datasetId, name: datasetId, kind: "offline", description: null, datapoints: ids.length, runs: runs.length, last_run_at: runs.at(-1)?.created_at ?? null };
  return {
    dataset: summary,
    handles: await datasetHandles(store, projectId, datasetId, dataset, runs),
    runs: shown.map((r) => ({ id: r.id, name: r.name, status: r.status, created_at: r.created_at })),
    rows, total: ids.length, page, limit,
  };
}
