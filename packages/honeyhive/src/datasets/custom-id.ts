import { isLosslessNumber } from "lossless-json";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { pythonNumber, pythonNumberFromSource } from "./python-json";

/**
 * The custom id of a dataset item as the Python SDK reads it (`dp.get("id") or dp.get("datapoint_id")`),
 * as text: a string as it is, a number as Python's `str()` prints it (a file's `1.0` stays `1.0`), a boolean
 * as `True`. Undefined when there is none (missing or falsy). Objects and arrays are rejected (every one would
 * get the same id): the error `invalid(problem)` makes is thrown, an {@link EvaluationConfigError} by default.
 */
export function customIdText(item: Record<string, unknown>, invalid: (problem: string) => Error = (p) => new EvaluationConfigError(p)): string | undefined {
  const raw = truthy(item.id) ? item.id : item.datapoint_id;
  if (!truthy(raw)) return undefined;
  const text = scalarIdText(raw);
  if (text !== undefined) return text;
  const kind = Array.isArray(raw) ? "an array" : `a${typeof raw === "object" ? "n object" : ` ${typeof raw}`}`;
  throw invalid(`a custom id ("id" or "datapoint_id") must be a string or a number, got ${kind}`);
}

function scalarIdText(raw: unknown): string | undefined {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number") return pythonStr(pythonNumber(raw));
  if (typeof raw === "bigint") return raw.toString();
  if (typeof raw === "boolean") return "True";
  return isLosslessNumber(raw) ? pythonStr(pythonNumberFromSource(raw.value)) : undefined;
}

/** Python's `str()` of a number from its `json.dumps` text (they differ only for non-finite floats). */
function pythonStr(jsonText: string): string {
  return jsonText === "Infinity" ? "inf" : jsonText === "-Infinity" ? "-inf" : jsonText === "NaN" ? "nan" : jsonText;
}

/** Python truthiness of a JSON value (`0`, `0.0`, `""`, `false`, `null`, `[]`, `{}` are false). */
function truthy(value: unknown): boolean {
  if (isLosslessNumber(value)) return Number(value.value) !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object" && value !== null) return Object.keys(value).length > 0;
  return Boolean(value);
}
