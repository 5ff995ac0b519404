const INT64_LIMIT = 9223372036854775808;

/**
 * True when a number attribute is encoded as an OTLP `intValue`: integers in [-2^63, 2^63), sent exactly.
 * Every other number (fractions, NaN, ±Infinity, huge integers) is a `doubleValue`.
 */
export function isInt64(value: number): boolean {
  return Number.isInteger(value) && value >= -INT64_LIMIT && value < INT64_LIMIT;
}
