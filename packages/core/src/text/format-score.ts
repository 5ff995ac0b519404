/**
 * How a score or other measured number is shown to people — the CLI's tables and the viewer alike: integers as they
 * are, others with up to 3 decimals (`0.33333333333333337` → `0.333`, `0.1` → `0.1`), and values too small for
 * that with 3 significant digits (`0.000123`, never a misleading `0`). Only for display: JSON, `--json`, exports
 * and stored values keep the exact number.
 */
export function formatScore(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  if (Math.abs(value) < 0.001) return String(Number(value.toPrecision(3)));
  const fixed = value.toFixed(3).replace(/0+$/, "").replace(/\.$/, "");
  return fixed === "-0" ? "0" : fixed;
}
