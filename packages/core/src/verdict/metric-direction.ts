/**
 * Which way a metric is better, the one rule of every comparison (the dev server's, the viewer's, `compareRuns` and
 * `honeyhive eval --compare`), in this order:
 * 1. the declaration: an evaluator's `better` (recorded in the run's `configuration.metric_directions`);
 * 2. its passing range: `pass_when: false` or a `max` without a `min` means lower is better, a `min` (or
 *    `pass_when: true`) higher;
 * 3. its name: latency, duration, time, cost, price, tokens and error or failure counts are lower-is-better (a word of
 *    the name, split at `_`, `-`, `.`, spaces and camelCase humps: `latency_ms`, `totalCost`, `error-count`);
 * 4. else higher is better (scores, pass/fail, accuracy).
 * A pass/fail metric reads as 1/0, so a fail → pass is an improvement under the default and under `pass_when: true`.
 */
import type { PassingRange } from "./passing-range";

/** Which way a metric is better. */
export type MetricDirection = "higher" | "lower";

/** Words of a metric name that make it lower-is-better by default. */
export const LOWER_IS_BETTER_WORDS: readonly string[] = [
  "latency", "duration", "time", "ms", "seconds", "cost", "costs", "price", "usd", "token", "tokens", "error", "errors", "failure", "failures",
];

const WORDS = new Set(LOWER_IS_BETTER_WORDS);

/** The lower-case words of a name (`totalCostUsd` → total, cost, usd). */
function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== "");
}

/** True when a metric's name says lower is better (rule 3). */
export function lowerIsBetterByName(name: string): boolean {
  return words(name).some((w) => WORDS.has(w));
}

/** A declared direction, read from untrusted data: `"higher"` / `"lower"` only. */
export function declaredDirection(value: unknown): MetricDirection | undefined {
  return value === "higher" || value === "lower" ? value : undefined;
}

/** The direction a passing range implies (rule 2), or undefined when it implies none (both bounds, or nothing). */
export function rangeDirection(range: PassingRange | undefined): MetricDirection | undefined {
  if (range === undefined) return undefined;
  if (range.pass_when !== undefined) return range.pass_when ? "higher" : "lower";
  if (range.max !== undefined && range.min === undefined) return "lower";
  if (range.min !== undefined && range.max === undefined) return "higher";
  return undefined;
}

/** The direction of metric `name` (see the module comment). */
export function metricDirection(name: string, declared?: unknown, range?: PassingRange): MetricDirection {
  return declaredDirection(declared) ?? rangeDirection(range) ?? (lowerIsBetterByName(name) ? "lower" : "higher");
}

/** The declared directions of a run: its `configuration.metric_directions` (`{ name: "higher" | "lower" }`), untrusted. */
export function declaredDirections(configuration: unknown): Record<string, MetricDirection> {
  const out: Record<string, MetricDirection> = Object.create(null) as Record<string, MetricDirection>;
  const table = typeof configuration === "object" && configuration !== null ? (configuration as Record<string, unknown>).metric_directions : undefined;
  if (typeof table !== "object" || table === null || Array.isArray(table)) return out;
  for (const [name, value] of Object.entries(table)) {
    const direction = declaredDirection(value);
    if (direction !== undefined) out[name] = direction;
  }
  return out;
}
