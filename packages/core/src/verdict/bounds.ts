/**
 * Comparisons of a computed number with a bound the user wrote (a passing range's `min`/`max`, a `--fail-under`
 * threshold). Averages and scores carry binary floating-point error: 0.7 and 0.1 average to 0.39999999999999997,
 * 0.1 + 0.2 is 0.30000000000000004. A value within floating-point noise of the bound (`float-noise.ts`) meets it, so
 * "average 0.4 ≥ 0.4" never fails; any difference a person could mean (0.3999 against 0.4) still does.
 */
import { noiseTolerance } from "./float-noise";

function tolerance(bound: number): number {
  return noiseTolerance(bound);
}

/** `value ≥ min`, with the floating-point tolerance above. */
export function atLeast(value: number, min: number): boolean {
  return value >= min - tolerance(min);
}

/** `value ≤ max`, with the floating-point tolerance above. */
export function atMost(value: number, max: number): boolean {
  return value <= max + tolerance(max);
}
