import type { ExportStage } from "../seam/tracer-feature";

/** The share of a flush's time kept for exporting the spans the stage hands on at its end: a quarter, at most 5 s. */
function exportReserveMs(timeoutMs: number): number {
  return Math.min(timeoutMs / 4, 5_000);
}

/**
 * A pipeline's flush with a stage before its queue (`seam/tracer-feature.ts`): the held spans are queued as the stage
 * hands them on (spans still held when the flush's time, less a reserve for exporting them, runs out are handed on as
 * they are), then `flushQueued` runs in the time left; true only when both finished in time and the stage lost nothing
 * since the previous flush.
 */
export function flushThroughStage(stage: ExportStage | undefined, timeoutMs: number, flushQueued: (timeoutMs: number) => Promise<boolean>): Promise<boolean> {
  if (stage === undefined) return flushQueued(timeoutMs);
  const nothingLost = (): boolean => stage.takeNothingLost?.() ?? true;
  if (!stage.busy) return flushQueued(timeoutMs).then((ok) => nothingLost() && ok);
  const deadline = Date.now() + timeoutMs;
  return stage.idle(Math.max(1, timeoutMs - exportReserveMs(timeoutMs))).then((idle) => {
    stage.release?.();
    return flushQueued(Math.max(1, deadline - Date.now())).then((ok) => nothingLost() && ok && idle);
  });
}
