/**
 * The OTel GenAI `gen_ai.evaluation.result` event (a span event on the evaluated operation's span): one evaluator's
 * result as `gen_ai.evaluation.name`, `gen_ai.evaluation.score.value` (a number), `gen_ai.evaluation.score.label`
 * (text) and `gen_ai.evaluation.explanation`, or `error.type` when the evaluation failed. Read into HoneyHive metrics
 * (the dev server's ingest) and written from HoneyHive evaluators' scores (evaluate()), so that other OpenTelemetry
 * backends read them. The metric convention is HoneyHive's: `<name>` is the score, `<name>_explanation` its
 * explanation, and a label given beside a numeric score is `<name>_label`.
 */
import { own, record, text } from "./read-values";

/** The event's name. */
export const EVENT_GEN_AI_EVALUATION_RESULT = "gen_ai.evaluation.result";
/** The attribute naming the evaluation (the metric it becomes). */
export const ATTR_GEN_AI_EVALUATION_NAME = "gen_ai.evaluation.name";
const NAME = ATTR_GEN_AI_EVALUATION_NAME;
const SCORE_VALUE = "gen_ai.evaluation.score.value";
const SCORE_LABEL = "gen_ai.evaluation.score.label";
const EXPLANATION = "gen_ai.evaluation.explanation";
const MAX_NAME_LENGTH = 200;

/** A score as HoneyHive records it. */
export type EvaluationScore = number | boolean | string;

/** A finite number (a number, a bigint, or numeric text as some exporters send doubles), else undefined. */
function scoreValue(value: unknown): number | undefined {
  const number = typeof value === "bigint" ? Number(value) : typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? number : undefined;
}

/** The metrics one event gives, or undefined when it names no evaluation or holds no score. */
function eventMetrics(attributes: Readonly<Record<string, unknown>>): [string, Record<string, EvaluationScore>] | undefined {
  const name = text(own(attributes, NAME))?.trim();
  if (name === undefined || name.length > MAX_NAME_LENGTH) return undefined;
  const value = scoreValue(own(attributes, SCORE_VALUE));
  const label = text(own(attributes, SCORE_LABEL));
  if (value === undefined && label === undefined) return undefined;
  const metrics: Record<string, EvaluationScore> = { [name]: value ?? label! };
  if (value !== undefined && label !== undefined) metrics[`${name}_label`] = label;
  const explanation = text(own(attributes, EXPLANATION));
  if (explanation !== undefined) metrics[`${name}_explanation`] = explanation;
  return [name, metrics];
}

/**
 * Adds to `metrics` the results of a span's `gen_ai.evaluation.result` events, for evaluations `metrics` does not
 * name yet (an explicit `honeyhive_metrics.<name>` wins, with everything else of that evaluation's event); the first
 * event of a name wins. Total: malformed events are skipped.
 */
export function addEvaluationMetrics(events: readonly { name: string; attributes: Readonly<Record<string, unknown>> }[], metrics: Record<string, unknown>): void {
  const explicit = new Set(Object.keys(metrics));
  for (const event of events) {
    if (event.name !== EVENT_GEN_AI_EVALUATION_RESULT || record(event.attributes) === undefined) continue;
    const read = eventMetrics(event.attributes);
    if (read === undefined || explicit.has(read[0]) || Object.prototype.hasOwnProperty.call(metrics, read[0])) continue;
    for (const [key, value] of Object.entries(read[1])) if (!explicit.has(key)) metrics[key] = value;
  }
}

/**
 * The attributes of one evaluator's `gen_ai.evaluation.result` event: a number as the score value, a boolean as the
 * value 1 or 0 with the label `true` / `false`, text as the label; `error` (a failed evaluation) as `error.type`.
 */
export function evaluationResultAttributes(name: string, score: EvaluationScore | undefined, explanation?: string, error?: boolean): Record<string, string | number> {
  const attributes: Record<string, string | number> = { [NAME]: name };
  if (typeof score === "number" && Number.isFinite(score)) attributes[SCORE_VALUE] = score;
  else if (typeof score === "boolean") Object.assign(attributes, { [SCORE_VALUE]: score ? 1 : 0, [SCORE_LABEL]: String(score) });
  else if (typeof score === "string") attributes[SCORE_LABEL] = score;
  if (explanation !== undefined && explanation !== "") attributes[EXPLANATION] = explanation;
  if (error === true) attributes["error.type"] = "_OTHER";
  return attributes;
}
