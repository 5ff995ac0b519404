import { sessionGroundTruth, sessionInputs, sessionOutputs } from "@honeyhive/core/sessions/session-values";
import type { OnlineEvaluationSubject } from "./types";
import type { WatchedSession } from "./session-watch";
import { subjectOf } from "./subject";

/**
 * The subject of a session gone quiet or ended: its inputs, outputs and ground truth by the one rule of what a
 * session's are (`@honeyhive/core/sessions/session-values`), from what the tracer saw of it: the inputs it started
 * with, its `enrichSession` updates, its first and last root spans. Name, event type and metadata are its last root
 * span's.
 */
export function sessionSubject(session: WatchedSession): OnlineEvaluationSubject {
  const first = session.firstRoot === undefined ? undefined : subjectOf(session.firstRoot, session.sessionId, "session");
  const last = session.lastRoot === undefined ? undefined : subjectOf(session.lastRoot, session.sessionId, "session");
  const event = {
    inputs: session.startInputs,
    outputs: session.enriched.outputs,
    metadata: session.enriched.inputs === undefined ? undefined : { inputs: session.enriched.inputs },
    feedback: session.enriched.groundTruth === undefined ? undefined : { ground_truth: session.enriched.groundTruth },
  };
  return {
    sessionId: session.sessionId,
    eventId: session.sessionId,
    name: last?.name ?? "session",
    eventType: last?.eventType,
    inputs: sessionInputs(event, first?.inputs),
    outputs: sessionOutputs(event, last?.outputs),
    metadata: last?.metadata ?? {},
    groundTruth: sessionGroundTruth(event),
  };
}
