import { type Context, createContextKey } from "@opentelemetry/api";
import { setContextValue } from "./light-context";

const CALLER_EVAL_IDS_KEY = createContextKey("honeyhive.caller_eval_ids");

/** Evaluation ids (`run_id`, `dataset_id`, `datapoint_id`) by baggage key. */
export type EvalIds = Readonly<Record<string, string>>;

/**
 * Returns a context recording the evaluation ids a remote caller's baggage carried when the receiving service keeps a
 * session of its own (it did not adopt the caller's): its spans name them as the caller's (`caller_run_id`, …) instead
 * of as their own, so that session never counts as one of the run's datapoints.
 */
export function setCallerEvalIds(ctx: Context, ids: EvalIds): Context {
  return setContextValue(ctx, CALLER_EVAL_IDS_KEY, ids);
}

/** The caller's evaluation ids recorded in `ctx`, if any. */
export function callerEvalIdsOf(ctx: Context): EvalIds | undefined {
  const value = ctx.getValue(CALLER_EVAL_IDS_KEY);
  return typeof value === "object" && value !== null ? (value as EvalIds) : undefined;
}
