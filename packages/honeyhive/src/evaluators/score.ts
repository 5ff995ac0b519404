import { DECISIVE_OPTIONS, checkOptionKeys } from "../config/unknown-options";
import type { EvaluatorContext } from "../config/evaluator-types";
import { type FieldAccessor, checkAccessor, defaultExpected, defaultOutput, pick, scorerName } from "./fields";

/** What every scorer and judge returns: a score (boolean for checks, number for similarities) and why. */
export type Score = {
  score: number | boolean;
  explanation?: string;
};

/**
 * A ready evaluator: pass it to `evaluate({ evaluators: [...] })` (its function name is its metric name). The scorers
 * that judge what an agent did read the fourth argument's trace, which `evaluate()`, the test runners and online
 * evaluation give; the others read only the first three.
 */
export type Scorer<R extends Score = Score> = (outputs: unknown, inputs: unknown, groundTruth: unknown, context?: EvaluatorContext) => R | Promise<R>;

/** Options every comparing scorer takes. */
export interface ScorerOptions {
  /** Metric name. @defaultValue the scorer's own name, e.g. `exact_match` */
  name?: string;
  /** Reads the value to score. @defaultValue the outputs, or their `answer`/`output`/`expected`/`result`/`text`/`response` field */
  output?: FieldAccessor;
  /** Reads the reference value. @defaultValue the ground truth, or the same field of it */
  expected?: FieldAccessor;
}

/** The keys of {@link ScorerOptions}, for the unknown-key check. */
const SCORER_OPTION_KEYS = ["name", "output", "expected"] as const;

/** Validated common options: the metric name and two readers. */
interface ResolvedScorerOptions {
  readonly name: string;
  readonly output: (args: readonly [unknown, unknown, unknown]) => unknown;
  readonly expected: (args: readonly [unknown, unknown, unknown]) => unknown;
}

/** Checks a scorer's options (unknown keys name the closest one) and returns its name and readers. */
export function resolveScorerOptions(options: unknown, where: string, defaultName: string, extraKeys: readonly string[] = []): ResolvedScorerOptions {
  checkOptionKeys(options, [...SCORER_OPTION_KEYS, ...extraKeys], where, DECISIVE_OPTIONS);
  const o = (options ?? {}) as ScorerOptions;
  const output = checkAccessor(o.output, "output", where);
  const expected = checkAccessor(o.expected, "expected", where);
  return {
    name: scorerName(o.name, defaultName, where),
    output: (args) => pick(output, defaultOutput, args),
    expected: (args) => pick(expected, defaultExpected, args),
  };
}

/** A one-line excerpt of a value for explanations (never the whole of a long text). */
export function excerpt(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length <= max ? JSON.stringify(oneLine) : `${JSON.stringify(oneLine.slice(0, max))}…`;
}
