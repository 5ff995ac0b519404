/**
 * Limits that keep normalisation bounded in time and size, whatever the input.
 */

/** Size limits applied by {@link flattenInto}, {@link toAttributeValue} and the JSON serialiser. */
export interface NormalizeBudget {
  /**
   * Maximum length (UTF-16 code units) of one string attribute value, marker included. Longer strings keep
   * their beginning, followed by `…[truncated N chars]` (N = code units dropped).
   * @defaultValue 16384
   */
  maxStringLength: number;
  /**
   * Maximum number of path segments below the prefix. A container found at this depth is written as
   * `"[MaxDepth]"` instead of being expanded.
   * @defaultValue 16
   */
  maxDepth: number;
  /**
   * Maximum number of leaf attributes one {@link flattenInto} call writes; when more remain, one extra
   * `<prefix>._truncated` attribute holds the number of entries left out.
   * @defaultValue 256
   */
  maxAttributes: number;
  /**
   * Maximum size in UTF-8 bytes of a JSON serialisation (objects turned into one string value).
   * @defaultValue 65536
   */
  maxJsonBytes: number;
}

/** The budget used when none (or an invalid field) is given. Frozen. */
export const DEFAULT_NORMALIZE_BUDGET: Readonly<NormalizeBudget> = Object.freeze({
  maxStringLength: 16384,
  maxDepth: 16,
  maxAttributes: 256,
  maxJsonBytes: 65536,
});

function pick(value: unknown, fallback: number): number {
  if (typeof value !== "number" || !(value >= 0)) return fallback;
  return value === Infinity ? Number.MAX_SAFE_INTEGER : Math.floor(value);
}

/**
 * Completes a partial budget with defaults. Fields that are not non-negative numbers fall back to their
 * default; `Infinity` means "no limit" (capped at `Number.MAX_SAFE_INTEGER`). Never throws.
 */
export function resolveBudget(budget?: Partial<NormalizeBudget>): Readonly<NormalizeBudget> {
  if (budget === undefined || budget === null || budget === DEFAULT_NORMALIZE_BUDGET) {
    return DEFAULT_NORMALIZE_BUDGET;
  }
  try {
    return {
      maxStringLength: pick(budget.maxStringLength, DEFAULT_NORMALIZE_BUDGET.maxStringLength),
      maxDepth: pick(budget.maxDepth, DEFAULT_NORMALIZE_BUDGET.maxDepth),
      maxAttributes: pick(budget.maxAttributes, DEFAULT_NORMALIZE_BUDGET.maxAttributes),
      maxJsonBytes: pick(budget.maxJsonBytes, DEFAULT_NORMALIZE_BUDGET.maxJsonBytes),
    };
  } catch {
    return DEFAULT_NORMALIZE_BUDGET;
  }
}
