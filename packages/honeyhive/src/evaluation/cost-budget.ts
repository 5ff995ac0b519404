/**
 * evaluate()'s cost budget (`maxCostUsd`, `honeyhive eval --max-cost-usd`): every model call of the run — the app's
 * and the evaluation's (LLM judges) — adds its cost (`processing/model-call-cost.ts`) as its span is exported; once
 * the total reaches the budget the run is cancelled as a signal cancels it (no new datapoint starts, those running are
 * stopped, the others are reported as not run), with the reason naming the budget. Calls without a price are counted
 * apart (the budget cannot see their cost) and said in the result.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_EVALUATOR } from "@honeyhive/core/semconv/attributes";
import { createModelCostReader, type ModelCostReader } from "../processing/model-call-cost";

/** What the budget counted, in the result (`EvaluationResult.cost`). */
export interface RunCost {
  /** The budget (US dollars). */
  maxCostUsd: number;
  /** Cost of the run's priced model calls (US dollars). */
  spentUsd: number;
  /** Of it, the app's calls and the evaluation's (evaluators, LLM judges). */
  appUsd: number;
  evaluationUsd: number;
  /** Model calls without a price (neither reported nor in the dev server's prices): not counted. */
  unpricedCalls: number;
  /** True when the budget was reached and the run cancelled. */
  reached: boolean;
  /** False when `@honeyhive/dev-server` is not installed: only the costs calls reported themselves were counted. */
  priced: boolean;
}

/** A run's budget. */
export class CostBudget {
  readonly cost: RunCost;

  /** @param cancel cancels the run (called once, when the budget is reached, with the reason). */
  constructor(maxCostUsd: number, private readonly reader: ModelCostReader, private readonly cancel: (reason: Error) => void) {
    this.cost = { maxCostUsd, spentUsd: 0, appUsd: 0, evaluationUsd: 0, unpricedCalls: 0, reached: false, priced: reader.priced };
  }

  /** Adds an exported model call's cost; cancels the run when the total reaches the budget. */
  note(span: ReadableSpan): void {
    const cost = this.reader.costOf(span);
    if (cost === null) {
      this.cost.unpricedCalls++;
      return;
    }
    this.cost.spentUsd += cost;
    if (span.attributes[ATTR_EVALUATOR] !== undefined) this.cost.evaluationUsd += cost;
    else this.cost.appUsd += cost;
    if (this.cost.reached || this.cost.spentUsd < this.cost.maxCostUsd) return;
    this.cost.reached = true;
    this.cancel(new Error(`cost budget of $${this.cost.maxCostUsd} reached ($${round(this.cost.spentUsd)} spent)`));
  }
}

function round(usd: number): string {
  return String(Number(usd.toPrecision(4)));
}

/** The budget of a run (its prices loaded first). */
export async function startCostBudget(maxCostUsd: number, cancel: (reason: Error) => void): Promise<CostBudget> {
  return new CostBudget(maxCostUsd, await createModelCostReader(), cancel);
}
