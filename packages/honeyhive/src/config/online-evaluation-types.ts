import type { EvaluatorSpec } from "./evaluator-types";

/**
 * What an online evaluator judges: one ended span (`target: "span"`), or a session once it has gone quiet or ended
 * (`target: "session"`).
 */
export interface OnlineEvaluationSubject {
  /** The session (of the span). */
  readonly sessionId: string;
  /** The event the scores are written on: the span's event (`target: "span"`) or the session's. */
  readonly eventId: string;
  /** The span's event name; for a session, its last root span's. */
  readonly name: string;
  /** The span's event type (`model`, `tool`, `chain`, …); for a session, its last root span's. */
  readonly eventType: string | undefined;
  /**
   * The span's inputs (`honeyhive_inputs.*`), as an object; for a session, the session's inputs: those it started
   * with and those `enrichSession({ inputs })` added, else its first root span's.
   */
  readonly inputs: Record<string, unknown>;
  /**
   * The span's outputs (`honeyhive_outputs.*`), as an object; for a session, the outputs `enrichSession({ outputs })`
   * gave it, else its last root span's.
   */
  readonly outputs: Record<string, unknown>;
  /** The span's metadata (`honeyhive_metadata.*`), as an object; for a session, its last root span's. */
  readonly metadata: Record<string, unknown>;
  /** For a session: the ground truth `enrichSession({ feedback: { ground_truth } })` gave it, if any. */
  readonly groundTruth?: unknown;
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
  /**
   * `"session"`: each session once, after it has gone quiet for `sessionQuietMs` (or at `shutdown()`), with the
   * session's inputs and outputs; `"span"`: every ended span, with its own. @defaultValue "session"
   */
  target?: "span" | "session";
  /**
   * With `target: "session"`: how long a session must go without a span of it starting or ending, and without an
   * `enrichSession`, before it is judged, ms. A session with a root span still open is never quiet. @defaultValue 60000
   */
  sessionQuietMs?: number;
  /** Most subjects evaluated at once. @defaultValue 2 */
  concurrency?: number;
  /** Limits on judge calls and cost. */
  budget?: OnlineEvaluationBudget;
  /** Most subjects waiting for evaluation (sessions waiting to go quiet included); further ones are dropped and counted. @defaultValue 1000 */
  maxPending?: number;
  /** Time limit of one evaluator call, ms. @defaultValue 60000 */
  timeoutMs?: number;
}
