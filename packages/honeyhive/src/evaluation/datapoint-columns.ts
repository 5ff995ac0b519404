/**
 * The results a run keeps for `result.datapoints` while it is in flight. In `"summary"` mode the summaries are kept in
 * columns outside the JavaScript heap — per row its index, trial, duration, status and verdict in typed arrays, its
 * ids and error as bytes ({@link CompactTexts}), its scores by name ({@link MetricColumns}) — and made into objects once
 * the pool is done ({@link KeptDatapointResults.at}), equal to the summaries {@link datapointSummary} makes. A summary
 * kept as an object lives as long as the run, and while datapoints run V8 lets its old generation grow to about four
 * times what was live after its last full collection: 260 bytes per datapoint run cost about a kilobyte of the
 * process's memory (decision record 0094). What the columns cannot hold as it is (evaluator errors, a metric value
 * that is not a number, boolean or string) and every run kept whole (`"full"` mode, a run that did not pass) is kept
 * as the object by the caller (the pool's array of results).
 */
import { withRoomFor } from "../internal/growable-array";
import { CompactTexts } from "../internal/compact-texts";
import { datapointSummary, isEmptyRecord, keptDatapointResult, keptWhole } from "./datapoint-summary";
import { MetricColumns } from "./metric-columns";
import type { DatapointResult, DatapointResultsMode, DatapointStatus, EventMetric } from "./types";

const STATUSES: readonly DatapointStatus[] = ["success", "failed", "timed_out", "cancelled", "not_run"];
/** A row's state when kept in the columns (0: not). */
const IN_COLUMNS = 1;
/** A text column's value for "absent". */
const ABSENT = -1;

/**
 * `value` as a small integer when it is one: a number read from a Float64Array is a boxed double (16 bytes more per
 * field of every summary made from the columns, measured with %DebugPrint), `| 0` makes it a small integer again.
 */
function smallInteger(value: number): number {
  const integer = value | 0;
  return integer === value && !Object.is(value, -0) ? integer : value;
}

/** Whether the summary of `result` can be kept in the columns exactly. */
function fitsColumns(r: DatapointResult): boolean {
  return typeof r.index === "number" && typeof r.trial === "number" && typeof r.durationMs === "number" && typeof r.passed === "boolean"
    && typeof r.datapointId === "string" && (r.sessionId === undefined || typeof r.sessionId === "string")
    && (r.error === undefined || typeof r.error === "string") && STATUSES.includes(r.status)
    && isEmptyRecord(r.evaluatorErrors) && MetricColumns.fits(r.metrics);
}

/**
 * The summaries of a run's datapoint trials by row (the pool's index), in columns; {@link KeptDatapointResults.keep}
 * says which results the caller keeps as objects instead.
 */
export class KeptDatapointResults {
  readonly #mode: DatapointResultsMode;
  readonly #texts = new CompactTexts();
  readonly #metrics: MetricColumns;
  #state: Uint8Array;
  #index: Float64Array;
  #trial: Float64Array;
  #duration: Float64Array;
  /** The status's place in {@link STATUSES}, times two, plus one when the run passed. */
  #statusPassed: Uint8Array;
  #datapointId: Int32Array;
  #sessionId: Int32Array;
  #error: Int32Array;
  readonly #eventMetrics = new Map<number, EventMetric[]>();
  readonly #eventMetricsDropped = new Map<number, number>();

  /** `capacity`: the rows expected (the run's datapoint trials; the columns grow beyond it). */
  constructor(mode: DatapointResultsMode, capacity: number) {
    this.#mode = mode;
    const rows = mode === "summary" ? Math.max(16, capacity) : 0;
    this.#metrics = new MetricColumns(this.#texts, rows);
    this.#state = new Uint8Array(rows);
    this.#index = new Float64Array(rows);
    this.#trial = new Float64Array(rows);
    this.#duration = new Float64Array(rows);
    this.#statusPassed = new Uint8Array(rows);
    this.#datapointId = new Int32Array(rows);
    this.#sessionId = new Int32Array(rows);
    this.#error = new Int32Array(rows);
  }

  /**
   * Keeps row `row`'s summary in the columns when the mode summarizes it and it fits them (then returns undefined);
   * else returns what the caller keeps as the object instead: the result itself, or its summary.
   */
  keep(row: number, result: DatapointResult): DatapointResult | undefined {
    if (keptWhole(result, this.#mode) || !fitsColumns(result)) return keptDatapointResult(result, this.#mode);
    this.#grow(row);
    this.#state[row] = IN_COLUMNS;
    this.#index[row] = result.index;
    this.#trial[row] = result.trial;
    this.#duration[row] = result.durationMs;
    this.#statusPassed[row] = STATUSES.indexOf(result.status) * 2 + (result.passed ? 1 : 0);
    this.#datapointId[row] = this.#texts.add(result.datapointId);
    this.#sessionId[row] = result.sessionId === undefined ? ABSENT : this.#texts.add(result.sessionId);
    this.#error[row] = result.error === undefined ? ABSENT : this.#texts.add(result.error);
    this.#metrics.keep(row, result.metrics);
    if (result.eventMetrics !== undefined) this.#eventMetrics.set(row, result.eventMetrics);
    if (result.eventMetricsDropped !== undefined) this.#eventMetricsDropped.set(row, result.eventMetricsDropped);
    return undefined;
  }

  /**
   * Row `row`'s summary, made from the columns (a new object each call); undefined when the columns do not hold it.
   * `datapointId`: the row's datapoint id as the dataset holds it, used as it is when it is the one kept (each summary
   * shares its dataset's id string instead of holding a copy: 56 bytes per summary); `sessionId` likewise, the row's
   * session id as the result's `sessionIds` holds it.
   */
  at(row: number, datapointId?: string, sessionId?: string): DatapointResult | undefined {
    if (!this.holds(row)) return undefined;
    const error = this.#error[row]!;
    const sessionRef = this.#sessionId[row]!;
    const eventMetrics = this.#eventMetrics.get(row);
    const eventMetricsDropped = this.#eventMetricsDropped.get(row);
    return datapointSummary({
      index: smallInteger(this.#index[row]!), trial: smallInteger(this.#trial[row]!), datapointId: this.#shared(this.#datapointId[row]!, datapointId),
      sessionId: sessionRef === ABSENT ? undefined : this.#shared(sessionRef, sessionId), status: this.status(row),
      metrics: this.#metrics.at(row), evaluatorErrors: {}, durationMs: this.#duration[row]!, passed: this.passed(row),
      ...(error === ABSENT ? {} : { error: this.#texts.text(error) }),
      ...(eventMetrics === undefined ? {} : { eventMetrics }),
      ...(eventMetricsDropped === undefined ? {} : { eventMetricsDropped }),
    });
  }

  /** Whether the columns hold row `row`'s summary. */
  holds(row: number): boolean {
    return this.#state[row] === IN_COLUMNS;
  }

  /** Row `row`'s status (a row the columns hold, {@link holds}). */
  status(row: number): DatapointStatus {
    return STATUSES[this.#statusPassed[row]! >> 1]!;
  }

  /** Row `row`'s verdict (a row the columns hold). */
  passed(row: number): boolean {
    return (this.#statusPassed[row]! & 1) === 1;
  }

  /** Row `row`'s session id (a row the columns hold). */
  sessionId(row: number): string | undefined {
    const ref = this.#sessionId[row]!;
    return ref === ABSENT ? undefined : this.#texts.text(ref);
  }

  /** Row `row`'s count of metric values beyond what a datapoint keeps (a row the columns hold). */
  eventMetricsDropped(row: number): number | undefined {
    return this.#eventMetricsDropped.get(row);
  }

  /** Sets the verdict of row `row` when the columns hold it (the k-of-n trials verdict decides it again). */
  setPassed(row: number, passed: boolean): void {
    if (!this.holds(row)) return;
    this.#statusPassed[row] = (this.#statusPassed[row]! & ~1) | (passed ? 1 : 0);
  }

  /** The text kept at `ref`: `candidate` itself when equal to it. */
  #shared(ref: number, candidate: string | undefined): string {
    const text = this.#texts.text(ref);
    return text === candidate ? candidate : text;
  }

  #grow(row: number): void {
    if (row < this.#state.length) return;
    this.#state = withRoomFor(this.#state, row);
    this.#index = withRoomFor(this.#index, row);
    this.#trial = withRoomFor(this.#trial, row);
    this.#duration = withRoomFor(this.#duration, row);
    this.#statusPassed = withRoomFor(this.#statusPassed, row);
    this.#datapointId = withRoomFor(this.#datapointId, row);
    this.#sessionId = withRoomFor(this.#sessionId, row);
    this.#error = withRoomFor(this.#error, row);
  }
}
