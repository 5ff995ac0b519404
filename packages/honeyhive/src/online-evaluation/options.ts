import { unknownKeyMessage, unknownKeys } from "@honeyhive/core/text/closest-key";
import { describeValue } from "../internal/describe-value";
import { optionKeys, readPlainOptions } from "../config/options-snapshot";
import { type EvaluatorSpec, type ResolvedEvaluator, resolveEvaluators } from "../evaluation/evaluator";

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
  evaluators: readonly EvaluatorSpec[];
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

/** {@link OnlineEvaluationOptions} after validation. */
export interface ResolvedOnlineEvaluation {
  readonly evaluators: readonly ResolvedEvaluator[];
  readonly sampleRate: number;
  readonly filter: ((subject: OnlineEvaluationSubject) => boolean) | undefined;
  readonly target: "span" | "session";
  readonly concurrency: number;
  readonly callsPerMinute: number;
  readonly costPerDayUsd: number;
  readonly maxPending: number;
  readonly timeoutMs: number;
}

const KEYS = optionKeys<OnlineEvaluationOptions>()({
  evaluators: true, sampleRate: true, filter: true, target: true, concurrency: true, budget: true, maxPending: true, timeoutMs: true,
});
const BUDGET_KEYS = optionKeys<OnlineEvaluationBudget>()({ callsPerMinute: true, costPerDayUsd: true });

function positive(value: unknown, name: string, fallback: number, errors: string[], integer = true): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0) || (integer && !Number.isInteger(value))) {
    errors.push(`option "onlineEvaluation.${name}" must be a positive ${integer ? "integer" : "number"} (got ${describeValue(value)})`);
    return fallback;
  }
  return value;
}

function rate(value: unknown, errors: string[]): number {
  if (value === undefined) return 1;
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    errors.push(`option "onlineEvaluation.sampleRate" must be a number from 0 to 1 (got ${describeValue(value)})`);
    return 0;
  }
  return value;
}

function keysOf(raw: object, keys: readonly string[], where: string, errors: string[]): void {
  for (const key of unknownKeys(raw, keys)) errors.push(`option "${where}": ${unknownKeyMessage(key, keys)}`);
}

function budgetOf(raw: unknown, errors: string[]): Record<string, unknown> {
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null) {
    errors.push(`option "onlineEvaluation.budget" must be { callsPerMinute?, costPerDayUsd? } (got ${describeValue(raw)})`);
    return {};
  }
  keysOf(raw, BUDGET_KEYS, "onlineEvaluation.budget", errors);
  return readPlainOptions(raw, BUDGET_KEYS);
}

function evaluatorsOf(value: unknown, errors: string[]): ResolvedEvaluator[] {
  try {
    const evaluators = resolveEvaluators(value);
    if (evaluators.length === 0) errors.push('option "onlineEvaluation.evaluators" must name at least one evaluator');
    return evaluators;
  } catch (error) {
    errors.push(`option "onlineEvaluation.evaluators": ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

/**
 * Validates the `onlineEvaluation` tracer option; problems (an unknown key names the closest) go to `errors`.
 * Undefined when the option is absent or has a problem.
 */
export function resolveOnlineEvaluation(raw: unknown, errors: string[]): ResolvedOnlineEvaluation | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "object") {
    errors.push(`option "onlineEvaluation" must be an object (got ${describeValue(raw)})`);
    return undefined;
  }
  const before = errors.length;
  keysOf(raw, KEYS, "onlineEvaluation", errors);
  const o = readPlainOptions(raw, KEYS);
  const target = o.target ?? "session";
  if (target !== "span" && target !== "session") errors.push(`option "onlineEvaluation.target" must be "span" or "session" (got ${describeValue(target)})`);
  if (o.filter !== undefined && typeof o.filter !== "function") errors.push('option "onlineEvaluation.filter" must be a function');
  const budget = budgetOf(o.budget, errors);
  const resolved: ResolvedOnlineEvaluation = Object.freeze({
    evaluators: evaluatorsOf(o.evaluators, errors),
    sampleRate: rate(o.sampleRate, errors),
    filter: o.filter as ResolvedOnlineEvaluation["filter"],
    target: target as "span" | "session",
    concurrency: positive(o.concurrency, "concurrency", 2, errors),
    callsPerMinute: positive(budget.callsPerMinute, "budget.callsPerMinute", Number.POSITIVE_INFINITY, errors),
    costPerDayUsd: positive(budget.costPerDayUsd, "budget.costPerDayUsd", Number.POSITIVE_INFINITY, errors, false),
    maxPending: positive(o.maxPending, "maxPending", 1000, errors),
    timeoutMs: positive(o.timeoutMs, "timeoutMs", 60_000, errors),
  });
  return errors.length > before ? undefined : resolved;
}
