import { describeError } from "../internal/safe-invoke";
import { customIdText } from "./custom-id";
import { datasetItemSource } from "./dataset-source";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { pythonJsonDumps } from "./python-json";

/** A dataset item as the Python SDK hashes it: `json.dumps(item, sort_keys=True)` and its custom id's text. */
export interface ItemPythonForm {
  readonly json: string;
  readonly customId: string | undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The one definition of an item's Python form, shared by evaluate() and the public id functions: kept from
 * its file when `loadDataset` read it (number spelling as written), else computed from the JavaScript value.
 * Throws {@link EvaluationConfigError} (naming `where`) for a value JSON cannot represent or an object or
 * array custom id.
 */
export function itemPythonForm(item: unknown, where: string, read: { customId: boolean } = { customId: true }): ItemPythonForm {
  const source = datasetItemSource(item);
  if (source) return { json: source.pythonJson, customId: source.customId };
  let json: string;
  try {
    json = pythonJsonDumps(item);
  } catch (error) {
    throw new EvaluationConfigError(`${where} cannot be serialised to JSON: ${describeError(error)}`);
  }
  const customId = read.customId && isPlainObject(item) ? customIdText(item, (problem) => new EvaluationConfigError(`${where}: ${problem}`)) : undefined;
  return { json, customId };
}

/** The Python `json.dumps` text of a list of items (`", "` between items, as CPython prints it). */
export function listPythonJson(forms: readonly ItemPythonForm[]): string {
  return `[${forms.map((f) => f.json).join(", ")}]`;
}
