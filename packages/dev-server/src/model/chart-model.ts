/**
 * Charts (`/v1/charts`, and the project-scoped `/v1/projects/{project_id}/charts`) as the dev server stores and
 * answers them: HoneyHive's chart fields, checked on create and update, with the API's defaults (`bucketing: "day"`,
 * absent fields null) filled in on create. The dev server stores chart definitions; it draws no chart.
 */
import { getOwn, isPlainObject, type JsonObject } from "../domain/json";
import { invalid } from "../domain/validation-error";
import { oneOf, readFields, text, type FieldRule } from "./group-fields";

/** The time buckets a chart aggregates by (`five_minute` and `auto` since API 1.6). */
const BUCKETS = ["minute", "five_minute", "hour", "day", "week", "month", "auto"] as const;
const MAX_FILTERS = 100;

/** `dateRange`: `{relative}` (e.g. `"7d"`) or `{$gte, $lte}` (ISO strings or Unix ms). */
const dateRange: FieldRule = (value, key) => {
  if (!isPlainObject(value)) throw invalid(`"${key}" must be {"relative": …} or {"$gte": …, "$lte": …}`);
  const keys = Object.keys(value).sort().join(",");
  if (keys === "relative" && typeof value.relative === "string" && value.relative.length <= 100) return { relative: value.relative };
  const bound = (v: unknown) => (typeof v === "string" && v.length <= 100) || (typeof v === "number" && Number.isFinite(v));
  if (keys === "$gte,$lte" && bound(getOwn(value, "$gte")) && bound(getOwn(value, "$lte"))) return { $gte: value.$gte, $lte: value.$lte };
  throw invalid(`"${key}" must be {"relative": …} or {"$gte": …, "$lte": …}`);
};

/** `query`: at most {@link MAX_FILTERS} filters `{field, value, type, operator}` (value a string or null). */
const query: FieldRule = (value, key) => {
  if (!Array.isArray(value) || value.length > MAX_FILTERS) throw invalid(`"${key}" must be an array of at most ${MAX_FILTERS} filters`);
  return value.map((filter, i) => {
    if (!isPlainObject(filter)) throw invalid(`"${key}[${i}]" must be a filter object`);
    const checked = readFields(filter, { field: text(500), value: text(10_000, true), type: text(100), operator: text(100) }, ["field", "value", "type", "operator"], `"${key}[${i}]"`);
    return checked;
  });
};

/** A non-empty string of at most `max` characters. */
function nonEmpty(max: number): FieldRule {
  return (value, key) => {
    const checked = text(max)(value, key) as string;
    if (checked.trim() === "") throw invalid(`"${key}" must not be empty`);
    return checked;
  };
}

/** The editable fields of a chart and their rules. */
const CHART_FIELDS: Readonly<Record<string, FieldRule>> = {
  name: nonEmpty(200),
  description: text(10_000, true),
  metric: nonEmpty(500),
  func: text(100, true),
  groupBy: text(500, true),
  bucketing: oneOf(...BUCKETS),
  dateRange,
  query,
  owner_id: nonEmpty(200),
};

/** A new chart from a create body (400 on a missing or malformed field), with the API's defaults. */
export function chartFromBody(body: JsonObject, id: string, now: string): JsonObject & { id: string } {
  const fields = readFields(body, CHART_FIELDS, ["name", "metric"], "a chart");
  return {
    id, description: null, func: null, groupBy: null, bucketing: "day", dateRange: null, query: null, owner_id: null,
    ...fields, is_active: true, created_at: now, updated_at: null,
  };
}

/** The changes of a chart update body (only the fields it names change). */
export function chartChanges(body: JsonObject): JsonObject {
  return readFields(body, CHART_FIELDS, [], "a chart update");
}
