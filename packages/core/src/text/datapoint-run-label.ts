/**
 * How a datapoint run is named to people, defined once for the CLI's "Failures:" lines, the `--junit` and
 * `--markdown` reports and the viewer's run page: `#<index>` with the datapoint's 0-based dataset index as
 * evaluate() returns it (`result.datapoints[i].index`, the session's `datapoint_index` metadata), and, in a run of
 * several trials, ` trial <n>` with the 0-based trial (`result.datapoints[i].trial`, the session's `trial` metadata):
 * `#3`, `#3 trial 1`. The numbers are the API's, so a label can be looked up in the result as it is.
 */
export function datapointRunLabel(index: number, trial?: number | null): string {
  return trial === undefined || trial === null ? `#${index}` : `#${index} trial ${trial}`;
}

/** The metadata key under which evaluate() records a session's 0-based dataset index. */
export const DATAPOINT_INDEX_KEY = "datapoint_index";
