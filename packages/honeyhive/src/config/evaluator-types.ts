/** The evaluator contract's types (no imports: the tracer options name them without depending on `evaluator.ts`). */

/** What an evaluator may return: a score, a score with explanation and extras, or nothing. */
export type EvaluatorReturn =
  | number
  | boolean
  | string
  | null
  | undefined
  | readonly [number | boolean | string]
  | ({ score?: number | boolean | string | null; explanation?: string } & Record<string, unknown>);

/** An evaluator function: `(outputs, inputs, groundTruth)`, sync or async. */
export type EvaluatorFunction<O = unknown, I = Record<string, unknown>, G = unknown> = (
  outputs: O,
  inputs: I,
  groundTruth: G,
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
