import type { AttributeValue } from "@opentelemetry/api";
import type { Span } from "@opentelemetry/sdk-trace-base";
import { type NormalizeBudget, toAttributeValue } from "../normalize";

/** Placeholder written when a mask function throws (fail closed). */
const MASK_FAILED = "[masked: mask failed]";

/** A user mask function: gets each masked value and returns its replacement. */
export type MaskFunction = (value: unknown, context: { key: string; spanName: string }) => unknown;

/**
 * Attribute keys (and dotted/underscored sub-keys) carrying inputs, outputs or metadata, per convention:
 * HoneyHive; OpenTelemetry GenAI (incl. system instructions and tool calls) and Traceloop; OpenInference
 * (messages, prompts, embedding texts, documents, metadata); the Vercel AI SDK (prompts, responses, embedded
 * values, documents, tool calls).
 */
const MASKED_PREFIXES = [
  "honeyhive_inputs", "honeyhive_outputs", "honeyhive_metadata",
  "gen_ai.prompt", "gen_ai.completion", "gen_ai.input", "gen_ai.output", "gen_ai.system_instructions",
  "gen_ai.tool.call.arguments", "gen_ai.tool.call.result", "traceloop.entity.input", "traceloop.entity.output",
  "llm.input_messages", "llm.output_messages", "llm.prompts", "llm.prompt_template", "input.value", "output.value",
  "embedding.embeddings", "retrieval.documents", "reranker.query", "reranker.input_documents", "reranker.output_documents", "metadata",
  "ai.prompt", "ai.response", "ai.value", "ai.values", "ai.embedding", "ai.embeddings", "ai.documents", "ai.toolCall",
];
const NEVER_MASKED = new Set(["honeyhive_metadata.run_id", "honeyhive_metadata.dataset_id", "honeyhive_metadata.datapoint_id"]);

/** True when `key` holds inputs, outputs or metadata (HoneyHive's or a known instrumentation's). */
function isMaskedKey(key: string): boolean {
  if (NEVER_MASKED.has(key)) return false;
  for (const prefix of MASKED_PREFIXES) {
    if (key.startsWith(prefix) && (key.length === prefix.length || key[prefix.length] === "." || key[prefix.length] === "_")) return true;
  }
  return false;
}

function maskValue(mask: MaskFunction, value: AttributeValue, key: string, spanName: string, budget: Readonly<NormalizeBudget> | undefined): AttributeValue {
  try {
    const replaced = mask(value, { key, spanName });
    if (replaced === undefined || replaced === null) return "";
    return toAttributeValue(replaced, budget) ?? String(replaced);
  } catch {
    return MASK_FAILED;
  }
}

/**
 * Applies a mask to every input/output/metadata attribute of a span that is still writable. A throwing
 * mask replaces the value by {@link MASK_FAILED}; the span is exported either way. Replacements are normalised
 * within `budget` (the tracer's `maxAttributeBytes`, cuts counted).
 */
export function maskSpanAttributes(span: Span, mask: MaskFunction, budget?: Readonly<NormalizeBudget>): void {
  const attributes = span.attributes;
  for (const key of Object.keys(attributes)) {
    if (!isMaskedKey(key)) continue;
    const value = attributes[key];
    if (value === undefined) continue;
    span.setAttribute(key, maskValue(mask, value, key, span.name, budget));
  }
}

/** Same as {@link maskSpanAttributes} for a span that has already ended (providers without `onEnding`). */
export function maskEndedAttributes(attributes: Record<string, AttributeValue | undefined>, spanName: string, mask: MaskFunction, budget?: Readonly<NormalizeBudget>): void {
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value !== undefined && isMaskedKey(key)) attributes[key] = maskValue(mask, value, key, spanName, budget);
  }
}
