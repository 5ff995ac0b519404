import type { Attributes } from "@opentelemetry/api";
import { ATTR_EVENT_TYPE } from "../semconv/attributes";

const GEN_AI_OPERATIONS: Readonly<Record<string, string>> = {
  chat: "model",
  text_completion: "model",
  generate_content: "model",
  embeddings: "model",
  invoke_agent: "chain",
  create_agent: "chain",
  execute_tool: "tool",
};

const OPENINFERENCE_KINDS: Readonly<Record<string, string>> = {
  LLM: "model",
  CHAIN: "chain",
  AGENT: "chain",
};

const TRACELOOP_KINDS: Readonly<Record<string, string>> = {
  workflow: "chain",
  task: "chain",
  agent: "chain",
  tool: "tool",
};

const MODEL_NAME_PATTERN =
  /llm|model|gpt|claude|llama|gemini|mistral|palm|chat|completion|generate|inference|openai|anthropic|bedrock|google|ai_|ml_|nlp_/i;

const MODEL_ATTRIBUTE_KEYS = ["llm.request.model", "gen_ai.request.model", "llm.model_name", "model_name", "model_id"];

function stringAttribute(attributes: Attributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === "string" ? value : undefined;
}

function hasModelAttribute(attributes: Attributes): boolean {
  for (const key of MODEL_ATTRIBUTE_KEYS) if (attributes[key] !== undefined) return true;
  for (const key in attributes) if (key.endsWith(".model")) return true;
  return false;
}

/**
 * Infers `honeyhive_event_type` for a span that does not carry one, in the Python SDK's order:
 * `gen_ai.operation.name`, `openinference.span.kind`, `traceloop.span.kind`, span-name heuristics,
 * model attributes, then "tool".
 */
export function inferEventType(attributes: Attributes, spanName: string): string {
  const operation = stringAttribute(attributes, "gen_ai.operation.name");
  if (operation !== undefined && GEN_AI_OPERATIONS[operation]) return GEN_AI_OPERATIONS[operation];
  const openInference = stringAttribute(attributes, "openinference.span.kind");
  if (openInference !== undefined) return OPENINFERENCE_KINDS[openInference.toUpperCase()] ?? "tool";
  const traceloop = stringAttribute(attributes, "traceloop.span.kind");
  if (traceloop !== undefined && TRACELOOP_KINDS[traceloop]) return TRACELOOP_KINDS[traceloop];
  if (MODEL_NAME_PATTERN.test(spanName)) return "model";
  if (hasModelAttribute(attributes)) return "model";
  return "tool";
}

/** True when the span already carries an explicit event type. */
export function hasEventType(attributes: Attributes): boolean {
  return typeof attributes[ATTR_EVENT_TYPE] === "string";
}
