/**
 * The cost budget's line (evaluate()'s `maxCostUsd`, `honeyhive eval --max-cost-usd`) as people read it, shared by
 * `honeyhive eval`'s summary and its Markdown report: what was spent of the budget, the app's and the evaluation's
 * part, the calls it could not count, and whether the budget stopped the run.
 */
import type { RunCost } from "../evaluation/cost-budget";
import { formatNumber } from "./format-result";

/** `Cost: $0.03 of the $0.025 budget (app $0.03, evaluation $0): budget reached, the run was cancelled`. */
export function costBudgetText(cost: RunCost): string {
  const unpriced = cost.unpricedCalls > 0 ? `; ${cost.unpricedCalls} call(s) had no price and are not counted` : "";
  const reached = cost.reached ? ": budget reached, the run was cancelled" : "";
  return `Cost: $${formatNumber(cost.spentUsd)} of the $${formatNumber(cost.maxCostUsd)} budget (app $${formatNumber(cost.appUsd)}, evaluation $${formatNumber(cost.evaluationUsd)}${unpriced})${reached}`;
}
