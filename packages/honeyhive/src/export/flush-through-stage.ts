import type { ExportStage } from "../seam/tracer-feature";

/**
 * A pipeline's flush with a stage before its queue (`seam/tracer-feature.ts`): the spans the stage holds are queued as
 * it hands them on, then `flushQueued` runs in the time left; true only when both finished in time.
 */
export function flushThroughStage(stage: ExportStage | undefined, timeoutMs: number, flushQueued: (timeoutMs: number) => Promise<boolean>): Promise<boolean> {
  if (stage === undefined || !stage.busy) return flushQueued(timeoutMs);
  const deadline = Date.now() + timeoutMs;
  return stage.idle(timeoutMs).then((idle) => flushQueued(Math.max(1, deadline - Date.now())).then((ok) => ok && idle));
}
