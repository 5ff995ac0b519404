/**
 * The datasets-as-code functions `import "honeyhive"` exports that load their code on first call (push, pull, diff, adding
 * production events, reading a dataset file): `import "honeyhive"` loads none of it. `datasetVersion` answers at once, so
 * it is loaded with the package.
 */
import { onDemand } from "../seam/on-demand";
import type * as AddFromEvents from "./add-from-events";
import type { DatasetItem } from "./dataset-item";
import type * as PullDataset from "./pull-dataset";
import type * as PushDataset from "./push-dataset";

const loadPush = onDemand(() => import("./push-dataset"));
const loadPull = onDemand(() => import("./pull-dataset"));
const loadAdd = onDemand(() => import("./add-from-events"));
const loadFile = onDemand(() => import("./load-dataset"));

/** Pushes a local dataset (rows, or a dataset file) to a HoneyHive dataset, writing only the rows that differ. */
export const pushDataset: typeof PushDataset.pushDataset = async (client, name, source, options) => (await loadPush()).pushDataset(client, name, source, options);

/** Pulls a HoneyHive dataset as rows, with its content version. */
export const pullDataset: typeof PullDataset.pullDataset = async (client, name, options) => (await loadPull()).pullDataset(client, name, options);

/** Compares a local dataset with the stored one, row by row (by key), without writing. */
export const diffDataset: typeof PullDataset.diffDataset = async (client, name, source, options) => (await loadPull()).diffDataset(client, name, source, options);

/** Adds production events (by ids, or by filters and a date range) to a dataset as datapoints, in one request. */
export const addFromEvents: typeof AddFromEvents.addFromEvents = async (client, datasetId, options) => (await loadAdd()).addFromEvents(client, datasetId, options);

/** Adds one event or session to a dataset as one datapoint. */
export const addEvent: typeof AddFromEvents.addEvent = async (client, datasetId, eventId) => (await loadAdd()).addEvent(client, datasetId, eventId);

/**
 * Reads a dataset file: `.jsonl`/`.ndjson` as JSON Lines (one `{ "inputs": …, "ground_truth": … }` object
 * per line, blank lines skipped), `.json` as a JSON array of such objects (other names: by content). Numbers
 * keep their spelling for the ids: every item's `EXT-` datapoint id and the dataset's `EXT-` id equal what
 * CPython computes (`json.dumps(…, sort_keys=True)` + sha256) for the same file, including `1.0`, `-0.0`,
 * `1e16`, `1E5` and integers beyond 2^53. The items themselves hold ordinary JavaScript values (such a big
 * integer arrives as the nearest number). Pass the result as evaluate()'s `dataset` (or give evaluate() the
 * path). Rejects with a `DatasetFileError` naming the file and line for any problem, before anything runs.
 *
 * @example
 * const dataset = await loadDataset("evals/qa.jsonl");
 * await evaluate({ function: answer, dataset, evaluators: [exactMatch] });
 */
export async function loadDataset(path: string): Promise<DatasetItem[]> {
  return (await loadFile()).loadDataset(path);
}
