/**
 * How an error or warning names a wrong option value it was given: `the string "8"` (long strings cut at 40
 * characters), `2.5`, `true`, `null`, `undefined`, `an array`, else `a value of type object` (function, bigint, symbol).
 * Never the value's contents beyond a short string, so a secret passed by mistake is not printed whole. One wording
 * for every option check (`evaluate()`'s options, `evaluator()`'s, a user-given event type).
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? "an array" : `a value of type ${typeof value}`;
}
