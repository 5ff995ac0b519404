/**
 * Field rules for the bodies of the 1.x API groups (metrics, queues, tools, projects): each group lists its fields
 * and a rule for each; {@link readFields} checks a body against them, refusing unknown fields (naming them) and
 * missing required ones, so a client's typo is a 400 with a message instead of a silently dropped field.
 */
import { getOwn, isPlainObject, type JsonObject } from "../domain/json";
import { invalid } from "../domain/validation-error";

/** Checks one field's value (never undefined) and returns the value to store; throws a ValidationError. */
export type FieldRule = (value: unknown, key: string) => unknown;

const MAX_TEXT = 100_000;

/** A string of at most `max` characters (`null` too when `nullable`). */
export function text(max = MAX_TEXT, nullable = false): FieldRule {
  return (value, key) => {
    if (value === null && nullable) return null;
    if (typeof value !== "string") throw invalid(`"${key}" must be a string`);
    if (value.length > max) throw invalid(`"${key}" is longer than ${max} characters`);
    return value;
  };
}

/** One of `values`. */
export function oneOf(...values: readonly string[]): FieldRule {
  return (value, key) => {
    if (typeof value !== "string" || !values.includes(value)) throw invalid(`"${key}" must be one of ${values.join(", ")}`);
    return value;
  };
}

/** A boolean. */
export const flag: FieldRule = (value, key) => {
  if (typeof value !== "boolean") throw invalid(`"${key}" must be true or false`);
  return value;
};

/** A finite number within [min, max] (`null` too when `nullable`). */
export function numberIn(min: number, max: number, nullable = false): FieldRule {
  return (value, key) => {
    if (value === null && nullable) return null;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      throw invalid(`"${key}" must be a number from ${min} to ${max}`);
    }
    return value;
  };
}

/** A JSON object (`null` too when `nullable`). */
export function object(nullable = false): FieldRule {
  return (value, key) => {
    if (value === null && nullable) return null;
    if (!isPlainObject(value)) throw invalid(`"${key}" must be an object`);
    return value;
  };
}

/** An array of at most `max` items (`null` too when `nullable`). */
export function list(max = 10_000, nullable = false): FieldRule {
  return (value, key) => {
    if (value === null && nullable) return null;
    if (!Array.isArray(value)) throw invalid(`"${key}" must be an array`);
    if (value.length > max) throw invalid(`"${key}" has more than ${max} items`);
    return value;
  };
}

/** An array of at most `max` strings. */
export function strings(max = 10_000): FieldRule {
  return (value, key) => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw invalid(`"${key}" must be an array of strings`);
    if (value.length > max) throw invalid(`"${key}" has more than ${max} items`);
    return value;
  };
}

/** A `{ filterArray: [...] }` object, as metrics and queues hold their filters. */
export const filterArray: FieldRule = (value, key) => {
  if (!isPlainObject(value) || !Array.isArray(getOwn(value, "filterArray"))) throw invalid(`"${key}" must be { "filterArray": [...] }`);
  const items = getOwn(value, "filterArray") as unknown[];
  if (items.length > 100 || items.some((f) => !isPlainObject(f))) throw invalid(`"${key}.filterArray" must be at most 100 filter objects`);
  return { filterArray: items };
};

/**
 * The fields of `body` checked by `rules` (absent ones left out), refusing a field `rules` does not name and a
 * missing `required` one. `what` names the body in messages.
 */
export function readFields(body: JsonObject, rules: Readonly<Record<string, FieldRule>>, required: readonly string[], what: string): JsonObject {
  const unknown = Object.keys(body).filter((key) => !Object.prototype.hasOwnProperty.call(rules, key));
  if (unknown.length > 0) throw invalid(`${what}: unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}`);
  const out: JsonObject = {};
  for (const [key, rule] of Object.entries(rules)) {
    const value = getOwn(body, key);
    if (value === undefined) {
      if (required.includes(key)) throw invalid(`${what}: "${key}" is required`);
      continue;
    }
    Object.defineProperty(out, key, { value: rule(value, key), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
