/**
 * A trace as the trajectory judge reads it: each step on its own numbered line, model calls with their reply and the
 * tools they asked for, tool calls with their arguments and result or error; and a conversation (a simulated one's
 * transcript) as `role: text` lines.
 */
import type { TrajectoryStep } from "@honeyhive/core/agent-trace/divergence";
import type { AgentTrace, TraceStep } from "@honeyhive/core/agent-trace/trace-types";
import { asText } from "../fields";
import { callText } from "./trace-of";

/** Characters of one reply or result shown on a step's line. */
const STEP_VALUE_CHARS = 400;

function cut(text: string, max = STEP_VALUE_CHARS): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function stepLine(step: TraceStep, n: number): string {
  if (step.kind === "model") {
    const m = step.call;
    const parts = [`${n}. model${m.model ? ` ${m.model}` : ""}`];
    if (m.reply !== "") parts.push(`replied ${JSON.stringify(cut(m.reply))}`);
    if (m.requestedTools.length > 0) parts.push(`asked for ${m.requestedTools.join(", ")}`);
    if (m.error !== undefined) parts.push(`failed: ${cut(m.error)}`);
    return parts.join(" ");
  }
  const t = step.call;
  const outcome = t.error !== undefined ? `failed: ${cut(t.error)}` : t.result === undefined ? "(no result recorded)" : `returned ${cut(asText(t.result))}`;
  return `${n}. tool ${callText(t.name, t.arguments)} ${outcome}`;
}

/** The trace's steps, one numbered line each ("(no steps recorded)" for none). */
export function trajectoryText(trace: AgentTrace): string {
  if (trace.steps.length === 0) return "(no steps recorded)";
  return trace.steps.map((step, i) => stepLine(step, i + 1)).join("\n");
}

/** Reference steps, one numbered line each. */
export function referenceText(steps: readonly TrajectoryStep[]): string {
  return steps.map((s, i) => `${i + 1}. ${callText(s.name, s.arguments)}`).join("\n");
}

/** A conversation (`[{ role, content }]`, the outputs' `transcript`) as `role: text` lines; "" when there is none. */
export function conversationText(transcript: unknown): string {
  if (!Array.isArray(transcript)) return "";
  return transcript
    .filter((m): m is { role: unknown; content: unknown } => typeof m === "object" && m !== null)
    .map((m) => `${String(m.role)}: ${asText(m.content)}`)
    .join("\n");
}
