/**
 * A session's trajectory for the viewer: the tool calls its agent made, in order, with their arguments, results and
 * errors, built from the session's stored events by core's one rule (`agent-trace/assemble-trace`, the same the SDK
 * hands evaluators), beside its scorers' verdicts (by the run's verdict rule, as the run page shows them). The
 * evaluation's own work (evaluators, LLM judges) is left out, as in the SDK's trace. Arguments and results are sent
 * as text, cut at a cap; the page shows them as text.
 */
import { assembleTrace, type AssembledTrace } from "@honeyhive/core/agent-trace/assemble-trace";
import type { EventRecord } from "../../domain/records";
import type { Store } from "../../store/store";
import { isEvaluationWork } from "../../domain/call-usage";
import { collectRunMetrics } from "../../results/run-metrics";
import { buildRunSummary } from "../../results/summary";
import { currentRunMetricRows } from "../../results/current-run-rows";
import { diffValue } from "./diff-value";
import { metadataString } from "./session-list";
import { clipText } from "./preview";
import { storedTraceEvent } from "./stored-trace-event";
import type { SessionTrajectory, TrajectoryText, TrajectoryVerdict } from "../shared/wire-types";

/** Most events of a session read for its trajectory. */
export const MAX_TRAJECTORY_EVENTS = 5_000;
/** Characters of an argument or result sent (the rest is cut). */
const VALUE_CHARS = 4_000;

interface SummaryDatapoints {
  metrics: { details: { metric_name: string; decides_verdict: boolean }[] };
  datapoints: { session_id: string; passed: boolean; metrics: { name: string; value: number | boolean; passed: boolean }[] }[];
}

function valueText(value: unknown): TrajectoryText | null {
  if (value === undefined) return null;
  const { text, truncated, length } = diffValue(value, VALUE_CHARS);
  return { text, truncated, length };
}

/** A session's trace: core's rule over its first {@link MAX_TRAJECTORY_EVENTS} events; `truncated` when it has more. */
export interface StoredTrace {
  readonly trace: AssembledTrace;
  readonly truncated: boolean;
}

/**
 * The agent trace of a session's stored events: all of them (the parents a tool event's nesting is read through
 * included) but the evaluation's own work, as the SDK's trace reads a session's spans.
 */
export async function sessionTrace(store: Store, projectId: string, sessionId: string): Promise<StoredTrace> {
  const { events, total } = await store.queryEvents(projectId, { where: { session_id: sessionId }, limit: MAX_TRAJECTORY_EVENTS });
  const read = events.filter((e) => e.event_type !== "session" && !isEvaluationWork(e)).map(storedTraceEvent);
  return { trace: assembleTrace(read), truncated: total > MAX_TRAJECTORY_EVENTS };
}

/** A scorer's verdict with the explanation it recorded (`<name>_explanation`, on the event its metrics are on), cut at a cap. */
function verdict(metrics: readonly Readonly<Record<string, unknown>>[], name: string, value: number | boolean, passed: boolean | null): TrajectoryVerdict {
  const key = `${name}_explanation`;
  const explanation = metrics.find((m) => Object.prototype.hasOwnProperty.call(m, key))?.[key];
  return { name, value, passed, explanation: typeof explanation === "string" ? clipText(explanation, VALUE_CHARS) : null };
}

/**
 * The session's scorers' verdicts: by its run's verdict rule when it belongs to a run (pass or fail for the metrics
 * that decide it, the others as measures), else its recorded metrics.
 */
async function verdictsOf(store: Store, projectId: string, session: EventRecord): Promise<{ passed: boolean | null; verdicts: TrajectoryVerdict[] }> {
  const runId = metadataString(session, "run_id");
  const run = runId === null ? undefined : await store.getRun(projectId, runId);
  if (run !== undefined) {
    const rows = await currentRunMetricRows(store, projectId, run);
    const summary = buildRunSummary(run, collectRunMetrics(rows), "average", {}) as unknown as SummaryDatapoints;
    const datapoint = summary.datapoints.find((d) => d.session_id === session.event_id);
    if (datapoint !== undefined) {
      const own = rows.filter((r) => r.session_id === session.event_id).map((r) => r.metrics as Readonly<Record<string, unknown>>);
      const deciding = new Set(summary.metrics.details.filter((d) => d.decides_verdict).map((d) => d.metric_name));
      return { passed: datapoint.passed, verdicts: datapoint.metrics.map((m) => verdict(own, m.name, m.value, deciding.has(m.name) ? m.passed : null)) };
    }
  }
  const verdicts: TrajectoryVerdict[] = [];
  for (const [name, value] of Object.entries(session.metrics)) {
    if (typeof value === "number" || typeof value === "boolean") verdicts.push(verdict([session.metrics], name, value, null));
  }
  return { passed: null, verdicts };
}

/** The trajectory page part of session `sessionId`, or undefined when no such session exists in the project. */
export async function sessionTrajectory(store: Store, projectId: string, sessionId: string): Promise<SessionTrajectory | undefined> {
  const session = await store.getEvent(projectId, sessionId, { children: false });
  if (!session || session.event_type !== "session") return undefined;
  const [{ trace, truncated }, verdicts] = await Promise.all([sessionTrace(store, projectId, sessionId), verdictsOf(store, projectId, session)]);
  return {
    session_id: sessionId,
    ...verdicts,
    truncated,
    tool_calls: trace.toolCalls.map((call) => ({
      index: call.index,
      name: call.name,
      arguments: valueText(call.arguments),
      result: valueText(call.result),
      error: call.error ?? null,
      recorded_by: call.recordedBy,
      event_id: call.spanId,
      duration_ms: call.durationMs ?? null,
    })),
    model_calls: trace.totals.modelCalls,
    tool_errors: trace.totals.toolErrors,
  };
}
