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
  const pages = new DatapointPages(api, ids, { start, end }, signal);
  return {
    datasetId,
    ids,
    range: { start, end },
    at: (position) => pages.at(position),
    version: () => pages.version(),
  };
}

/** The pages of a {@link StreamedRemoteDataset}: read on demand, one ahead, let go once passed. */
class DatapointPages {
  readonly #pages = new Map<number, Promise<Map<string, Datapoint>>>();
  /** Ids of pages read whose read failed (not a 404): each is asked once more when the run reaches it. */
  readonly #unread = new Set<string>();
  readonly #readsAgain = new Map<number, Promise<void>>();
  // for the content version, kept compact (decision record 0094); a part of the dataset has none
  #entries: CompactEntries | undefined;
  #version: string | undefined;
  #pagesRead = 0;
  #someMissing = false;
  #lowest = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly ids: readonly string[],
    private readonly range: { readonly start: number; readonly end: number },
    private readonly signal: AbortSignal | undefined,
  ) {
    this.#entries = range.start === 0 && range.end === ids.length ? new CompactEntries() : undefined;
  }

  async at(position: number): Promise<PreparedDatapoint | undefined> {
    const page = Math.floor((position - this.range.start) / DATAPOINTS_PER_PAGE);
    for (const old of this.#pages.keys()) if (old < page) this.#pages.delete(old);
    for (const old of this.#readsAgain.keys()) if (old < page) this.#readsAgain.delete(old);
    this.#lowest = Math.max(this.#lowest, page);
    const read = this.#readPage(page);
    this.#readPage(page + 1)?.catch(() => undefined); // read ahead; its failure is met when its page is asked
    const id = this.ids[position]!;
    const byId = read ? await read : undefined;
    if (byId && !byId.has(id) && this.#unread.has(id)) await this.#readAgain(page, byId);
    const dp = byId?.get(id);
    return dp ? preparedDatapoint(dp, position) : undefined;
  }

  version(): string | undefined {
    const entries = this.#entries;
    if (this.#version !== undefined || entries === undefined || this.#unread.size > 0 || this.#someMissing) return this.#version;
    if (this.#pagesRead * DATAPOINTS_PER_PAGE < this.ids.length) return undefined;
    this.#version = entries.version();
    entries.release();
    this.#entries = undefined; // every page was read: the texts are let go once their version is known
    return this.#version;
  }

  #idsOf(page: number): string[] {
    const first = this.range.start + page * DATAPOINTS_PER_PAGE;
    return this.ids.slice(first, Math.min(first + DATAPOINTS_PER_PAGE, this.range.end));
  }

  #add(dp: Datapoint): void {
    const { key, canonical } = entryOfDatapoint(dp);
    this.#entries?.add(key, canonical);
  }

  #readPage(page: number): Promise<Map<string, Datapoint>> | undefined {
    if (page < this.#lowest || this.range.start + page * DATAPOINTS_PER_PAGE >= this.range.end) return undefined;
    let read = this.#pages.get(page);
    if (!read) {
      const pageIds = this.#idsOf(page);
      const absent = new Set<string>();
      read = fetchDatapoints(this.api, pageIds, this.signal, absent).then((byId) => {
        this.#pagesRead += 1;
        for (const id of pageIds) {
          const dp = byId.get(id);
          if (dp) this.#add(dp);
          else if (absent.has(id)) this.#someMissing = true; // the server has no such datapoint: not asked again
          else this.#unread.add(id);
        }
        return byId;
      });
      this.#pages.set(page, read);
    }
    return read;
  }

  /**
   * One more read of the datapoints page `page` lacked (read ahead, perhaps during an outage the server is over now),
   * all of them in one read, when the run first reaches one.
   */
  #readAgain(page: number, byId: Map<string, Datapoint>): Promise<void> {
    let again = this.#readsAgain.get(page);
    if (!again) {
      const lacked = this.#idsOf(page).filter((id) => this.#unread.has(id));
      again = fetchDatapoints(this.api, lacked, this.signal).then((found) => {
        for (const id of lacked) {
          const dp = found.get(id);
          this.#unread.delete(id);
          if (dp) {
            byId.set(id, dp);
            this.#add(dp);
          } else this.#someMissing = true;
        }
      });
      this.#readsAgain.set(page, again);
    }
    return again;
  }
}
