/**
 * The comparison of two runs, computed once from both runs' results (`run-results.ts`) by every front end: the dev
 * server's `compare-with`, the viewer's comparison page, `compareRuns` and so `honeyhive eval --compare` (its summary,
 * `--json` and `--markdown`). Rows:
 * - `verdict`: the datapoints' pass/fail (`pass_rate`, higher is better);
 * - `metric`: each metric key, in its direction (`metric-direction.ts`);
 * - `usage`: the app's and the evaluation's cost (`cost_usd`) and latency (`latency_ms`), lower is better.
 * A datapoint's value of a row is the mean over its trials. Each row lists the datapoints that improved, degraded or
 * stayed the same and carries its paired significance (`metric-significance.ts`), corrected across the quality rows
 * (verdict and metrics; rows with the same paired data count once) and, apart, across the usage rows. Each common datapoint is counted once by its overall
 * direction over the quality rows and its execution (`compare.ts`); cost and latency, which move on every call, do
 * not make a datapoint improved or degraded.
 */
import { seedFor } from "../stats/seeded-random";
import { commonDatapoints, compareValues, datapointDirections, directionCounts, executionChanges, type Direction, type ExecutionChanges, type ExecutionState } from "./compare";
import { metricDirection, type MetricDirection } from "./metric-direction";
import { correctFamily, testMetric, type MetricSignificance, type ValuePair } from "./metric-significance";
import { passingRangeOf } from "./passing-range";
import { USAGE_FIELDS, type RunResults, type TrialResult, type UsageField } from "./run-results";

/** The seed the resampling of every comparison starts from (each row mixes in its paired data). */
export const COMPARISON_SEED = 0x68686576;

/** The name of the verdict row. */
export const PASS_RATE = "pass_rate";

/** What a row compares. */
export type RowSource = "verdict" | "metric" | "usage";

/** One compared row (see the module comment). */
export interface ComparisonRow {
  source: RowSource;
  /** Metric name (`pass_rate`, `cost_usd`, `latency_ms` for the verdict and usage rows). */
  metric: string;
  /** The event the metric was written on; `app` or `evaluation` for a usage row; empty for the verdict row. */
  eventName: string;
  /** The event's type; `usage` or `verdict` for those rows. */
  eventType: string;
  direction: MetricDirection;
  /** Mean per-datapoint value of each run over the paired datapoints (null without pairs). */
  oldMean: number | null;
  newMean: number | null;
  /** Sum of the per-datapoint values of each run over all its datapoints with a value (a run's total cost). */
  oldTotal: number | null;
  newTotal: number | null;
  /** Paired datapoints by their direction in this row (better, worse, same within float error). */
  improved: string[];
  degraded: string[];
  same: string[];
  /** Each paired datapoint's values, old then new (a Map: reports pick the fields they print). */
  pairs: Map<string, ValuePair>;
  significance: MetricSignificance | null;
}

/** The comparison of two runs. */
export interface RunComparisonResult {
  /** Datapoints in both runs (ran, errored or not run), except those not run in either, in the new run's order. */
  common: string[];
  /** Common datapoints that ran before and now errored or were not run, and the other way round. */
  execution: ExecutionChanges;
  rows: ComparisonRow[];
  /** Each common datapoint's overall direction. */
  directions: Map<string, Direction>;
  counts: { improved: number; degraded: number; mixed: number; same: number };
}

/** Options of {@link compareRunResults}. */
export interface CompareOptions {
  /** The resampling seed. @defaultValue {@link COMPARISON_SEED} */
  seed?: number;
}

/** A run's datapoints by execution state: with trials `ran` (or `errored` when one trial errored), else `not_run`. */
export function datapointStates(run: RunResults): Map<string, ExecutionState> {
  const out = new Map<string, ExecutionState>();
  for (const [id, trials] of run.datapoints) out.set(id, trials.some((t) => t.state === "errored") ? "errored" : "ran");
  for (const id of run.notRun) if (!out.has(id)) out.set(id, "not_run");
  return out;
}

/** How one row reads a trial's value. */
type TrialValue = (trial: TrialResult) => number | undefined;

/** A datapoint's value of a row: the mean of its trials' values (ascending first, so every side sums alike). */
function datapointValue(trials: readonly TrialResult[] | undefined, read: TrialValue): number | undefined {
  if (trials === undefined) return undefined;
  const values = trials.flatMap((t) => {
    const v = read(t);
    return v === undefined ? [] : [v];
  });
  if (values.length === 0) return undefined;
  if (values.length === 1) return values[0];
  values.sort((a, b) => a - b);
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** A datapoint's value of metric `keyText` (`metricKeyText`): the mean over its trials; undefined without one. */
export function datapointMetricValue(trials: readonly TrialResult[] | undefined, keyText: string): number | undefined {
  return datapointValue(trials, metricReader(keyText));
}

function metricReader(keyText: string): TrialValue {
  return (t) => {
    const v = t.values.get(keyText);
    return v === undefined ? undefined : typeof v === "boolean" ? Number(v) : v;
  };
}

function total(run: RunResults, read: TrialValue): number | null {
  let sum: number | null = null;
  for (const trials of run.datapoints.values()) {
    const v = datapointValue(trials, read);
    if (v !== undefined) sum = (sum ?? 0) + v;
  }
  return sum;
}

/** What a row is before it is compared. */
interface RowSpec {
  source: RowSource;
  metric: string;
  eventName: string;
  eventType: string;
  direction: MetricDirection;
  read: TrialValue;
}

function rowSpecs(before: RunResults, after: RunResults): RowSpec[] {
  const specs: RowSpec[] = [{ source: "verdict", metric: PASS_RATE, eventName: "", eventType: "verdict", direction: "higher", read: (t) => (t.passed ? 1 : 0) }];
  const keys = new Map(after.keys); // the new run's keys first, then the old run's others
  for (const [id, key] of before.keys) if (!keys.has(id)) keys.set(id, key);
  for (const [id, key] of keys) {
    const declared = after.directions[key.name] ?? before.directions[key.name];
    const range = passingRangeOf(after.ranges, key.name) ?? passingRangeOf(before.ranges, key.name);
    specs.push({ source: "metric", metric: key.name, eventName: key.eventName, eventType: key.eventType, direction: metricDirection(key.name, declared, range), read: metricReader(id) });
  }
  for (const field of USAGE_FIELDS) specs.push(usageSpec(field));
  return specs;
}

function usageSpec(field: UsageField): RowSpec {
  const [side, kind] = field.split("_") as ["app" | "evaluation", "cost" | "latency"];
  return { source: "usage", metric: kind === "cost" ? "cost_usd" : "latency_ms", eventName: side, eventType: "usage", direction: "lower", read: (t) => t.usage[field] };
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/** Tests of paired data already run in this comparison (the verdict and a pass/fail metric deciding it share one). */
type TestCache = Map<string, ReturnType<typeof testMetric>>;

/** One row compared over the common datapoints (before its significance is corrected with the others). */
function compareRow(spec: RowSpec, common: readonly string[], before: RunResults, after: RunResults, seed: number, tests: TestCache) {
  const lists = { improved: [] as string[], degraded: [] as string[], same: [] as string[] };
  const paired: { id: string; pair: ValuePair }[] = [];
  for (const id of common) {
    const a = datapointValue(before.datapoints.get(id), spec.read);
    const b = datapointValue(after.datapoints.get(id), spec.read);
    if (a === undefined || b === undefined) continue;
    const raw = compareValues(a, b);
    lists[raw === "same" ? "same" : (raw === "improved") === (spec.direction === "higher") ? "improved" : "degraded"].push(id);
    paired.push({ id, pair: [a, b] });
  }
  paired.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)); // canonical order: it seeds the resampling
  // Seeded by the paired data itself: the same data gives the same interval wherever and under whatever name.
  const data = JSON.stringify(paired.map((p) => [p.id, p.pair[0], p.pair[1]]));
  let test = tests.get(data);
  if (test === undefined) tests.set(data, (test = testMetric(paired.map((p) => p.pair), seedFor(data, seed))));
  const { read: _read, ...fields } = spec;
  return {
    row: {
      ...fields, ...lists, pairs: new Map(paired.map((p) => [p.id, p.pair])), oldMean: mean(paired.map((p) => p.pair[0])), newMean: mean(paired.map((p) => p.pair[1])),
      oldTotal: total(before, spec.read), newTotal: total(after, spec.read), significance: null,
    } as ComparisonRow,
    test,
    data,
  };
}

/** Compares `after` (the new run) with `before` (the old one); see the module comment. */
export function compareRunResults(before: RunResults, after: RunResults, options: CompareOptions = {}): RunComparisonResult {
  const seed = options.seed ?? COMPARISON_SEED;
  const oldStates = datapointStates(before);
  const newStates = datapointStates(after);
  const common = commonDatapoints(oldStates, newStates);
  const execution = executionChanges(common, oldStates, newStates);
  const tests: TestCache = new Map();
  const compared = rowSpecs(before, after)
    .map((spec) => compareRow(spec, common, before, after, seed, tests))
    .filter(({ row }) => row.source !== "usage" || row.oldTotal !== null || row.newTotal !== null);
  for (const family of [compared.filter((c) => c.row.source !== "usage"), compared.filter((c) => c.row.source === "usage")]) {
    const corrected = correctFamily(family.map((c) => ({ test: c.test, direction: c.row.direction, data: c.data })));
    family.forEach((c, i) => (c.row.significance = corrected[i] ?? null));
  }
  const rows = compared.map((c) => c.row);
  const quality = rows.filter((r) => r.source !== "usage");
  const directions = datapointDirections(common, quality, execution);
  return { common, execution, rows, directions, counts: directionCounts(directions.values()) };
}
