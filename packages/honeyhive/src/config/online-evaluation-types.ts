import type { EvaluatorSpec } from "./evaluator-types";

/** What an online evaluator judges: one ended span, or a session (its root span, when it ends). */
export interface OnlineEvaluationSubject {
  /** The session the span belongs to. */
  readonly sessionId: string;
  /** The event the scores are written on: the span's event (`target: "span"`) or the session's. */
  readonly eventId: string;
  /** The span's event name. */
  readonly name: string;
  /** The span's event type (`model`, `tool`, `chain`, …). */
  readonly eventType: string | undefined;
  /** The span's inputs (`honeyhive_inputs.*`), as an object. */
  readonly inputs: Record<string, unknown>;
  /** The span's outputs (`honeyhive_outputs.*`), as an object. */
  readonly outputs: Record<string, unknown>;
  /** The span's metadata (`honeyhive_metadata.*`), as an object. */
  readonly metadata: Record<string, unknown>;
}

/** Limits on online evaluation's judge calls; once one is reached, judging stops until its window ends. */
export interface OnlineEvaluationBudget {
  /** Most evaluator calls per minute. @defaultValue no limit */
  callsPerMinute?: number;
  /** Most evaluation cost per UTC day, in US dollars (the cost recorded on the judges' model spans). @defaultValue no limit */
  costPerDayUsd?: number;
}

/** The tracer option `onlineEvaluation`: evaluators run on live spans or sessions after they end, in the background. */
export interface OnlineEvaluationOptions {
  /** The evaluators, as `evaluate()` takes them (functions, `{ name, fn }`, ready evaluators, LLM judges). */
  evaluators: readonly EvaluatorSpec<never, never, never>[];
  /** Fraction of sessions evaluated, 0 to 1, decided by a hash of the session id. @defaultValue 1 */
  sampleRate?: number;
  /** Evaluates only subjects for which it returns true; a throwing filter skips the subject (counted). */
  filter?: (subject: OnlineEvaluationSubject) => boolean;
  /** `"session"`: each session once, when its root span ends; `"span"`: every ended span. @defaultValue "session" */
  target?: "span" | "session";
  /** Most subjects evaluated at once. @defaultValue 2 */
  concurrency?: number;
  /** Limits on judge calls and cost. */
  budget?: OnlineEvaluationBudget;
  /** Most subjects waiting for evaluation; further ones are dropped and counted. @defaultValue 1000 */
  maxPending?: number;
  /** Time limit of one evaluator call, ms. @defaultValue 60000 */
  timeoutMs?: number;
}
