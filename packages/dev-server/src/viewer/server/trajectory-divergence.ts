/**
 * Where the old and new runs' trajectories of a paired datapoint part, for the run comparison: each session's tool
 * calls by core's trace rule (`session-trajectory.ts`), compared by core's divergence rule (`agent-trace/divergence`,
 * the one the strict trajectory match explains its failures with), named in its words with the old run as the
 * reference.
 */
import { divergenceText, firstDivergence, type TrajectoryStep } from "@honeyhive/core/agent-trace/divergence";
import type { Store } from "../../store/store";
import { sessionTrace } from "./session-trajectory";
import type { TrajectoryComparison } from "../shared/wire-types";

async function stepsOf(store: Store, projectId: string, sessionId: string): Promise<TrajectoryStep[]> {
  const { trace } = await sessionTrace(store, projectId, sessionId);
  return trace.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments }));
}

/** The comparison of the two sessions' trajectories (`oldSession` the reference); null when neither called a tool. */
export async function trajectoryDivergence(store: Store, projectId: string, oldSession: string, newSession: string): Promise<TrajectoryComparison | null> {
  const [before, after] = await Promise.all([stepsOf(store, projectId, oldSession), stepsOf(store, projectId, newSession)]);
  if (before.length === 0 && after.length === 0) return null;
  const d = firstDivergence(before, after);
  return {
    old_tools: before.map((s) => s.name),
    new_tools: after.map((s) => s.name),
    divergence: d === undefined ? null : { index: d.index, kind: d.kind, text: divergenceText(d, { a: "old run", b: "new run" }) },
  };
}
