/**
 * The viewer's runs list: runs newest first, filtered by a case-insensitive substring of the name and
 * a creation time window, one page at a time.
 */
import type { RunRecord } from "../../domain/records";
import type { Store } from "../../store/store";

/** Filters and paging of the runs list. */
export interface RunListQuery {
  page: number;
  limit: number;
  /** Case-insensitive substring of the run name. */
  name?: string;
  /** Inclusive bounds on `created_at` (ISO strings). */
  from?: string;
  to?: string;
}

/** Most runs considered by one listing. */
const MAX_RUNS = 10_000;

/** One page of matching runs and their number. */
export async function listRunsPage(store: Store, projectId: string, q: RunListQuery): Promise<{ runs: RunRecord[]; total: number }> {
  const { runs } = await store.listRuns(projectId, {
    sortBy: "created_at",
    sortOrder: "desc",
    offset: 0,
    limit: MAX_RUNS,
    ...(q.from !== undefined ? { createdFrom: q.from } : {}),
    ...(q.to !== undefined ? { createdTo: q.to } : {}),
  });
  const needle = q.name?.toLowerCase();
  const matching = needle === undefined ? runs : runs.filter((r) => r.name.toLowerCase().includes(needle));
  return { runs: matching.slice((q.page - 1) * q.limit, q.page * q.limit), total: matching.length };
}
