/**
 * A run's results as every comparison reads them: per datapoint, its trials (one session each) with their execution
 * state, verdict, metric values and usage; the datapoints not run; the run's declared metric directions and passing
 * ranges. Built from a run summary (`GET /v1/runs/{id}/result`, the spec's shape plus the dev server's additions:
 * `not_run`, each datapoint's `error` and `usage`) by {@link runResultsFromSummary}, so the dev server, the viewer and
 * `compareRuns` compare the very same data. Untrusted input: malformed entries are skipped, never thrown on.
 */
import type { ExecutionState } from "./compare";
import { declaredDirections, type MetricDirection } from "./metric-direction";

/** The per-datapoint usage compared like metrics: the app's and the evaluation's cost (US dollars) and latency (ms). */
export const USAGE_FIELDS = ["app_cost_usd", "evaluation_cost_usd", "app_latency_ms", "evaluation_latency_ms"] as const;

/** One of {@link USAGE_FIELDS}. */
export type UsageField = (typeof USAGE_FIELDS)[number];

/** A metric of a run, keyed as the server keys it (name, event name, event type). */
export interface MetricKey {
  name: string;
  eventName: string;
  eventType: string;
}

/** One trial (session) of a datapoint. */
export interface TrialResult {
  /** `ran`, or `errored` (its function failed: the session records an error). */
  state: Exclude<ExecutionState, "not_run">;
  /** The trial's verdict (the summary's `passed`). */
  passed: boolean;
  /** Metric values by {@link metricKeyText}: numbers, booleans kept as booleans. */
  values: Map<string, number | boolean>;
  /** Cost and latency, where known. */
  usage: Partial<Record<UsageField, number>>;
}

/** A run's results (see the module comment). */
export interface RunResults {
  /** Trials by datapoint id, in first-seen order. */
  datapoints: Map<string, TrialResult[]>;
  /** Datapoints of the run that have no session (the run was cancelled before they started). */
  notRun: Set<string>;
  /** Metric keys by {@link metricKeyText}, first seen first. */
  keys: Map<string, MetricKey>;
  /** Declared directions by metric name (`configuration.metric_directions`). */
  directions: Record<string, MetricDirection>;
  /** Passing ranges by metric name, as the run recorded them (untrusted shapes; read with `passingRangeOf`). */
  ranges: Record<string, unknown>;
}

/** The text that keys a metric (the dev server's `metricKeyId`). */
export function metricKeyText(key: MetricKey): string {
  return JSON.stringify([key.name, key.eventName, key.eventType]);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function scalar(value: unknown): number | boolean | undefined {
  return typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)) ? value : undefined;
}

function usageOf(value: unknown): TrialResult["usage"] {
  const raw = record(value);
  const usage: TrialResult["usage"] = {};
  if (raw === undefined) return usage;
  for (const field of USAGE_FIELDS) {
    const n = raw[field];
    if (typeof n === "number" && Number.isFinite(n) && n >= 0) usage[field] = n;
  }
  return usage;
}

/** Reads one summary datapoint's metrics into `values`, noting new keys. */
function readMetrics(entries: unknown, values: Map<string, number | boolean>, keys: Map<string, MetricKey>): void {
  for (const entry of list(entries)) {
    const m = record(entry);
    const name = text(m?.name);
    const value = scalar(m?.value);
    if (m === undefined || name === undefined || value === undefined) continue;
    const key: MetricKey = { name, eventName: text(m.event_name) ?? "", eventType: text(m.event_type) ?? "" };
    const id = metricKeyText(key);
    if (!keys.has(id)) keys.set(id, key);
    values.set(id, value);
  }
}

/** The passing ranges of a summary: the run object's, else those its metric details name. */
function rangesOf(summary: Record<string, unknown>): Record<string, unknown> {
  const own = record(record(summary.run_object)?.passing_ranges);
  const ranges: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const detail of list(record(summary.metrics)?.details)) {
    const d = record(detail);
    const name = text(d?.metric_name);
    if (name !== undefined && record(d?.passing_range) !== undefined) ranges[name] = d!.passing_range;
  }
  if (own) for (const [name, range] of Object.entries(own)) ranges[name] = range;
  return ranges;
}

/** The {@link RunResults} of a run summary (see the module comment); empty results for anything but an object. */
export function runResultsFromSummary(summary: unknown): RunResults {
  const s = record(summary) ?? {};
  const datapoints = new Map<string, TrialResult[]>();
  const keys = new Map<string, MetricKey>();
  for (const entry of list(s.datapoints)) {
    const d = record(entry);
    const id = text(d?.datapoint_id);
    if (d === undefined || id === undefined) continue;
    const trial: TrialResult = { state: text(d.error) !== undefined ? "errored" : "ran", passed: d.passed === true, values: new Map(), usage: usageOf(d.usage) };
    readMetrics(d.metrics, trial.values, keys);
    const trials = datapoints.get(id);
    if (trials) trials.push(trial);
    else datapoints.set(id, [trial]);
  }
  const notRun = new Set(list(s.not_run).flatMap((id) => (typeof id === "string" && !datapoints.has(id) ? [id] : [])));
  const runObject = record(s.run_object);
  return { datapoints, notRun, keys, directions: declaredDirections(runObject?.configuration), ranges: rangesOf(s) };
}
