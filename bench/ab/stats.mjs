// Statistics and verdicts of the A/B gate (bench/ab/ab.mjs). Pure functions: test/bench/ab-stats.test.ts.
//
// Each round runs the base and the head build back to back, so the load the machine had during that round
// weighs on both: the gate compares the per-round ratios head / base (paired), not two independent medians.
//   change = median(head_i / base_i) - 1
//   noise  = robust standard deviation of those ratios (1.4826 × their median absolute deviation)
//   margin = max(MIN_MARGIN, 3 × 1.25 × noise / √rounds)   (three standard errors of a median, at least 10 %)
// A figure regresses when change > margin ("higher is worse" for every tracked figure) AND a sign test agrees: the
// one-sided 95 % lower confidence bound of the median ratio (an order statistic of the ratios) is above 1, i.e.
// nearly every round saw the head slower (all 5 of 5, 7 of 8). One round's outlier cannot fail the run, and a
// figure whose rounds scatter both ways (the same code measured twice under a moving load) is not a regression.
// Rounds: at least `--rounds`; the gate adds rounds (up to `--max-rounds`) while a gated figure is noisy or shows a
// regression, so a failure always rests on the full number of rounds (a single unlucky round among five cannot fail
// the run; a real 20 % slowdown stays above the margin however many rounds are added).

/** Smallest margin: changes below 10 % are never reported as regressions. */
export const MIN_MARGIN = 0.1;
/** A margin above this cannot resolve a 20 % slowdown: the gate adds rounds, then reports the figure as noisy. */
export const MAX_USEFUL_MARGIN = 0.18;

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Robust standard deviation: 1.4826 × the median absolute deviation (0 for fewer than 2 values). */
export function robustSd(values) {
  if (values.length < 2) return 0;
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

/**
 * Compares paired samples of one figure (index i of `base` and `head` come from the same round).
 * Returns the medians, the relative change, the noise-derived margin and the verdict.
 */
export function compare(base, head) {
  if (base.length !== head.length || base.length === 0) throw new Error(`compare: ${base.length} base and ${head.length} head samples`);
  const ratios = base.map((b, i) => head[i] / b);
  const change = median(ratios) - 1;
  const noise = robustSd(ratios);
  const margin = Math.max(MIN_MARGIN, (3 * 1.25 * noise) / Math.sqrt(ratios.length));
  const sorted = [...ratios].sort((a, b) => a - b);
  const k = signTestRank(ratios.length);
  const slower = sorted[k] > 1;
  const faster = sorted[sorted.length - 1 - k] < 1;
  const verdict = change > margin && slower ? "regressed" : change < -margin && faster ? "improved" : "same";
  return {
    base: median(base), head: median(head), change, noise, margin, verdict, suspect: change > margin,
    noisy: margin > MAX_USEFUL_MARGIN, rounds: ratios.length,
  };
}

/**
 * 0-based rank of the one-sided 95 % lower confidence bound of a median among n sorted values: the largest r with
 * P(Binomial(n, ½) ≤ r) ≤ 5 % (0, the minimum, for 5–7 values; 1 for 8–10). For fewer than 5 values no rank is
 * that sure: the minimum is used.
 */
export function signTestRank(n) {
  let r = 0;
  let below = 1; // P(X ≤ r) × 2^n, starting at r = 0
  let term = 1;
  for (let i = 1; i < n; i++) {
    term = (term * (n - i + 1)) / i; // C(n, i)
    if ((below + term) / 2 ** n > 0.05) break;
    below += term;
    r = i;
  }
  return r;
}

/**
 * Gated figures whose verdict is not settled yet: too noisy to resolve a 20 % change, or changed for the worse by
 * more than the margin (a regression is confirmed on more rounds before it fails the run). The gate runs another round while this list is not empty.
 */
export function unsettled(figures) {
  return figures.filter((f) => {
    if (!f.gated) return false;
    const c = compare(f.base, f.head);
    return c.noisy || (c.suspect && !f.accepted);
  }).map((f) => f.name);
}

/** "min–max" of a list, formatted with `fmt`. */
export function range(values, fmt) {
  return `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`;
}

const pct = (x) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)} %`;

/**
 * The gate's table (markdown). `figures`: [{ name, fmt, gated, accepted?, budget?, base: number[], head: number[] }]; a
 * figure with `accepted` (a reason) is reported but does not fail a regression; a gated figure whose head is above its
 * `budget` (an absolute limit) fails the run whatever the base did.
 * Returns the text and whether a gated figure regressed.
 */
export function report(figures, labels) {
  const lines = [
    `| figure | ${labels.base} | ${labels.head} | change | margin | verdict |`,
    "|---|---:|---:|---:|---:|---|",
  ];
  let failed = false;
  const noisy = [];
  for (const f of figures) {
    const c = compare(f.base, f.head);
    const over = f.gated && f.budget !== undefined && c.head > f.budget;
    const bad = (f.gated && c.verdict === "regressed" && !f.accepted) || over;
    failed ||= bad;
    if (f.gated && c.noisy) noisy.push(f.name);
    const verdict = over ? `**OVER BUDGET** (${f.fmt(f.budget)})` : bad ? "**REGRESSED**" : !f.gated ? `${c.verdict} (not gated)` : f.accepted && c.verdict === "regressed"
      ? `regressed, accepted: ${f.accepted}` : c.noisy ? `${c.verdict} (noisy)`
        : c.suspect && c.verdict === "same" ? "same (worse beyond the margin, but not in nearly every round)" : c.verdict;
    const cell = (xs, m) => `${f.fmt(m)} (${range(xs, f.fmt)})`;
    lines.push(`| ${f.name} | ${cell(f.base, c.base)} | ${cell(f.head, c.head)} | ${pct(c.change)} | ±${(c.margin * 100).toFixed(1)} % | ${verdict} |`);
  }
  return { text: lines.join("\n"), failed, noisy };
}
