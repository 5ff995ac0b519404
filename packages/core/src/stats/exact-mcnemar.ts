/**
 * The exact McNemar test of paired pass/fail outcomes: only the discordant pairs count (`b` datapoints that passed
 * before and fail now, `c` that failed before and pass now). Under "no change" each discordant pair goes either way
 * with probability 1/2, so the smaller count follows a binomial(b + c, 1/2) tail; the two-sided p-value doubles it
 * (capped at 1). Computed in log space so that thousands of discordant pairs neither underflow nor lose precision.
 */

/** Two-sided exact McNemar p-value of `b` and `c` discordant pairs (whole numbers ≥ 0). */
export function exactMcNemarP(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  if (n === 0 || 2 * k === n) return 1;
  // log P(X = i) for X ~ binomial(n, 1/2), from i = 0 upwards: log C(n, i) - n log 2.
  const logHalfPower = -n * Math.LN2;
  let logCoefficient = 0;
  let tail = Math.exp(logHalfPower);
  for (let i = 1; i <= k; i++) {
    logCoefficient += Math.log((n - i + 1) / i);
    tail += Math.exp(logCoefficient + logHalfPower);
  }
  return Math.min(1, 2 * tail);
}

/** The fewest discordant pairs, all one way, whose exact McNemar p-value is below `alpha` (6 at 0.05). */
export function fewestSignificantDiscordant(alpha: number): number {
  let d = 1;
  while (exactMcNemarP(d, 0) >= alpha && d < 1_000) d++;
  return d;
}
