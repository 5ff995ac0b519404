/**
 * Labels of a time axis: every tick of one axis has the same unit and the same number of decimals,
 * chosen from the step between ticks, so the labels are distinct and evenly spaced ("0.00 ms, 0.41 ms,
 * 0.82 ms" for a step of 0.4093 ms; "0 ms, 200 ms, …"; "0.00 s, 0.25 s, …"; from a minute on, "1m 15s").
 */
const MAX_DECIMALS = 6;

/** Whole seconds as "2m 03s". */
function minutesLabel(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
}

/**
 * Decimals for ticks `step` apart (in the display unit): as many as the step's first significant digit
 * needs, one more when the step is not exact at that precision (0.4 → 1, 5 → 0, 0.4093 → 2).
 */
function decimalsFor(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  const least = Math.max(0, Math.ceil(-Math.log10(step)));
  const scaled = step * 10 ** least;
  const exact = Math.abs(scaled - Math.round(scaled)) <= 1e-9 * scaled;
  return Math.min(MAX_DECIMALS, exact ? least : least + 1);
}

/** The labels of the ticks at `fractions` (0…1) of an axis `total` ms long. */
export function axisTickLabels(total: number, fractions: readonly number[]): string[] {
  if (!Number.isFinite(total) || total < 0) return fractions.map(() => "—");
  if (total >= 60_000) return fractions.map((p) => minutesLabel(total * p));
  const [unit, scale] = total >= 1000 ? ["s", 1000] : ["ms", 1];
  let step = Infinity;
  for (let i = 1; i < fractions.length; i++) step = Math.min(step, Math.abs(fractions[i]! - fractions[i - 1]!) * total / scale);
  const decimals = decimalsFor(step);
  return fractions.map((p) => `${((total * p) / scale).toFixed(decimals)} ${unit}`);
}
