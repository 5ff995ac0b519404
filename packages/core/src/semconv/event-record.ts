/**
 * The one rule for turning a value into an event field (`inputs`, `outputs`, `metrics`, …): a plain object is
 * the field as it is; any other value (a string, a number, an array) is recorded as `{ value }`. Used by
 * `enrichSpan` and by the GenAI translation of tool, chain and agent spans (semconv/genai/step-io.ts).
 */

/** `value` as an event field, or undefined for undefined and null. */
export function asEventRecord(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return { value };
}
