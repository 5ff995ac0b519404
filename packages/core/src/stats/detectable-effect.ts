/**
 * The smallest effect a paired comparison of n datapoints could detect, said beside "no detectable change" so that a
 * reader knows how large a change could hide in the noise: the true mean difference a two-sided test at the 5 % level
 * would find with 80 % power, (z₀.₉₇₅ + z₀.₈) · sd / √n, from the spread of the differences seen. For pass/fail
 * metrics it is at least the smallest change that can be significant at all with n datapoints: 6 discordant pairs,
 * all one way (exact McNemar), i.e. 6 / n. With fewer pairs than either test needs to reach the 5 % level at all (6
 * for both: the sign-flip test's smallest two-sided p-value is 2 / 2ⁿ), no change is detectable: `Infinity`.
 */
import { fewestSignificantDiscordant } from "./exact-mcnemar";
import { Z_80, Z_975 } from "./normal";

const ALPHA = 0.05;
/** Fewest pairs with which the exact sign-flip test can give p ≤ ALPHA: 2 / 2ⁿ ≤ ALPHA. */
export const FEWEST_SIGN_FLIP_PAIRS = Math.ceil(1 - Math.log2(ALPHA));
let fewestDiscordant: number | undefined;

/** The smallest detectable mean difference (in the metric's units; a share of datapoints for pass/fail). */
export function detectableEffect(n: number, sdDifference: number, passFail: boolean): number {
  if (n <= 0) return Infinity;
  const byPower = ((Z_975 + Z_80) * sdDifference) / Math.sqrt(n);
  if (!passFail) return n < FEWEST_SIGN_FLIP_PAIRS ? Infinity : byPower;
  fewestDiscordant ??= fewestSignificantDiscordant(ALPHA);
  if (n < fewestDiscordant) return Infinity;
  return Math.min(1, Math.max(byPower, fewestDiscordant / n));
}
