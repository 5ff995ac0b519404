/**
 * A HoneyHive dataset read page by page while a run goes through it: its datapoint ids first (the run is created with
 * them), then its datapoints a page at a time as the run asks for them, one page read ahead, each page let go once
 * the run has moved past it. The content version is computed from what was read, once every page has been.
 */
import type { ApiClient } from "../api-client/create-api-client";
import type { Datapoint } from "../api-client/types";
import { CompactEntries } from "./compact-entries";
import { entryOfDatapoint } from "./dataset-entry";
import { fetchDatapoints, preparedDatapoint, remoteDatapointIds, type PreparedDatapoint } from "./prepare-dataset";

/** Datapoints per page: what one `GET /v1/datapoints` carries. */
export const DATAPOINTS_PER_PAGE = 100;

/** A server dataset whose datapoints are read on demand. */
export interface StreamedRemoteDataset {
  readonly datasetId: string;
  /** Every datapoint id, in the dataset's order. */
  readonly ids: readonly string[];
  /** The positions read: `start` (included) to `end` (excluded); the whole dataset unless a range was given. */
  readonly range: { readonly start: number; readonly end: number };
  /**
   * The datapoint at `position` (0-based, in the dataset's order); undefined when it could not be read. Positions must
   * be asked in order (a position asked again is fine; one before the page last asked is not served).
   */
  at(position: number): Promise<PreparedDatapoint | undefined>;
  /**
   * The content version, once every page was read (undefined before, when a page could not be read whole, or when
   * only a range is read). The
   * first answer is kept, and the canonical texts it was computed from are let go.
   */
  version(): string | undefined;
}

/**
 * Opens dataset `datasetId` for reading page by page (`GET /v1/datasets?dataset_id=` now; `GET /v1/datapoints` a
 * page at a time as {@link StreamedRemoteDataset.at} asks). With `rangeOf` (a shard's positions, given the dataset's
 * length), only the datapoints of those positions are read, in pages counted from its start; the content version is then never known (it is the whole
 * dataset's). Throws when the dataset is missing or empty.
 */
export async function streamRemoteDataset(
  api: ApiClient, datasetId: string, signal?: AbortSignal, rangeOf?: (length: number) => { start: number; end: number },
): Promise<StreamedRemoteDataset> {
  const ids = await remoteDatapointIds(api, datasetId, signal);
  const range = rangeOf?.(ids.length);
  const start = range?.start ?? 0;
  const end = Math.min(range?.end ?? ids.length, ids.length);
  const whole = start === 0 && end === ids.length;
  const pages = new Map<number, Promise<Map<string, Datapoint>>>();
  // for the content version, kept compact (decision record 0094); a part of the dataset has none
  let entries: CompactEntries | undefined = whole ? new CompactEntries() : undefined;
  let version: string | undefined;
  let pagesRead = 0;
  let complete = true;
  let lowest = 0;
  const readPage = (page: number): Promise<Map<string, Datapoint>> | undefined => {
    const first = start + page * DATAPOINTS_PER_PAGE;
    if (page < lowest || first >= end) return undefined;
    let read = pages.get(page);
    if (!read) {
      const pageIds = ids.slice(first, Math.min(first + DATAPOINTS_PER_PAGE, end));
      read = fetchDatapoints(api, pageIds, signal).then((byId) => {
        pagesRead += 1;
        for (const id of pageIds) {
          const dp = byId.get(id);
          if (dp) {
            const { key, canonical } = entryOfDatapoint(dp);
            entries?.add(key, canonical);
          }
          else complete = false;
        }
        return byId;
      });
      pages.set(page, read);
    }
    return read;
  };
  return {
    datasetId,
    ids,
    range: { start, end },
    async at(position) {
      const page = Math.floor((position - start) / DATAPOINTS_PER_PAGE);
      for (const old of pages.keys()) if (old < page) pages.delete(old);
      lowest = Math.max(lowest, page);
      const read = readPage(page);
      readPage(page + 1)?.catch(() => undefined); // read ahead; its failure is met when its page is asked
      const dp = read ? (await read).get(ids[position]!) : undefined;
      return dp ? preparedDatapoint(dp, position) : undefined;
    },
    version() {
      if (version !== undefined || entries === undefined || !complete || pagesRead * DATAPOINTS_PER_PAGE < ids.length) return version;
      version = entries.version();
      entries.release();
      entries = undefined; // every page was read: the texts are let go once their version is known
      return version;
    },
  };
}
