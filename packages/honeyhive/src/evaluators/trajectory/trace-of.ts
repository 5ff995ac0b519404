import type { AgentTrace } from "@honeyhive/core/agent-trace/trace-types";
import { argumentsText } from "@honeyhive/core/agent-trace/divergence";
import type { EvaluatorContext } from "../../config/evaluator-types";

/**
 * The trace of the evaluator's fourth argument; a `TypeError` naming the scorer when there is none (the scorer was
 * called directly, without the context `evaluate()`, the test runners and online evaluation give).
 */
export function traceOf(context: EvaluatorContext | undefined, where: string): AgentTrace {
  const trace = context?.trace;
  if (trace === undefined || trace === null || !Array.isArray(trace.toolCalls)) {
    throw new TypeError(`${where}: no trace to judge (the fourth argument that evaluate(), the test runners and online evaluation give)`);
  }
  return trace;
}

/** Arguments with their matcher functions shown as `"<matcher>"` (JSON has no functions). */
function shown(value: unknown, depth = 0): unknown {
  if (typeof value === "function") return "<matcher>";
  if (depth > 8 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => shown(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shown(v, depth + 1)]));
}

/** A call as text for explanations: `refund_order({"amount":25,"order_id":"A1"})`, or the name alone without arguments. */
export function callText(name: string, args: unknown): string {
  return args === undefined ? name : `${name}(${argumentsText(shown(args), 80)})`;
}
