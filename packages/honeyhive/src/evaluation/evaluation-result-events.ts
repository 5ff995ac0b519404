/**
 * evaluate()'s evaluator results as OTel GenAI `gen_ai.evaluation.result` span events on the datapoint's span (the
 * evaluated operation), beside the `honeyhive_metrics.*` attributes HoneyHive reads, so that any OpenTelemetry
 * backend the spans also reach reads the scores: one event per evaluator that scored (its score and explanation) or
 * failed (`error.type`, never the error's message). Never throws.
 */
import type { Span } from "@opentelemetry/api";
import { EVENT_GEN_AI_EVALUATION_RESULT, evaluationResultAttributes } from "@honeyhive/core/semconv/genai";
import type { EvaluatorsOutcome } from "./run-evaluators";

/** Adds one `gen_ai.evaluation.result` event per evaluator of `names` to `span` (when it is recording). */
export function addEvaluationResultEvents(span: Span | undefined, names: readonly string[], outcome: EvaluatorsOutcome): void {
  try {
    if (span === undefined || !span.isRecording()) return;
    for (const name of names) {
      const score = Object.prototype.hasOwnProperty.call(outcome.metrics, name) ? outcome.metrics[name] : undefined;
      const failed = Object.prototype.hasOwnProperty.call(outcome.errors, name);
      if (score === undefined && !failed) continue;
      const explanation = outcome.metrics[`${name}_explanation`];
      span.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, evaluationResultAttributes(name, score, explanation === undefined ? undefined : String(explanation), failed));
    }
  } catch {
    // the scores are on the span as metrics already; a span that refuses events loses only these
  }
}
