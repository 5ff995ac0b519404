/**
 * Issue 58 requirement 1 in every framework stack: the trace an evaluator received for its datapoint (built in-process
 * from the spans the datapoint's tracer kept) against what the dev server stored for the session (read back through
 * the API's event export). They agree when the trace has one model call per stored model event, every stored tool
 * event (not nested in a tool event of its name) as a tool call in the same order, with the arguments and result the
 * stored event holds (read by core's rule), and every tool call a stored model event's reply asked for.
 */
import { toolArguments, toolResult } from "../../packages/core/src/agent-trace/tool-values";
import { sameArgumentsJson } from "../../packages/core/src/agent-trace/divergence";
import type { AgentTrace } from "../../packages/honeyhive/src/index";
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";

function isEvaluationWork(event: HoneyHiveEvent): boolean {
  const evaluator = (event.metadata as Record<string, unknown> | undefined)?.evaluator;
  return typeof evaluator === "string" && evaluator !== "";
}

function nestedInSameTool(event: HoneyHiveEvent, byId: ReadonlyMap<string, HoneyHiveEvent>): boolean {
  for (let parent = byId.get(event.parent_id ?? ""), depth = 0; parent !== undefined && depth < 64; parent = byId.get(parent.parent_id ?? ""), depth++) {
    if (parent.event_type === "tool" && parent.event_name === event.event_name) return true;
  }
  return false;
}

function requestedCalls(event: HoneyHiveEvent): { id?: string; name: string }[] {
  const calls = (event.outputs as { tool_calls?: unknown } | undefined)?.tool_calls;
  if (!Array.isArray(calls)) return [];
  return calls.flatMap((c: any) => (typeof c?.function?.name === "string" ? [{ id: typeof c.id === "string" ? c.id : undefined, name: c.function.name }] : []));
}

/** The disagreements between datapoint `label`'s trace and its stored session `events` (empty when they agree). */
export function traceAgreement(label: string, trace: AgentTrace | undefined, events: readonly HoneyHiveEvent[]): string[] {
  if (trace === undefined) return [`${label}: the evaluator got no trace`];
  const app = events.filter((e) => !isEvaluationWork(e));
  const byId = new Map(app.map((e) => [e.event_id, e]));
  const problems: string[] = [];
  const models = app.filter((e) => e.event_type === "model");
  if (trace.modelCalls.length !== models.length) problems.push(`${label}: ${trace.modelCalls.length} model calls in the trace, ${models.length} model events stored`);
  const tools = app.filter((e) => e.event_type === "tool" && !nestedInSameTool(e, byId)).sort((a, b) => (a.start_time ?? 0) - (b.start_time ?? 0));
  const traced = trace.toolCalls.filter((c) => c.recordedBy === "tool");
  const names = (list: readonly { name: string }[]) => list.map((c) => c.name).join(",");
  if (names(traced) !== names(tools.map((e) => ({ name: String(e.event_name) })))) {
    problems.push(`${label}: tool calls [${names(traced)}] in the trace, tool events [${tools.map((e) => e.event_name).join(",")}] stored`);
    return problems;
  }
  tools.forEach((event, i) => {
    const call = traced[i]!;
    if (!sameArgumentsJson(call.result, toolResult(event.outputs))) problems.push(`${label}: ${call.name}'s result differs from the stored event's`);
    const stored = toolArguments(event.inputs);
    if (call.arguments === undefined && stored !== undefined) problems.push(`${label}: ${call.name} has no arguments in the trace, the stored event has`);
  });
  for (const model of models) {
    for (const request of requestedCalls(model)) {
      const found = trace.toolCalls.some((c) => (request.id !== undefined && c.id === request.id) || c.name === request.name);
      if (!found) problems.push(`${label}: the call of ${request.name} that ${model.event_name} asked for is not in the trace`);
    }
  }
  return problems;
}
