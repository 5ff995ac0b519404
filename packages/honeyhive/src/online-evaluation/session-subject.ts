import { asObject, sessionGroundTruth, sessionInputsOutputs } from "@honeyhive/core/sessions/session-io";
import type { OnlineEvaluationSubject } from "../config/online-evaluation-option";
import type { RootSeen, WatchedSession } from "./session-watch";
import { subjectOf } from "./subject";

/**
 * The subject of a session gone quiet or ended: its inputs, outputs and ground truth by the one rule of what a
 * session's are (`@honeyhive/core/sessions/session-io`, which the dev server's viewer and datasets read stored sessions
 * by), applied to what the tracer saw of it: the inputs it started with, its `enrichSession` updates, and its root
 * spans that started first and last. Name, event type and metadata are its last root span's.
 */
export function sessionSubject(session: WatchedSession): OnlineEvaluationSubject {
  const { sessionId, enriched } = session;
  const roots = [session.firstRoot, session.lastRoot].filter((r): r is RootSeen => r !== undefined);
  const events = roots.map((root, i) => {
    const subject = subjectOf(root.source, sessionId, "session");
    return { event_id: `root-${i}`, parent_id: sessionId, start_time: root.startMs, inputs: subject.inputs, outputs: subject.outputs };
  });
  const event = {
    event_id: sessionId,
    inputs: session.startInputs,
    outputs: enriched.outputs,
    metadata: enriched.inputs === undefined ? undefined : { inputs: enriched.inputs },
    feedback: enriched.groundTruth === undefined ? undefined : { ground_truth: enriched.groundTruth },
  };
  const { inputs, outputs } = sessionInputsOutputs(event, events);
  const last = session.lastRoot === undefined ? undefined : subjectOf(session.lastRoot.source, sessionId, "session");
  return {
    sessionId,
    eventId: sessionId,
    name: last?.name ?? "session",
    eventType: last?.eventType,
    inputs,
    outputs: asObject(outputs),
    metadata: last?.metadata ?? {},
    groundTruth: sessionGroundTruth(event),
  };
}
