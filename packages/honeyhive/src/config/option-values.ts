/**
 * Readers of one option value each: the value, or undefined with a message pushed when it has the wrong type, naming
 * what was given in the one wording of every option check (`describeValue`).
 */
import { closestKey } from "@honeyhive/core/text/closest-key";
import { describeValue } from "../internal/describe-value";

/** A string option, trimmed (empty means unset). */
export function optionalString(value: unknown, name: string, errors: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    errors.push(`option "${name}" must be a string (got ${describeValue(value)})`);
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** An object option (not an array). */
export function optionalRecord(value: unknown, name: string, warnings: string[]): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  warnings.push(`option "${name}" must be an object (got ${describeValue(value)}); ignored`);
  return undefined;
}

/** A boolean option. */
export function optionalBoolean(value: unknown, name: string, errors: string[]): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  errors.push(`option "${name}" must be a boolean (got ${describeValue(value)})`);
  return undefined;
}

/** One of the allowed values, else the fallback (with an error). */
export function oneOf<T extends string>(raw: T, allowed: readonly T[], fallback: T, name: string, errors: string[]): T {
  if (allowed.includes(raw)) return raw;
  const closest = typeof raw === "string" ? closestKey(raw, allowed) : undefined;
  errors.push(`${name} must be one of ${allowed.join(", ")}${closest !== undefined ? ` (did you mean "${closest}"?)` : ""}`);
  return fallback;
}

/** A positive safe integer option. */
export function positiveInteger(value: unknown, name: string, errors: string[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  errors.push(`option "${name}" must be a positive integer (got ${describeValue(value)})`);
  return undefined;
}
