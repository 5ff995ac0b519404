/**
 * Event filters of `POST /v1/events/export` and `/search`: `{field, operator, value, type}` with the
 * API's ten operators and four types. Equality filters on indexed columns are pushed down to the
 * store; everything else becomes a pure predicate. No filter ever builds a RegExp or evaluates code.
 */
import { invalid } from "../domain/validation-error";
import { getOwn, isPlainObject } from "../domain/json";
import type { EventRecord, EventWhere } from "../domain/records";
import { eventFieldValue, fieldColumn, MAX_SEGMENTS } from "./field-path";

/** The filter operators the API defines. */
const OPERATORS = [
  "is", "is not", "contains", "not contains", "greater than", "less than", "exists", "not exists", "after", "before",
] as const;
/** The filter value types the API defines. */
const FILTER_TYPES = ["string", "number", "boolean", "datetime"] as const;

type Operator = (typeof OPERATORS)[number];
type FilterType = (typeof FILTER_TYPES)[number];
type Scalar = string | number | boolean;

/** A validated filter. */
interface EventFilter {
  field: string;
  operator: Operator;
  type: FilterType;
  /** The filter value coerced to its type (undefined for exists / not exists). */
  value: Scalar | undefined;
}

const MAX_FILTERS = 100;
const NOT_PUSHDOWN = new Set(["event_id", "session_id", "parent_id", "event_type", "event_name", "source"] as const);
const PUSHDOWN: Readonly<Record<string, keyof Omit<EventWhere, "session_ids" | "not">>> = {
  event_id: "event_id", session_id: "session_id", parent_id: "parent_id", event_type: "event_type",
  event_name: "event_name", source: "source", "metadata.run_id": "run_id", "metadata.datapoint_id": "datapoint_id",
};

function asString(value: unknown): Scalar | undefined {
  if (typeof value === "string") return value;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

function asNumber(value: unknown): Scalar | undefined {
  if (typeof value === "boolean") return value ? 1 : 0;
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function asBoolean(value: unknown): Scalar | undefined {
  if (typeof value === "boolean") return value;
  return value === "true" || value === "false" ? value === "true" : undefined;
}

function asDatetime(value: unknown): Scalar | undefined {
  const t = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isFinite(t) ? t : undefined;
}

const COERCIONS: Readonly<Record<FilterType, (value: unknown) => Scalar | undefined>> = {
  string: asString, number: asNumber, boolean: asBoolean, datetime: asDatetime,
};

/** Coerces a stored or given value to a filter type; undefined when it has no such form. */
function coerce(value: unknown, type: FilterType): Scalar | undefined {
  return value === undefined || value === null ? undefined : COERCIONS[type](value);
}

/** Validates one raw filter object (400 on an unknown operator or type, or a value of the wrong type). */
export function parseFilter(raw: unknown, index: number): EventFilter {
  if (!isPlainObject(raw)) throw invalid(`filters[${index}] must be an object`);
  const field = getOwn(raw, "field");
  if (typeof field !== "string" || field === "" || field.length > 500) {
    throw invalid(`filters[${index}].field must be a non-empty string`);
  }
  if (fieldColumn(field) === undefined) {
    throw invalid(
      `filters[${index}].field must be an event field (event_type, event_name, source, session_id, error, ` +
        `duration, ...) or a dotted path of at most ${MAX_SEGMENTS} non-empty parts in inputs, outputs, config, ` +
        `metadata, metrics, feedback or user_properties`,
    );
  }
  const operator = getOwn(raw, "operator");
  if (typeof operator !== "string" || !(OPERATORS as readonly string[]).includes(operator)) {
    throw invalid(`filters[${index}].operator is not one of: ${OPERATORS.join(", ")}`);
  }
  const rawType = getOwn(raw, "type") ?? "string";
  if (typeof rawType !== "string" || !(FILTER_TYPES as readonly string[]).includes(rawType)) {
    throw invalid(`filters[${index}].type is not one of: ${FILTER_TYPES.join(", ")}`);
  }
  const type = rawType as FilterType;
  const op = operator as Operator;
  if (op === "exists" || op === "not exists") return { field, operator: op, type, value: undefined };
  const value = coerce(getOwn(raw, "value"), type);
  if (value === undefined) throw invalid(`filters[${index}].value is not a valid ${type}`);
  return { field, operator: op, type, value };
}

/** Parses the `filters` of a body or query: an array, a JSON string of one, or absent. */
export function parseFilters(raw: unknown): EventFilter[] {
  if (raw === undefined || raw === null || raw === "") return [];
  let list: unknown = raw;
  if (typeof raw === "string") {
    try {
      list = JSON.parse(raw) as unknown;
    } catch {
      throw invalid("filters is not valid JSON");
    }
  }
  if (isPlainObject(list)) list = [list];
  if (!Array.isArray(list)) throw invalid("filters must be an array");
  if (list.length > MAX_FILTERS) throw invalid(`at most ${MAX_FILTERS} filters are allowed`);
  return list.map((f, i) => parseFilter(f, i));
}

function compare(a: Scalar, b: Scalar): number {
  if (typeof a === "string" && typeof b === "string") {
    const na = Number(a);
    const nb = Number(b);
    if (a.trim() !== "" && b.trim() !== "" && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return Number(a) - Number(b);
}

function matchesOne(actual: unknown, filter: EventFilter): boolean {
  const v = coerce(actual, filter.type);
  const wanted = filter.value as Scalar;
  if (v === undefined) return false;
  switch (filter.operator) {
    case "is":
    case "is not":
      return v === wanted;
    case "contains":
    case "not contains":
      return String(v).toLowerCase().includes(String(wanted).toLowerCase());
    case "greater than":
    case "after":
      return compare(v, wanted) > 0;
    default:
      return compare(v, wanted) < 0;
  }
}

/** True when `event` satisfies `filter`. */
export function matchesFilter(event: EventRecord, filter: EventFilter): boolean {
  const actual = eventFieldValue(event, filter.field);
  const present = actual !== undefined && actual !== null;
  if (filter.operator === "exists") return present;
  if (filter.operator === "not exists") return !present;
  const values = Array.isArray(actual) ? actual : [actual];
  const any = values.some((v) => matchesOne(v, filter));
  return filter.operator === "is not" || filter.operator === "not contains" ? !any : any;
}

/** Splits filters into indexed equality conditions and a predicate for the rest. */
export function compileFilters(filters: readonly EventFilter[]): {
  where: EventWhere;
  predicate?: (event: EventRecord) => boolean;
  /** The only record fields the predicate reads (so the store can skip decoding the others). */
  predicateFields?: (keyof EventRecord)[];
} {
  const where: EventWhere = {};
  const rest: EventFilter[] = [];
  for (const filter of filters) {
    const column = PUSHDOWN[filter.field];
    const notColumn = filter.field as "event_id" | "session_id" | "parent_id" | "event_type" | "event_name" | "source";
    if (column && filter.operator === "is" && filter.type === "string" && where[column] === undefined) {
      where[column] = String(filter.value);
    } else if (filter.operator === "is not" && filter.type === "string" && NOT_PUSHDOWN.has(notColumn)) {
      where.not ??= {};
      where.not[notColumn] = [...(where.not[notColumn] ?? []), String(filter.value)];
    } else {
      rest.push(filter);
    }
  }
  if (rest.length === 0) return { where };
  const predicateFields = [...new Set(rest.map((f) => fieldColumn(f.field) as keyof EventRecord))];
  return { where, predicate: (event) => rest.every((f) => matchesFilter(event, f)), predicateFields };
}
