/** The evaluator contract's types (the tracer options name them without depending on `evaluator.ts`). */
import type { AgentTrace } from "@honeyhive/core/agent-trace/trace-types";

/** What an evaluator may return: a score, a score with explanation and extras, or nothing. */
export type EvaluatorReturn =
  | number
  | boolean
  | string
  | null
  | undefined
  | readonly [number | boolean | string]
  | ({ score?: number | boolean | string | null; explanation?: string } & Record<string, unknown>);

/** What an evaluator may read besides `(outputs, inputs, groundTruth)`: its fourth argument. */
export interface EvaluatorContext {
  /**
   * The trace of what is judged: in `evaluate()` the datapoint's session (the spans its function recorded, whatever
   * instrumentation recorded them), in online evaluation the session judged. Its tool calls and model calls in
   * order, their totals, and the spans. Built on first read from what the tracer holds (no request to the backend);
   * the evaluation's own work (evaluators, LLM judges, a simulated user) is left out.
   */
  readonly trace: AgentTrace;
}

/** An evaluator function: `(outputs, inputs, groundTruth, { trace })`, sync or async. */
export type EvaluatorFunction<O = unknown, I = Record<string, unknown>, G = unknown> = (
  outputs: O,
  inputs: I,
  groundTruth: G,
  context: EvaluatorContext,
) => EvaluatorReturn | Promise<EvaluatorReturn>;

/** An evaluator given by name: `{ name, fn }`. */
export interface NamedEvaluator<O = unknown, I = Record<string, unknown>, G = unknown> {
  name: string;
  fn: EvaluatorFunction<O, I, G>;
  /** (new) Which way the metric is better in comparisons (see `evaluator()`'s `better`). @defaultValue by its range, its name, else higher */
  better?: "higher" | "lower";
}

/** Anything `evaluate({ evaluators })` accepts as one evaluator. */
export type EvaluatorSpec<O = unknown, I = Record<string, unknown>, G = unknown> = EvaluatorFunction<O, I, G> | NamedEvaluator<O, I, G>;
