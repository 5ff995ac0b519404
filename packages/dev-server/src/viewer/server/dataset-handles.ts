/**
 * A dataset's handles as code for the viewer: its content version by core's rule (the one `datasetVersion()`,
 * `pullDataset` and `honeyhive datasets diff` compute, over every stored datapoint), its splits with their counts,
 * and per datapoint its external id and split (`@honeyhive/core/datasets/dataset-content`). An offline dataset has no
 * stored datapoints: its version is the one its latest run recorded (`metadata.dataset_version`), if any.
 */
import { createHash } from "node:crypto";
import { entryOfStoredDatapoint, splitOfDatapoint, versionOfEntries } from "@honeyhive/core/datasets/dataset-content";
import type { DatapointRecord, DatasetRecord, RunRecord } from "../../domain/records";
import type { Store } from "../../store/store";
import type { DatasetHandles } from "../shared/dataset-handles";

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function recordedVersion(runs: readonly RunRecord[]): string | null {
  for (const run of [...runs].reverse()) {
    const version = Object.prototype.hasOwnProperty.call(run.metadata, "dataset_version") ? run.metadata.dataset_version : undefined;
    if (typeof version === "string" && version !== "") return version;
  }
  return null;
}

function splitCounts(datapoints: readonly DatapointRecord[]): Pick<DatasetHandles, "splits" | "unsplit"> {
  const counts = new Map<string, number>();
  let unsplit = 0;
  for (const d of datapoints) {
    const split = splitOfDatapoint(d);
    if (split === undefined) unsplit++;
    else counts.set(split, (counts.get(split) ?? 0) + 1);
  }
  const splits = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, n]) => ({ name, datapoints: n }));
  return { splits, unsplit };
}

/** The handles of a stored dataset (`dataset`) or of an offline one (`datasetId`, made by `runs`). */
export async function datasetHandles(store: Store, projectId: string, datasetId: string, dataset: DatasetRecord | undefined, runs: readonly RunRecord[]): Promise<DatasetHandles> {
  if (!dataset) {
    const version = recordedVersion(runs);
    return { dataset_id: datasetId, version, version_source: version === null ? null : "run", splits: [], unsplit: 0 };
  }
  const datapoints = await store.getDatapoints(projectId, dataset.datapoints);
  const version = versionOfEntries(datapoints.map(entryOfStoredDatapoint), sha256Hex);
  return { dataset_id: dataset.id, version, version_source: "content", ...splitCounts(datapoints) };
}
