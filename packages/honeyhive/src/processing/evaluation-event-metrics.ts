/**
 * `gen_ai.evaluation.result` span events (an OpenTelemetry evaluation library's scores on the evaluated span) as
 * `honeyhive_metrics.*` attributes, written when the span ends so that HoneyHive's backend, which reads metrics from
 * those attributes, shows them as the dev server does (semconv/genai/evaluation-result.ts: `<name>`, `<name>_label`,
 * `<name>_explanation`; a metric the span already names wins).
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { namespacedKey } from "@honeyhive/core/semconv/attributes";
import { addEvaluationMetrics, ATTR_GEN_AI_EVALUATION_NAME, EVENT_GEN_AI_EVALUATION_RESULT } from "@honeyhive/core/semconv/genai";

const METRICS_PREFIX = namespacedKey("metrics", "");

/**
 * Whether no evaluation result event needs reading: there is none, or each one's metric is on the span already (the
 * common case: evaluate() writes its evaluators' scores as metrics and as these events), checked without scanning
 * every attribute.
 */
function allNamed(events: ReadableSpan["events"], attributes: Readonly<Record<string, unknown>>): boolean {
  for (const event of events) {
    if (event.name !== EVENT_GEN_AI_EVALUATION_RESULT) continue;
    const name = event.attributes?.[ATTR_GEN_AI_EVALUATION_NAME];
    if (typeof name !== "string" || name.includes(".") || attributes[METRICS_PREFIX + name] === undefined) return false;
  }
  return true;
}

/** Writes the metrics of the span's evaluation result events that its attributes do not name yet. */
export function writeEvaluationEventMetrics(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>, write: (added: Record<string, unknown>) => void): void {
  const events = span.events;
  if (events === undefined || events.length === 0 || allNamed(events, attributes)) return;
  const metrics: Record<string, unknown> = {};
  for (const key of Object.keys(attributes)) if (key.startsWith(METRICS_PREFIX)) metrics[key.slice(METRICS_PREFIX.length).split(".")[0]!] = true;
  const named = new Set(Object.keys(metrics));
  addEvaluationMetrics(events.map((e) => ({ name: e.name, attributes: e.attributes ?? {} })), metrics);
  const added: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metrics)) if (!named.has(key)) added[METRICS_PREFIX + key] = value;
  if (Object.keys(added).length > 0) write(added);
}
