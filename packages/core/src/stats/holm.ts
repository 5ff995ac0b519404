/**
 * Holm's step-down correction of several p-values (one per metric of a comparison): sorted ascending, the i-th
 * smallest (from 0) is multiplied by (m − i), each adjusted value kept at least as large as the one before, capped at
 * 1. It keeps the chance of any false "significant" across all m metrics at the chosen level, under any dependence
 * between them, and never rejects less than Bonferroni.
 */

/** The Holm-adjusted p-values, in the input's order; a `null` (a metric without a test) stays null and does not count. */
export function holmAdjusted(pValues: readonly (number | null)[]): (number | null)[] {
  const tested = pValues.flatMap((p, index) => (p === null ? [] : [{ p, index }])).sort((a, b) => a.p - b.p || a.index - b.index);
  const out: (number | null)[] = pValues.map(() => null);
  const m = tested.length;
  let running = 0;
  tested.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[index] = running;
  });
  return out;
}
