import type { UnknownOptionsPolicy } from "./unknown-options";

/** Thrown by `evaluate()` for invalid options, before anything is sent to the server. */
export class EvaluationConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvaluationConfigError";
  }
}

/** One {@link EvaluationConfigError} listing every unknown key. */
function unknownKeysError(messages: readonly string[]): Error {
  return new EvaluationConfigError(messages.join("; "));
}

/**
 * How the dataset functions apply the unknown-option rule (`config/unknown-options.ts`): a warning, or in strict mode
 * (`HH_RESILIENCE=strict`) one {@link EvaluationConfigError} listing every unknown key.
 */
export const EVALUATION_UNKNOWN_OPTIONS: UnknownOptionsPolicy = Object.freeze({ fail: unknownKeysError });

/**
 * How `evaluate()` and `evaluator()` apply it: their options decide the verdict, so an unknown key is always one
 * {@link EvaluationConfigError} listing every unknown key, whatever the resilience mode.
 */
export const VERDICT_UNKNOWN_OPTIONS: UnknownOptionsPolicy = Object.freeze({ strictness: "decisive", fail: unknownKeysError });
