/**
 * A datapoint in the canonical form that dataset versions and dataset sync compare: its external id (`key`),
 * inputs, ground truth, history and metadata (without the external id itself), printed as CPython's
 * `json.dumps(entry, sort_keys=True)` prints it. Built from a local item (a file row or an inline item) or from a
 * datapoint stored on the server, so both sides compare equal when they hold the same content.
 */
import { eventIdOfExternalId } from "@honeyhive/core/datasets/datapoint-from-event";
import { type DatasetEntry, datasetEntry, entryOfStoredDatapoint, withExtPrefix, withoutExternalId } from "@honeyhive/core/datasets/dataset-content";
import type { Datapoint } from "../api-client/types";
import { customIdText } from "./custom-id";
import { datasetItemSource } from "./dataset-source";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { externalIdOfText } from "./ext-ids";
import { type ItemPythonForm, itemPythonForm } from "./item-python-form";

export { EXTERNAL_ID_FIELD, type DatasetEntry } from "@honeyhive/core/datasets/dataset-content";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The external id of a local item: its `keyField`'s text, else its `id` / `datapoint_id` (with the `EXT-` prefix,
 * except the id of a row made from an event, `event-<event id>`, kept as it is so a pulled row pushes back under
 * the id it has), else `EXT-` + sha256 of the item.
 */
function itemKey(item: Record<string, unknown>, where: string, keyField: string | undefined, form: ItemPythonForm | undefined): string {
  if (keyField !== undefined) {
    const value = item[keyField];
    const text = typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
    if (text === undefined || text === "") throw new EvaluationConfigError(`${where} has no "${keyField}" (the key field must hold a non-empty string or a number)`);
    return text;
  }
  // a row loadDataset read keeps its file's spelling: a custom id 3.0 is "EXT-3.0", as in evaluate()'s ids and Python's
  const source = datasetItemSource(item);
  const custom = source !== undefined ? source.customId : customIdText(item, (problem) => new EvaluationConfigError(`${where}: ${problem}`));
  if (custom !== undefined) return eventIdOfExternalId(custom) !== undefined ? custom : withExtPrefix(custom);
  return externalIdOfText(source?.pythonJson ?? form?.json ?? itemPythonForm(item, where, { customId: false }).json);
}

/**
 * The canonical entry of a local dataset item (`{ inputs, ground_truth?, history?, metadata?, split? }`).
 * Throws {@link EvaluationConfigError} naming `where` for an item without an `inputs` object, a ground truth that
 * is not an object, a history that is not a list of objects, or a missing key. `form`: the item's Python form, when
 * already computed (`inlineItemForms`).
 */
export function entryOfItem(item: unknown, where: string, keyField?: string, form?: ItemPythonForm): DatasetEntry {
  if (!isPlainObject(item) || !isPlainObject(item.inputs)) throw new EvaluationConfigError(`${where} must be an object with an "inputs" object`);
  const truth = item.ground_truth ?? item.ground_truths ?? {};
  if (!isPlainObject(truth)) throw new EvaluationConfigError(`${where}: "ground_truth" must be an object (HoneyHive stores a datapoint's ground truth as an object)`);
  const history = item.history ?? [];
  if (!Array.isArray(history) || !history.every(isPlainObject)) throw new EvaluationConfigError(`${where}: "history" must be a list of objects`);
  const metadata = withoutExternalId(item.metadata);
  if (item.split !== undefined) {
    if (typeof item.split !== "string") throw new EvaluationConfigError(`${where}: "split" must be a string`);
    metadata.split = item.split;
  }
  return datasetEntry(itemKey(item, where, keyField, form), item.inputs, truth, history, metadata);
}

/**
 * The canonical entry of a stored datapoint: keyed by its metadata's external id, else (a datapoint created
 * elsewhere) `EXT-<its HoneyHive id>`, which is what a pulled row carries as `id` (core's rule, shared with the viewer).
 */
export function entryOfDatapoint(datapoint: Datapoint): DatasetEntry {
  return entryOfStoredDatapoint(datapoint);
}

/**
 * The canonical entries of local items, in order. Throws {@link EvaluationConfigError} for an invalid item or two
 * items with the same external id. `forms`: the items' Python forms, when already computed (`inlineItemForms`).
 */
export function entriesOfItems(items: readonly unknown[], keyField?: string, forms?: readonly ItemPythonForm[]): DatasetEntry[] {
  const seen = new Map<string, number>();
  return items.map((item, index) => {
    const made = entryOfItem(item, `dataset[${index}]`, keyField, forms?.[index]);
    const earlier = seen.get(made.key);
    if (earlier !== undefined) throw new EvaluationConfigError(`dataset[${index}] has the same external id "${made.key}" as dataset[${earlier}]`);
    seen.set(made.key, index);
    return made;
  });
}
