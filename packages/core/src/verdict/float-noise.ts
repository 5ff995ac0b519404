/**
 * Binary floating-point noise in computed numbers: averages and scores carry it (0.7 and 0.1 average to
 * 0.39999999999999997; the same mean summed in another order differs in its last bit, so two runs with equal scores
 * can differ by -1.11e-16). Two numbers within a relative {@link RELATIVE_TOLERANCE} of each other are the same
 * number: the one tolerance of the comparisons (improved / degraded / same), the differences shown beside them, and
 * the checks of a value against a bound a user wrote. Any difference a person could mean (0.3999 against 0.4) is
 * far above it.
 */

/** The relative tolerance under which two computed numbers are equal. */
export const RELATIVE_TOLERANCE = 1e-12;

/** The absolute tolerance around `a` and `b`: relative to the larger magnitude, and at least {@link RELATIVE_TOLERANCE}. */
export function noiseTolerance(a: number, b = 0): number {
  return RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** `after - before`, or exactly 0 when the two are the same number within the tolerance (noise is no change). */
export function numericDifference(before: number, after: number): number {
  const delta = after - before;
  return Math.abs(delta) <= noiseTolerance(before, after) ? 0 : delta;
}
