/**
 * How a compared metric's significance reads, in the same words wherever it is shown (the CLI's summary, the Markdown
 * report, the viewer's comparison page): `improved (p = 0.003, +0.11 [+0.04, +0.18])`, `degraded (p < 0.001, …)`, or
 * `no detectable change (n = 34, smallest detectable ±0.18)` (`…, too few datapoints to detect any change)` where no
 * change could be significant with n pairs). The p-value is the corrected one (it decides); numbers
 * as `text/format-score` writes them.
 */
import { formatScore } from "../text/format-score";
import type { MetricSignificance } from "./metric-significance";

/** `+0.11`, `-0.2`, `0`. */
export function signedScore(value: number): string {
  const text = formatScore(value);
  return value > 0 ? `+${text}` : text;
}

/** `p < 0.001`, `p = 0.003`, `p = 0.31`, `p = 1`. */
export function pValueText(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${String(Number(p.toPrecision(2)))}`;
}

/** The mean difference and its 95 % interval: `+0.11 [+0.04, +0.18]`. */
export function differenceText(s: Pick<MetricSignificance, "meanDifference" | "interval">): string {
  return `${signedScore(s.meanDifference)} [${signedScore(s.interval[0])}, ${signedScore(s.interval[1])}]`;
}

/** The whole reading of a metric's significance (see the module comment); a row without pairs says so. */
export function significanceText(s: MetricSignificance | null): string {
  if (s === null) return "not compared (no datapoint has a value in both runs)";
  if (s.verdict === "no detectable change") {
    const smallest = Number.isFinite(s.detectableEffect) ? `, smallest detectable ±${formatScore(s.detectableEffect)}` : ", too few datapoints to detect any change";
    return `no detectable change (n = ${s.n}${smallest})`;
  }
  return `${s.verdict} (${pValueText(s.adjustedP)}, ${differenceText(s)})`;
}
