/** Thrown by `evaluate()` for invalid options, before anything is sent to the server. */
export class EvaluationConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvaluationConfigError";
  }
}

/**
 * How evaluation and dataset functions apply the unknown-option rule (`config/unknown-options.ts`): a warning, or in
 * strict mode (`HH_RESILIENCE=strict`) one {@link EvaluationConfigError} listing every unknown key.
 */
export const EVALUATION_UNKNOWN_OPTIONS = Object.freeze({
  fail: (messages: readonly string[]): Error => new EvaluationConfigError(messages.join("; ")),
});
