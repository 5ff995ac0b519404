/**
 * The datapoints a run goes through, by position: held in memory (an inline dataset, a file, a server dataset loaded
 * whole), or read from the server page by page as the run asks for them (see `datasets/streamed-remote-dataset.ts`).
 */
import type { PreparedDatapoint } from "../datasets/prepare-dataset";
import type { StreamedRemoteDataset } from "../datasets/streamed-remote-dataset";
import { FILE_CHANGED, type StreamedFileDataset } from "../datasets/streamed-file-dataset";

/** The run's datapoints (its shard's), by position. */
export interface DatapointSlice {
  readonly length: number;
  /** The datapoint at `position`, read when asked (positions are asked in order); undefined when it could not be read. */
  at(position: number): PreparedDatapoint | undefined | Promise<PreparedDatapoint | undefined>;
  /** What a datapoint never run is reported with: the datapoint itself when held, else its index and id alone. */
  stub(position: number): PreparedDatapoint;
  /** The dataset's content version, known only once a streamed dataset has been read whole. */
  version?(): string | undefined;
  /** Why a datapoint `at` gave none did not run (default: the server did not give it). */
  readonly notReadReason?: string;
}

/** A slice of datapoints held in memory. */
export function heldSlice(datapoints: readonly PreparedDatapoint[]): DatapointSlice {
  return { length: datapoints.length, at: (position) => datapoints[position], stub: (position) => datapoints[position]! };
}

/** A server dataset (or its range: a shard's) read page by page as the run goes; its datapoints keep their dataset index. */
export function streamedSlice(dataset: StreamedRemoteDataset): DatapointSlice {
  const { start, end } = dataset.range;
  return {
    length: end - start,
    at: (position) => dataset.at(start + position),
    stub: (position) => ({ index: start + position, datapointId: dataset.ids[start + position]!, inputs: {}, groundTruth: undefined }),
    version: () => dataset.version(),
  };
}

/**
 * A dataset file (JSON Lines, JSON array) read a row at a time as the run goes (its version is known from the first
 * pass), or its range (a shard's); its datapoints keep their dataset index.
 */
export function fileSlice(dataset: StreamedFileDataset): DatapointSlice {
  const { start, end } = dataset.range;
  return {
    length: end - start,
    at: (position) => dataset.at(start + position),
    stub: (position) => ({ index: start + position, datapointId: dataset.ids[start + position]!, inputs: {}, groundTruth: undefined }),
    notReadReason: FILE_CHANGED,
  };
}
