/**
 * What a session's roll-ups read of one event (`callTotalsBySide` in `call-usage.ts`): its usage when it is a model
 * call (the summing rule counts only model events' usage) and whether it is evaluation work. The store records this
 * beside each event as it writes it (the `roll_up` column, decision record 0090), so a session read sums 10,000
 * events without parsing their stored objects; a row without the record (written by an earlier version) or whose
 * objects do not read back as written is read from its objects instead, by the same function.
 */
import { isCostBasis } from "@honeyhive/core/pricing/cost-basis";
import { eventUsage, isEvaluationWork, type Usage, type UsageSource } from "./call-usage";
import { isPlainObject } from "./json";

/** The roll-up inputs of one event. */
export interface RollUpInput {
  /** The event's usage when it is a model call, else null (the summing rule reads no other event's usage). */
  usage: Usage | null;
  /** The event is evaluation work ({@link isEvaluationWork}). */
  evaluation: boolean;
}

/** The roll-up inputs of `event`, read from its objects. */
export function rollUpInput(event: UsageSource): RollUpInput {
  return { usage: event.event_type === "model" ? eventUsage(event) : null, evaluation: isEvaluationWork(event) };
}

/** The recorded form of {@link rollUpInput}: `{}` for the common event with neither (no usage, not evaluation work). */
export function rollUpText(event: UsageSource): string {
  const { usage, evaluation } = rollUpInput(event);
  if (usage === null) return evaluation ? '{"evaluation":true}' : "{}";
  return JSON.stringify(evaluation ? { usage, evaluation } : { usage });
}

const isCount = (value: unknown): value is number | null => value === null || (typeof value === "number" && Number.isFinite(value));

/** True when `value` has the shape of a {@link Usage} as {@link rollUpText} writes it. */
function isUsage(value: unknown): value is Usage {
  if (!isPlainObject(value)) return false;
  const { input_tokens, output_tokens, total_tokens, cost, cost_basis, unpriced_calls, unpriced_models } = value;
  return isCount(input_tokens) && isCount(output_tokens) && isCount(total_tokens) && isCount(cost) &&
    (cost_basis === undefined || isCostBasis(cost_basis)) && (unpriced_calls === undefined || typeof unpriced_calls === "number") &&
    (unpriced_models === undefined || (Array.isArray(unpriced_models) && unpriced_models.every((m) => typeof m === "string")));
}

const NONE: RollUpInput = Object.freeze({ usage: null, evaluation: false }) as RollUpInput;

/** The roll-up inputs recorded as `text` ({@link rollUpText}), or undefined when `text` is not such a record. */
export function parseRollUp(text: unknown): RollUpInput | undefined {
  if (typeof text !== "string") return undefined;
  if (text === "{}") return NONE;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  const { usage = null, evaluation = false } = value;
  if (typeof evaluation !== "boolean" || (usage !== null && !isUsage(usage))) return undefined;
  return { usage, evaluation };
}
