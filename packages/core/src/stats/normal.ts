/**
 * The standard normal distribution's tail, for the large-sample approximation of the paired tests. The complementary
 * error function from its everywhere-positive series below 2 (no cancellation) and its continued fraction above, so
 * tails keep their relative precision far out (a p-value of 1e-30 is still a number, not 0).
 */

const SQRT_PI = Math.sqrt(Math.PI);

function erfSeries(x: number): number {
  // erf(x) = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1·3·…·(2n+1)): every term positive.
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return (2 / SQRT_PI) * Math.exp(-x2) * sum;
}

function erfcContinuedFraction(x: number): number {
  // erfc(x) = e^(-x^2)/sqrt(pi) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated from the back.
  let tail = x;
  for (let k = 120; k >= 1; k--) tail = x + k / 2 / tail;
  return Math.exp(-x * x) / SQRT_PI / tail;
}

/** The complementary error function erfc(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  return x < 2 ? 1 - erfSeries(x) : erfcContinuedFraction(x);
}

/** P(Z ≥ z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return erfc(z / Math.SQRT2) / 2;
}

/** The two-sided p-value of a standard normal statistic `z`. */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, 2 * normalUpperTail(Math.abs(z)));
}

/** The 97.5th percentile of the standard normal (two-sided 95 %). */
export const Z_975 = 1.959963984540054;
/** The 80th percentile of the standard normal (80 % power). */
export const Z_80 = 0.8416212335729143;
