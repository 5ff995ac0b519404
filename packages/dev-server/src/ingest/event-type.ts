/**
 * Event type of an ingested span (honeyhive-api.md §2.3): `honeyhive_event_type`, else inferred from
 * `traceloop.span.kind`, `openinference.span.kind`, `gen_ai.operation.name`, the presence of `gen_ai.*`
 * or `llm.*` attributes, else "tool".
 */
import { ATTR_EVENT_TYPE } from "../../../honeyhive/src/semconv/attributes";

const TRACELOOP: Readonly<Record<string, string>> = { workflow: "chain", task: "chain", agent: "chain", tool: "tool" };
const OPENINFERENCE: Readonly<Record<string, string>> = { LLM: "model", CHAIN: "chain", AGENT: "chain" };
const GEN_AI_OPERATION: Readonly<Record<string, string>> = {
  chat: "model", text_completion: "model", generate_content: "model",
  invoke_agent: "chain", create_agent: "chain", execute_tool: "tool",
};

function text(attributes: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(attributes, key) ? attributes[key] : undefined;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The event type for a span's attributes. */
export function spanEventType(attributes: Readonly<Record<string, unknown>>): string {
  const explicit = text(attributes, ATTR_EVENT_TYPE);
  if (explicit !== undefined) return explicit.slice(0, 100);
  const traceloop = text(attributes, "traceloop.span.kind");
  if (traceloop !== undefined && Object.prototype.hasOwnProperty.call(TRACELOOP, traceloop.toLowerCase())) {
    return TRACELOOP[traceloop.toLowerCase()] as string;
  }
  const openInference = text(attributes, "openinference.span.kind");
  if (openInference !== undefined) {
    const upper = openInference.toUpperCase();
    return Object.prototype.hasOwnProperty.call(OPENINFERENCE, upper) ? (OPENINFERENCE[upper] as string) : "tool";
  }
  const operation = text(attributes, "gen_ai.operation.name");
  if (operation !== undefined && Object.prototype.hasOwnProperty.call(GEN_AI_OPERATION, operation)) {
    return GEN_AI_OPERATION[operation] as string;
  }
  for (const key of Object.keys(attributes)) {
    if (key.startsWith("gen_ai.") || key.startsWith("llm.")) return "model";
  }
  return "tool";
}
