/**
 * Limits that keep normalisation bounded in time and size, whatever the input.
 */

/** Default of both value bounds: the tracer's default `maxAttributeBytes` (128 KiB), so the two rules agree. */
export const DEFAULT_MAX_VALUE_BYTES = 128 * 1024;
/** Smallest string bound: room for the `…[truncated N bytes]` marker, so a cut value always fits its bound. */
export const MIN_STRING_BYTES = 64;

/** Size limits applied by {@link flattenInto}, {@link toAttributeValue} and the JSON serialiser. */
export interface NormalizeBudget {
  /**
   * Maximum size in UTF-8 bytes of one string value, marker included. Longer strings keep their beginning
   * (whole characters), followed by `…[truncated N bytes]` (N = bytes dropped). At least {@link MIN_STRING_BYTES}.
   * A tracer uses its `maxAttributeBytes`.
   * @defaultValue 131072
   */
  maxStringBytes: number;
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
   * Maximum size in UTF-8 bytes of a JSON serialisation (objects turned into one string value); a longer one is
   * cut there and ends with `…[truncated]`. A tracer uses its `maxAttributeBytes`.
   * @defaultValue 131072
   */
  maxJsonBytes: number;
  /**
   * Called with the number of values one call cut (strings by `maxStringBytes`, JSON by `maxJsonBytes`; a value
   * counts once): a tracer adds them to `diagnostics().truncatedAttributes`. Must not throw.
   */
  onCut?: ((count: number) => void) | undefined;
}

/** A budget already resolved (every field valid) and frozen: used as is, without a copy per call. */
class ResolvedBudget implements NormalizeBudget {
  readonly maxStringBytes: number;
  readonly maxDepth: number;
  readonly maxAttributes: number;
  readonly maxJsonBytes: number;
  readonly onCut: ((count: number) => void) | undefined;

  constructor(b: NormalizeBudget) {
    this.maxStringBytes = b.maxStringBytes;
    this.maxDepth = b.maxDepth;
    this.maxAttributes = b.maxAttributes;
    this.maxJsonBytes = b.maxJsonBytes;
    this.onCut = b.onCut;
    Object.freeze(this);
  }
}

/** The budget used when none (or an invalid field) is given. Frozen. */
export const DEFAULT_NORMALIZE_BUDGET: Readonly<NormalizeBudget> = new ResolvedBudget({
  maxStringBytes: DEFAULT_MAX_VALUE_BYTES,
  maxDepth: 16,
  maxAttributes: 256,
  maxJsonBytes: DEFAULT_MAX_VALUE_BYTES,
  onCut: undefined,
});

/**
 * Strings written whole (only made well-formed): for values flattened before the tracer that will export them is
 * known (`trace()` options' `metadata` and `config`, derived step inputs/outputs). They are references to strings
 * the application holds anyway; the export budget cuts and counts them with the same rule.
 */
export const WHOLE_STRINGS_BUDGET: Readonly<NormalizeBudget> = new ResolvedBudget({ ...DEFAULT_NORMALIZE_BUDGET, maxStringBytes: Number.MAX_SAFE_INTEGER });

function pick(value: unknown, fallback: number): number {
  if (typeof value !== "number" || !(value >= 0)) return fallback;
  return value === Infinity ? Number.MAX_SAFE_INTEGER : Math.floor(value);
}

/**
 * Completes a partial budget with defaults. Fields that are not non-negative numbers fall back to their
 * default; `Infinity` means "no limit" (capped at `Number.MAX_SAFE_INTEGER`); `maxStringBytes` is at least
 * {@link MIN_STRING_BYTES}. Never throws.
 */
export function resolveBudget(budget?: Partial<NormalizeBudget>): Readonly<NormalizeBudget> {
  if (budget === undefined || budget === null) return DEFAULT_NORMALIZE_BUDGET;
  if (budget instanceof ResolvedBudget) return budget;
  try {
    const onCut = budget.onCut;
    return {
      maxStringBytes: Math.max(MIN_STRING_BYTES, pick(budget.maxStringBytes, DEFAULT_NORMALIZE_BUDGET.maxStringBytes)),
      maxDepth: pick(budget.maxDepth, DEFAULT_NORMALIZE_BUDGET.maxDepth),
      maxAttributes: pick(budget.maxAttributes, DEFAULT_NORMALIZE_BUDGET.maxAttributes),
      maxJsonBytes: pick(budget.maxJsonBytes, DEFAULT_NORMALIZE_BUDGET.maxJsonBytes),
      onCut: typeof onCut === "function" ? onCut : undefined,
    };
  } catch {
    return DEFAULT_NORMALIZE_BUDGET;
  }
}

/** The budget of a tracer's span attributes: strings and JSON bounded by its `maxAttributeBytes`, cuts reported to `onCut`. */
export function attributeBudget(maxAttributeBytes: number, onCut: (count: number) => void): Readonly<NormalizeBudget> {
  return new ResolvedBudget(resolveBudget({ maxStringBytes: maxAttributeBytes, maxJsonBytes: maxAttributeBytes, onCut }));
}

/** Reports the cuts of one call to the budget's `onCut` (never throws into the caller). */
export function reportCuts(budget: Readonly<NormalizeBudget>, count: number): void {
  if (count === 0 || budget.onCut === undefined) return;
  try {
    budget.onCut(count);
  } catch {
    // a counter must not break normalisation
  }
}
