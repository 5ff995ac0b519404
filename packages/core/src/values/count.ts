/**
 * The one parser of token counts and costs read from untrusted data (span attributes, stored event fields): a
 * finite, non-negative number; numeric strings and bigints count, anything else reads as "not reported".
 */
export function count(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "bigint" ? Number(value)
    : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n + 0 : undefined; // + 0: -0 reads as 0
}
