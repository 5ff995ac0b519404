import { describeValue } from "../internal/describe-value";
import { optionKeys, readPlainOptions } from "./options-snapshot";
import { unknownOptionMessages } from "./unknown-options";
import { type ResolvedEvaluator, resolveEvaluators } from "./evaluator";
import type { OnlineEvaluationOptions, OnlineEvaluationBudget, OnlineEvaluationSubject } from "./online-evaluation-types";

export type { OnlineEvaluationOptions, OnlineEvaluationBudget, OnlineEvaluationSubject } from "./online-evaluation-types";

/** {@link OnlineEvaluationOptions} after validation. */
export interface ResolvedOnlineEvaluation {
  readonly evaluators: readonly ResolvedEvaluator[];
  readonly sampleRate: number;
  readonly filter: ((subject: OnlineEvaluationSubject) => boolean) | undefined;
  readonly target: "span" | "session";
  readonly sessionQuietMs: number;
  readonly concurrency: number;
  readonly callsPerMinute: number;
  readonly costPerDayUsd: number;
  readonly maxPending: number;
  readonly timeoutMs: number;
}

const KEYS = optionKeys<OnlineEvaluationOptions>()({
  evaluators: true, sampleRate: true, filter: true, target: true, sessionQuietMs: true, concurrency: true, budget: true, maxPending: true, timeoutMs: true,
});

/** Default {@link OnlineEvaluationOptions.sessionQuietMs}: a minute without activity ends a session for judging. */
export const DEFAULT_SESSION_QUIET_MS = 60_000;
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

function budgetOf(raw: unknown, errors: string[], unknown: string[]): Record<string, unknown> {
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null) {
    errors.push(`option "onlineEvaluation.budget" must be { callsPerMinute?, costPerDayUsd? } (got ${describeValue(raw)})`);
    return {};
  }
  unknown.push(...unknownOptionMessages(raw, BUDGET_KEYS, 'option "onlineEvaluation.budget"'));
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
 * Validates the `onlineEvaluation` tracer option: wrong values go to `errors`, unknown keys (at its level and in
 * `budget`, each naming the closest key of its level) to `unknown`. Undefined when the option is absent or has a wrong
 * value.
 */
export function resolveOnlineEvaluation(raw: unknown, errors: string[], unknown: string[] = errors): ResolvedOnlineEvaluation | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "object") {
    errors.push(`option "onlineEvaluation" must be an object (got ${describeValue(raw)})`);
    return undefined;
  }
  const before = errors.length;
  unknown.push(...unknownOptionMessages(raw, KEYS, 'option "onlineEvaluation"'));
  const o = readPlainOptions(raw, KEYS);
  const target = o.target ?? "session";
  if (target !== "span" && target !== "session") errors.push(`option "onlineEvaluation.target" must be "span" or "session" (got ${describeValue(target)})`);
  if (o.filter !== undefined && typeof o.filter !== "function") errors.push('option "onlineEvaluation.filter" must be a function');
  const budget = budgetOf(o.budget, errors, unknown);
  const resolved: ResolvedOnlineEvaluation = Object.freeze({
    evaluators: evaluatorsOf(o.evaluators, errors),
    sampleRate: rate(o.sampleRate, errors),
    filter: o.filter as ResolvedOnlineEvaluation["filter"],
    target: target as "span" | "session",
    sessionQuietMs: positive(o.sessionQuietMs, "sessionQuietMs", DEFAULT_SESSION_QUIET_MS, errors),
    concurrency: positive(o.concurrency, "concurrency", 2, errors),
    callsPerMinute: positive(budget.callsPerMinute, "budget.callsPerMinute", Number.POSITIVE_INFINITY, errors),
    costPerDayUsd: positive(budget.costPerDayUsd, "budget.costPerDayUsd", Number.POSITIVE_INFINITY, errors, false),
    maxPending: positive(o.maxPending, "maxPending", 1000, errors),
    timeoutMs: positive(o.timeoutMs, "timeoutMs", 60_000, errors),
  });
  return errors.length > before ? undefined : resolved;
}
