/**
 * The viewer's runs list: runs newest first, filtered by a case-insensitive substring of the name, a
 * creation time window and a label (`branch=main`, `model=gpt-4o`, `commit=1a2b3c`), one page at a time.
 */
import { runMatchesLabel, type LabelFilter } from "./run-labels";
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
  /** A label the run must have (see `run-labels.ts`). */
  label?: LabelFilter;
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
  const label = q.label;
  const matching = runs.filter((r) => (needle === undefined || r.name.toLowerCase().includes(needle)) && (label === undefined || runMatchesLabel(r, label)));
  return { runs: matching.slice((q.page - 1) * q.limit, q.page * q.limit), total: matching.length };
}
