import { type Context, createContextKey } from "@opentelemetry/api";
import { setContextValue } from "./light-context";

const EVALUATOR_KEY = createContextKey("honeyhive.evaluator");

/**
 * Returns a context in which spans are evaluation work of the evaluator `name`: evaluate() runs each evaluator in
 * one, and every span started inside it (the evaluator's own span, an LLM judge's calls) is marked with
 * `honeyhive_metadata.evaluator`, so totals can keep the evaluation's tokens and cost apart from the app's.
 */
export function setEvaluatorScope(ctx: Context, name: string): Context {
  return setContextValue(ctx, EVALUATOR_KEY, name);
}

/** The evaluator whose work `ctx` is in, if any. */
export function evaluatorOf(ctx: Context): string | undefined {
  const value = ctx.getValue(EVALUATOR_KEY);
  return typeof value === "string" ? value : undefined;
}
