import { EXT_PREFIX, withExtPrefix } from "@honeyhive/core/datasets/dataset-content";
import { runtime } from "../runtime/platform";
import { itemPythonForm, listPythonJson } from "./item-python-form";

export { withExtPrefix };

function sha256Hex16(text: string): string {
  return runtime.sha256Hex(text).slice(0, 16);
}

/** `EXT-` + the first 16 hex digits of sha256 over `text` (already in Python's `json.dumps` form). */
export function externalIdOfText(text: string): string {
  return `${EXT_PREFIX}${sha256Hex16(text)}`;
}

/**
 * The Python SDK's external dataset id, the one evaluate() gives the same list: `EXT-` + the first 16 hex
 * digits of sha256 over `json.dumps(datapoints, sort_keys=True)` (items read by `loadDataset` as their file
 * spells them); a custom id just gets the `EXT-` prefix. Throws `EvaluationConfigError` for an item JSON cannot
 * represent.
 */
export function externalDatasetId(datapoints: readonly unknown[], customId?: string): string {
  if (customId) return withExtPrefix(customId);
  return externalIdOfText(listPythonJson(Array.from(datapoints, (item, i) => itemPythonForm(item, `datapoints[${i}]`))));
}

/**
 * The Python SDK's external datapoint id: `EXT-` + the first 16 hex digits of sha256 over
 * `json.dumps(datapoint, sort_keys=True) + str(index)` (an item read by `loadDataset` as its file spells it, as
 * evaluate() hashes it); a custom id (evaluate() uses the item's `id` or `datapoint_id`) just gets the `EXT-`
 * prefix. Throws `EvaluationConfigError` for an item JSON cannot represent.
 */
export function externalDatapointId(datapoint: unknown, index: number, customId?: string): string {
  if (customId) return withExtPrefix(customId);
  return externalIdOfText(`${itemHashForm(datapoint)}${index}`);
}

function itemHashForm(item: unknown): string {
  return itemPythonForm(item, "datapoint", { customId: false }).json;
}
