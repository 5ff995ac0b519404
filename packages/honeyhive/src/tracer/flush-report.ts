import type { TracingDiagnostics } from "./tracer-diagnostics";

/** What a flush did, from the tracer's counters before and after it (see `tracer.flushReport()`). */
export interface FlushReport {
  /**
   * True when every span queued before the flush was delivered within the timeout, and no session start or update was
   * given up since the previous flush nor left unanswered (what `flush()` returns).
   */
  ok: boolean;
  /** Spans the collector accepted while the flush ran (two concurrent flushes of one tracer both count them). */
  delivered: number;
  /** Spans dropped while the flush ran (queue full, export failed after retries, shutdown, no destination, spool full). */
  dropped: number;
  /** Spans still waiting for export after the flush (queued, or in a request that has not answered). */
  pending: number;
  /** Spans started but not ended yet (open spans are not exported until they end). */
  open: number;
  /** Spans kept in the disk spool while the flush ran (Node only; sent when the collector recovers). */
  spooled: number;
  /** How long the flush took, ms. */
  durationMs: number;
}

function droppedTotal(d: TracingDiagnostics): number {
  const x = d.dropped;
  return x.queueFull + x.exportFailed + x.shutdown + x.noDestination + x.spoolFull;
}

/** The report of a flush from the diagnostics taken before and after it. */
export function buildFlushReport(before: TracingDiagnostics, after: TracingDiagnostics, ok: boolean, durationMs: number): FlushReport {
  return {
    ok,
    delivered: Math.max(0, after.spansExported - before.spansExported),
    dropped: Math.max(0, droppedTotal(after) - droppedTotal(before)),
    pending: after.spansQueued,
    open: Math.max(0, after.spansStarted - after.spansEnded),
    spooled: Math.max(0, after.spansSpooled - before.spansSpooled),
    durationMs: Math.round(durationMs),
  };
}
