/**
 * One datapoint of a two-run comparison in full (each side capped for the diff): its inputs, ground
 * truth, the old and new sessions' outputs, and where their trajectories part (`trajectory-divergence.ts`).
 */
import type { EventRecord, RunRecord } from "../../domain/records";
import type { Store } from "../../store/store";
import { byDatapoint, metricsOf, sessionEvents } from "./compare-view";
import { diffValue } from "./diff-value";
import type { CompareDatapoint, CompareSide, TrajectoryComparison } from "../shared/wire-types";
import { trajectoryDivergence } from "./trajectory-divergence";

function own(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** One run's side: its session and outputs; null when the run does not have the datapoint. */
function side(sessionId: string | undefined, event: EventRecord | undefined): CompareSide | null {
  return sessionId === undefined ? null : { session_id: sessionId, outputs: diffValue(event?.outputs) };
}

/** Where the two sessions' trajectories part; null unless the datapoint is in both runs. */
function pairedTrajectories(store: Store, projectId: string, oldSession: string | undefined, newSession: string | undefined): Promise<TrajectoryComparison | null> {
  return oldSession === undefined || newSession === undefined ? Promise.resolve(null) : trajectoryDivergence(store, projectId, oldSession, newSession);
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
    old: side(before?.session_id, oldEvent),
    new: side(after?.session_id, newEvent),
    trajectory: await pairedTrajectories(store, projectId, before?.session_id, after?.session_id),
  };
}
