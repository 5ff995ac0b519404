import type { AgentTrace } from "@honeyhive/core/agent-trace/trace-types";
import { formatScore } from "@honeyhive/core/text/format-score";
import { DECISIVE_OPTIONS, checkOptionKeys } from "../../config/unknown-options";
import { named, scorerName } from "../fields";
import { READY_METRIC_NAMES } from "../metric-names";
import type { Score, Scorer } from "../score";
import { traceOf } from "./trace-of";

/** Limits of {@link budget}; each is optional, at least one is given. */
export interface BudgetOptions {
  /** Metric name. @defaultValue `budget` */
  name?: string;
  /** Most model calls plus tool calls. */
  maxSteps?: number;
  maxModelCalls?: number;
  maxToolCalls?: number;
  /** Most tokens, input and output together, over every model call. */
  maxTokens?: number;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  /** Most cost in US dollars. A run with a model call of unknown cost fails it (its cost cannot be shown to be within). */
  maxCostUsd?: number;
  /** Most time from the first recorded start to the last recorded end, ms. */
  maxDurationMs?: number;
}

/** What a budget's result records besides the score (metrics `<name>_steps`, `<name>_tokens`, …). */
export type BudgetScore = Score & {
  score: boolean;
  explanation: string;
  steps: number;
  model_calls: number;
  tool_calls: number;
  tokens: number;
  /** US dollars over the priced calls. */
  cost_usd: number;
  duration_ms: number;
};

type Limit = Exclude<keyof BudgetOptions, "name">;

/** Each limit: its words and how a trace measures it. */
const LIMITS: readonly (readonly [Limit, string, (t: AgentTrace) => number])[] = [
  ["maxSteps", "steps", (t) => t.totals.steps],
  ["maxModelCalls", "model calls", (t) => t.totals.modelCalls],
  ["maxToolCalls", "tool calls", (t) => t.totals.toolCalls],
  ["maxTokens", "tokens", (t) => t.totals.totalTokens],
  ["maxInputTokens", "input tokens", (t) => t.totals.inputTokens],
  ["maxOutputTokens", "output tokens", (t) => t.totals.outputTokens],
  ["maxCostUsd", "cost $", (t) => t.totals.cost],
  ["maxDurationMs", "duration ms", (t) => t.totals.durationMs],
];

function unpricedText(trace: AgentTrace): string {
  const models = [...new Set(trace.modelCalls.filter((m) => m.cost === undefined).map((m) => m.model ?? "(no model name)"))];
  return `cost unknown: ${trace.totals.unpricedCalls} model call${trace.totals.unpricedCalls === 1 ? " has" : "s have"} no price (${models.slice(0, 3).join(", ")})`;
}

/**
 * `budget`: true when the datapoint's agent stayed within every given limit: steps, model calls, tool calls, tokens,
 * cost and duration (the evaluation's own calls — judges, a simulated user — are not counted). A failure names each
 * limit passed (`model calls 7 > 5; tokens 12400 > 10000`). The measures are recorded beside the score
 * (`budget_steps`, `budget_model_calls`, `budget_tool_calls`, `budget_tokens`, `budget_cost_usd`, `budget_duration_ms`).
 *
 * @example evaluators: [budget({ maxModelCalls: 5, maxTokens: 20_000, maxCostUsd: 0.05 })]
 */
export function budget(options: BudgetOptions): Scorer<BudgetScore> {
  const where = "budget";
  checkOptionKeys(options, ["name", ...LIMITS.map(([key]) => key)], where, DECISIVE_OPTIONS);
  const given = LIMITS.filter(([key]) => options?.[key] !== undefined);
  if (given.length === 0) throw new TypeError(`${where}: give at least one limit (${LIMITS.map(([key]) => key).join(", ")})`);
  for (const [key] of given) {
    const value = options[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new TypeError(`${where}: ${key} must be a non-negative number`);
  }
  const name = scorerName(options.name, READY_METRIC_NAMES.budget, where);
  return named((_o: unknown, _i: unknown, _g: unknown, context?: Parameters<Scorer>[3]): BudgetScore => {
    const trace = traceOf(context, where);
    const over: string[] = [];
    for (const [key, words, measure] of given) {
      if (key === "maxCostUsd" && trace.totals.unpricedCalls > 0) over.push(unpricedText(trace));
      else if (measure(trace) > options[key]!) over.push(`${words} ${formatScore(measure(trace))} > ${formatScore(options[key]!)}`);
    }
    const t = trace.totals;
    const measures = { steps: t.steps, model_calls: t.modelCalls, tool_calls: t.toolCalls, tokens: t.totalTokens, cost_usd: t.cost, duration_ms: Math.round(t.durationMs) };
    const explanation = over.length > 0 ? over.join("; ") : `within budget: ${t.steps} steps, ${t.modelCalls} model calls, ${t.totalTokens} tokens`;
    return { score: over.length === 0, explanation, ...measures };
  }, name);
}
