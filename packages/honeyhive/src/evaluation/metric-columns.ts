/**
 * The scores (`metrics`) of a run's datapoint summaries, kept in columns while the run is in flight: one column per
 * metric name (its numbers in a Float64Array, what each value is in a Uint8Array, texts in {@link CompactTexts}), and
 * per row the list of its names, in order, shared by every row with the same list. `at(row)` makes the object again,
 * equal to the one kept, its keys in the same order.
 */
import { withRoomFor } from "../internal/growable-array";
import type { CompactTexts } from "../internal/compact-texts";
import type { MetricValue } from "./evaluator-output";

const NUMBER = 1;
const FALSE = 2;
const TRUE = 3;
const TEXT = 4;

/** One metric name's values by row. */
interface Column {
  kinds: Uint8Array;
  values: Float64Array;
}

/** Scores by row, in columns. */
export class MetricColumns {
  readonly #texts: CompactTexts;
  readonly #capacity: number;
  /** Each distinct list of names, and its number by its JSON. */
  readonly #shapes: string[][] = [];
  readonly #shapeIds = new Map<string, number>();
  #rowShape: Uint32Array;
  /** The list of names kept last. */
  #lastShape = -1;
  readonly #columns = new Map<string, Column>();

  /** `texts` keeps the text values; `capacity` is the rows expected (the columns grow beyond it). */
  constructor(texts: CompactTexts, capacity: number) {
    this.#texts = texts;
    this.#capacity = Math.max(16, capacity);
    this.#rowShape = new Uint32Array(this.#capacity);
  }

  /** Whether `metrics` can be kept in columns: a plain object whose values are all numbers, booleans or strings. */
  static fits(metrics: unknown): metrics is Record<string, MetricValue> {
    if (typeof metrics !== "object" || metrics === null || Object.getPrototypeOf(metrics) !== Object.prototype) return false;
    for (const key in metrics) {
      const kind = typeof (metrics as Record<string, unknown>)[key];
      if (kind !== "number" && kind !== "boolean" && kind !== "string") return false;
    }
    return Object.getOwnPropertySymbols(metrics).length === 0;
  }

  /** Keeps `metrics` (see {@link MetricColumns.fits}) as row `row`'s. */
  keep(row: number, metrics: Record<string, MetricValue>): void {
    const shape = this.#shapeOf(metrics);
    this.#rowShape = withRoomFor(this.#rowShape, row);
    this.#rowShape[row] = shape;
    for (const name of this.#shapes[shape]!) {
      const column = this.#column(name, row);
      const value = metrics[name]!;
      if (typeof value === "number") {
        column.kinds[row] = NUMBER;
        column.values[row] = value;
      } else if (typeof value === "boolean") column.kinds[row] = value ? TRUE : FALSE;
      else {
        column.kinds[row] = TEXT;
        column.values[row] = this.#texts.add(value);
      }
    }
  }

  /** Row `row`'s metrics, as kept. */
  at(row: number): Record<string, MetricValue> {
    const metrics: Record<string, MetricValue> = {};
    for (const name of this.#shapes[this.#rowShape[row]!]!) {
      const column = this.#columns.get(name)!;
      const kind = column.kinds[row];
      const value = kind === NUMBER ? column.values[row]! : kind === TEXT ? this.#texts.text(column.values[row]!) : kind === TRUE;
      if (name === "__proto__") Object.defineProperty(metrics, name, { value, enumerable: true, writable: true, configurable: true });
      else metrics[name] = value;
    }
    return metrics;
  }

  /** The number of the list of names of `metrics` (the last row's when equal, the common case). */
  #shapeOf(metrics: Record<string, MetricValue>): number {
    const last = this.#lastShape;
    const lastNames = this.#shapes[last];
    if (lastNames !== undefined) {
      let i = 0;
      let same = true;
      for (const key in metrics) {
        if (lastNames[i++] !== key) {
          same = false;
          break;
        }
      }
      if (same && i === lastNames.length) return last;
    }
    const names = Object.keys(metrics);
    const key = JSON.stringify(names);
    let id = this.#shapeIds.get(key);
    if (id === undefined) {
      id = this.#shapes.push(names) - 1;
      this.#shapeIds.set(key, id);
    }
    this.#lastShape = id;
    return id;
  }

  #column(name: string, row: number): Column {
    let column = this.#columns.get(name);
    if (column === undefined) {
      column = { kinds: new Uint8Array(this.#capacity), values: new Float64Array(this.#capacity) };
      this.#columns.set(name, column);
    }
    column.kinds = withRoomFor(column.kinds, row);
    column.values = withRoomFor(column.values, row);
    return column;
  }
}
