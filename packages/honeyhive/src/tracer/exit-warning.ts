/**
 * The one warning the process gives as it exits with work unsent: spans still queued or in flight, session starts
 * and updates still pending, summed over every live tracer (`live-tracers.ts` sums them and picks the logger). Its
 * cause comes from the runtime's exit hooks.
 */

/** Why the process is exiting while work is unsent, as far as the exit hooks saw it. */
export type ExitCause =
  /** An uncaught exception (or an unhandled rejection Node raised as one) ended the process: no exit flush ran. */
  | "crash"
  /** The event loop emptied and the exit flush ran out of its budget. */
  | "budget"
  /** The process ended without the loop emptying (`process.exit()`), which skips the exit flush. */
  | "exit-call";

/** What a tracer (or a group of them) left unsent. */
export interface UnsentWork {
  queued: number;
  inFlight: number;
  sessionStarts: number;
  sessionUpdates: number;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** "1 session start and 2 session updates" (either part left out when its count is 0), or undefined when both are 0. */
export function sessionRequestCounts(starts: number, updates: number): string | undefined {
  const parts = [
    starts > 0 ? plural(starts, "session start") : undefined,
    updates > 0 ? plural(updates, "session update") : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join(" and ") : undefined;
}

/** What is unsent, in words ("20 spans not confirmed sent (20 queued, 0 in flight) and 1 session update not confirmed sent"), or undefined. */
function unsentParts(work: UnsentWork): string | undefined {
  const parts: string[] = [];
  const spans = work.queued + work.inFlight;
  if (spans > 0) parts.push(`${plural(spans, "span")} not confirmed sent (${work.queued} queued, ${work.inFlight} in flight)`);
  const sessions = sessionRequestCounts(work.sessionStarts, work.sessionUpdates);
  if (sessions !== undefined) parts.push(`${sessions} not confirmed sent`);
  return parts.length > 0 ? parts.join(" and ") : undefined;
}

/**
 * The warning for work unsent at exit, or undefined when there is none. Queued spans are lost; spans and session
 * requests in flight may or may not have arrived, so the counts say "not confirmed".
 */
export function unsentAtExitMessage(work: UnsentWork, cause: ExitCause, budgetMs: number): string | undefined {
  const unsent = unsentParts(work);
  if (unsent === undefined) return undefined;
  if (cause === "crash") {
    return `the process crashed (uncaught exception or unhandled rejection) with ${unsent}: a crashing process runs no exit flush`;
  }
  if (cause === "budget") {
    return `the process exited with ${unsent}: the backend did not answer within the exit budget (${budgetMs / 1000} s)`;
  }
  return `the process exited with ${unsent}: process.exit() skips the exit flush; \`await tracer.flush()\` (or \`shutdown()\`) before calling it`;
}

/** What a tracer's own pipeline and session client have not sent yet (the exit warning sums these over all live tracers). */
export function unsentWorkOf(source: {
  pipeline: { stats(): { queued: number; inFlight: number } };
  sessions?: { unsent(): { starts: number; updates: number } };
}): UnsentWork {
  const { queued, inFlight } = source.pipeline.stats();
  const sessions = source.sessions?.unsent() ?? { starts: 0, updates: 0 };
  return { queued, inFlight, sessionStarts: sessions.starts, sessionUpdates: sessions.updates };
}

/** True when `work` counts anything unsent. */
export function hasUnsent(work: UnsentWork): boolean {
  return work.queued + work.inFlight + work.sessionStarts + work.sessionUpdates > 0;
}

/** `total` plus `work`, field by field. */
export function addUnsent(total: UnsentWork, work: UnsentWork): UnsentWork {
  return {
    queued: total.queued + work.queued,
    inFlight: total.inFlight + work.inFlight,
    sessionStarts: total.sessionStarts + work.sessionStarts,
    sessionUpdates: total.sessionUpdates + work.sessionUpdates,
  };
}
