/**
 * Run statuses after which a run no longer changes: its counts, totals and trends may be cached, it is never stalled,
 * and the viewer stops polling it quickly. One list for the viewer's server and its pages.
 */
export const FINISHED_RUN_STATUSES: ReadonlySet<string> = new Set(["completed", "failed", "cancelled"]);
