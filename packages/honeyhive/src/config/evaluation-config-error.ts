/** Thrown by `evaluate()` for invalid options, before anything is sent to the server. */
export class EvaluationConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvaluationConfigError";
  }
}
