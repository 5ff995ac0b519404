/**
 * A run's datapoint results by row (the pool's index), read one at a time. A row the run kept as an object is that
 * object; a row kept in the columns ({@link KeptDatapointResults}) is a summary made when read: a new object each time,
 * garbage once read. The end of a run (its closing update, counts, verdicts, aggregates, warnings, printed failures)
 * reads the rows this way, and `result.datapoints` is made whole on its first read ({@link lazyDatapoints}): at
 * 100,000 datapoint runs their summaries are about 25 MB of heap that a caller reading only the counts never makes
 * (decision record 0107).
 */
import type { KeptDatapointResults } from "./datapoint-columns";
import type { DatapointResult } from "./types";

/**
 * A run's datapoint results by row (see the module comment). The field readers give one field of a row without making
 * its summary: the passes that need no more (counts, verdict, id lists, the closing update) make no garbage per row.
 */
export interface DatapointRows extends Iterable<DatapointResult> {
  readonly length: number;
  /**
   * Row `row`'s result (`0 <= row < length`). `sessionId`: the row's session id as already held elsewhere (the result's
   * `sessionIds`), which a summary made from the columns shares when equal instead of holding a copy.
   */
  at(row: number, sessionId?: string): DatapointResult;
  /** Decides row `row`'s verdict again (the k-of-n trials verdict): later reads of the row see it. */
  setPassed(row: number, passed: boolean): void;
  status(row: number): DatapointResult["status"];
  passed(row: number): boolean;
  datapointId(row: number): string;
  sessionId(row: number): string | undefined;
  eventMetricsDropped(row: number): number | undefined;
}

/** Every row of `rows`, read in order. */
function* eachRow(rows: Pick<DatapointRows, "length" | "at">): Generator<DatapointResult> {
  for (let row = 0; row < rows.length; row++) yield rows.at(row);
}

/** The rows of results held as objects. */
export function arrayRows(datapoints: readonly DatapointResult[]): DatapointRows {
  return {
    length: datapoints.length,
    at: (row) => datapoints[row]!,
    setPassed: (row, passed) => void (datapoints[row]!.passed = passed),
    status: (row) => datapoints[row]!.status,
    passed: (row) => datapoints[row]!.passed,
    datapointId: (row) => datapoints[row]!.datapointId,
    sessionId: (row) => datapoints[row]!.sessionId,
    eventMetricsDropped: (row) => datapoints[row]!.eventMetricsDropped,
    [Symbol.iterator]: () => datapoints[Symbol.iterator](),
  };
}

/** `datapoints` as rows: itself when rows already, else the rows of the array. */
export function asRows(datapoints: DatapointRows | readonly DatapointResult[]): DatapointRows {
  return Array.isArray(datapoints) ? arrayRows(datapoints) : (datapoints as DatapointRows);
}

/**
 * The rows of a pool's results: `objects[row]` when kept as an object, else the summary the columns (`kept`) hold,
 * sharing its datapoint id string with the dataset (`datapointIdOf(row)`: the id as the dataset holds it).
 */
export function keptRows(objects: readonly (DatapointResult | undefined)[], kept: KeptDatapointResults, datapointIdOf: (row: number) => string): DatapointRows {
  const rows: DatapointRows = {
    length: objects.length,
    at: (row, sessionId) => objects[row] ?? kept.at(row, datapointIdOf(row), sessionId)!,
    setPassed: (row, passed) => {
      const object = objects[row];
      if (object) object.passed = passed;
      else kept.setPassed(row, passed);
    },
    status: (row) => objects[row]?.status ?? kept.status(row),
    passed: (row) => objects[row]?.passed ?? kept.passed(row),
    datapointId: (row) => objects[row]?.datapointId ?? datapointIdOf(row),
    sessionId: (row) => {
      const object = objects[row];
      return object ? object.sessionId : kept.sessionId(row);
    },
    eventMetricsDropped: (row) => {
      const object = objects[row];
      return object ? object.eventMetricsDropped : kept.eventMetricsDropped(row);
    },
    [Symbol.iterator]: () => eachRow(rows),
  };
  return rows;
}

/** Results whose `datapoints` are still rows, not yet made into the array (see {@link lazyDatapoints}). */
const pendingRows = new WeakMap<object, DatapointRows>();

/** Every row's result, in an array; the summaries share the session id strings of `sessionIds` (the rows' in order). */
function rowsArray(rows: DatapointRows, sessionIds: readonly string[]): DatapointResult[] {
  let next = 0;
  return Array.from({ length: rows.length }, (_, row) => {
    const result = rows.at(row, sessionIds[next]);
    if (result.sessionId !== undefined && result.sessionId === sessionIds[next]) next += 1;
    return result;
  });
}

/**
 * Defines `result.datapoints` as made from `rows` on its first read, once (an array kept from then on, the rows let
 * go); setting it replaces it. Enumerable, so a spread or JSON copy holds the array.
 */
export function lazyDatapoints(result: { datapoints: DatapointResult[]; sessionIds: readonly string[] }, rows: DatapointRows): void {
  let pending: DatapointRows | undefined = rows;
  let made: DatapointResult[] = [];
  const settle = (value: DatapointResult[]): void => {
    made = value;
    pending = undefined; // the rows (and the columns they read) are let go
    pendingRows.delete(result);
  };
  pendingRows.set(result, rows);
  Object.defineProperty(result, "datapoints", {
    enumerable: true,
    configurable: true,
    get: () => {
      const from = pending;
      if (from !== undefined) settle(rowsArray(from, Array.isArray(result.sessionIds) ? result.sessionIds : []));
      return made;
    },
    set: settle,
  });
}

/** `result.datapoints` to read once in order: its rows while the array is not made yet (reading them makes none). */
export function eachDatapoint(result: { datapoints: readonly DatapointResult[] }): Iterable<DatapointResult> {
  return pendingRows.get(result) ?? result.datapoints;
}
