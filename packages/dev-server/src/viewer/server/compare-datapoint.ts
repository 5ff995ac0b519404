/**
 * One datapoint of a two-run comparison in full (each side capped for the diff): its inputs, ground
 * truth, and the old and new sessions' outputs.
 */
import type { EventRecord, RunRecord } from "../../domain/records";
import type { Store } from "../../store/store";
import { byDatapoint, metricsOf, sessionEvents } from "./compare-view";
import { diffValue } from "./diff-value";
import type { CompareDatapoint } from "../shared/wire-types";

function own(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** The datapoint `datapointId` of the comparison of `newRun` with `oldRun`, or undefined when neither run has it. */
export async function compareDatapoint(
  store: Store,
  projectId: string,
  newRun: RunRecord,
  oldRun: RunRecord,
  datapointId: string,
): Promise<CompareDatapoint | undefined> {
  const before = byDatapoint(await metricsOf(store, projectId, oldRun)).get(datapointId);
  const after = byDatapoint(await metricsOf(store, projectId, newRun)).get(datapointId);
  if (!before && !after) return undefined;
  const ids = [before?.session_id, after?.session_id].filter((id): id is string => id !== undefined);
  const sessions = await sessionEvents(store, projectId, ids);
  const oldEvent = before ? sessions.get(before.session_id) : undefined;
  const newEvent = after ? sessions.get(after.session_id) : undefined;
  const any: EventRecord | undefined = newEvent ?? oldEvent;
  return {
    datapoint_id: datapointId,
    inputs: diffValue(any?.inputs),
    ground_truth: diffValue(any ? own(any.feedback, "ground_truth") : undefined),
    old: before ? { session_id: before.session_id, outputs: diffValue(oldEvent?.outputs) } : null,
    new: after ? { session_id: after.session_id, outputs: diffValue(newEvent?.outputs) } : null,
  };
}
