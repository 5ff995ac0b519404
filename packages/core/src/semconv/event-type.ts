/**
 * The one definition of a span's HoneyHive event type (`model`, `chain`, `tool`, …), used by the SDK's span
 * processing and by the dev server's ingest of spans from any OpenTelemetry SDK. Order (the Python SDK's):
 * explicit `honeyhive_event_type` > Mastra's `mastra.span.type` > Genkit's `genkit:metadata:subtype` > `gen_ai.operation.name` > `openinference.span.kind` >
 * `traceloop.span.kind` > the Vercel AI SDK's `ai.operationId` > span-name heuristics > model attributes > `"tool"`.
 *
 * Mastra comes first because its `model_generation` span (a whole multi-step agent run) says
 * `gen_ai.operation.name = chat`: each LLM round trip is a `model_step`, so the step is the model event and the
 * generation a chain. `model_inference` (the provider call inside a step) is a chain, except where Mastra's exporter
 * reports it as the `chat` call (`@mastra/otel-exporter` 1.4+ with paired packages, usage on it): then it is a model
 * span inside its step's call, which the one-event-per-call rule (model-call.ts) links to the step, handing its
 * usage up.
 */
import { ATTR_EVENT_TYPE } from "./attributes";
import { MEMORY_OPERATIONS } from "./genai/memory-operation";

/** Attribute values as this module reads them (OpenTelemetry attributes or decoded OTLP attributes). */
type EventTypeAttributes = Readonly<Record<string, unknown>>;

/**
 * `gen_ai.operation.name` values. Agent-level operations are chains: `invoke_agent` (remote or in-process, whatever
 * `gen_ai.invocation.internal` or the span kind says), `invoke_workflow`, and the 2026 conventions' `plan`,
 * `handle_conversation_turn` and memory operations (genai/memory-operation.ts), even when they name a model.
 */
const GEN_AI_OPERATIONS: Readonly<Record<string, string>> = {
  chat: "model", text_completion: "model", generate_content: "model", embeddings: "model",
  invoke_agent: "chain", create_agent: "chain", invoke_workflow: "chain", agent_step: "chain", execute_tool: "tool",
  plan: "chain", handle_conversation_turn: "chain",
  ...Object.fromEntries(MEMORY_OPERATIONS.map((operation) => [operation, "chain"])),
};
const OPENINFERENCE_KINDS: Readonly<Record<string, string>> = { LLM: "model", CHAIN: "chain", AGENT: "chain" };
const TRACELOOP_KINDS: Readonly<Record<string, string>> = { workflow: "chain", task: "chain", agent: "chain", tool: "tool" };
/** Vercel AI SDK (v4–v6) operations: `ai.<call>.do<Generate|Stream|Embed>` is the model call, `ai.<call>` wraps it. */
const AI_SDK_MODEL_CALL = /^ai\.\w+\.do(Generate|Stream|Embed)$/;
const AI_SDK_TOOL_CALL = /^ai\.toolCall$/;
const AI_SDK_CALL = /^ai\.(generateText|streamText|generateObject|streamObject|embed|embedMany)$/;

/** Mastra span types (`mastra.span.type`, `@mastra/otel-bridge` / `@mastra/otel-exporter`); any other Mastra type is a chain. */
const MASTRA_SPAN_TYPES: Readonly<Record<string, string>> = {
  model_step: "model", rag_embedding: "model",
  tool_call: "tool", mcp_tool_call: "tool", provider_tool_call: "tool", client_tool_call: "tool",
};
/**
 * Genkit action subtypes (`genkit:metadata:subtype` of a span with `genkit:type`): a model or embedder action is one
 * call, a tool a tool; everything else (`generate`, flows, prompts, retrievers) is a chain.
 */
const GENKIT_SUBTYPES: Readonly<Record<string, string>> = { model: "model", "background-model": "model", embedder: "model", tool: "tool" };

/** The instrumentation scopes of Mastra's OpenTelemetry spans. */
export const MASTRA_SCOPE = /^@mastra\/otel-(bridge|exporter)$/;
/**
 * The bridge starts its spans with Mastra's own names and sets `mastra.span.type` only when they end; a span whose
 * type is needed earlier (when its first child starts, model-call.ts) is typed from that name.
 */
const MASTRA_START_NAMES: readonly (readonly [RegExp, string])[] = [
  [/^step: \d/, "model"],
  [/^(mcp )?tool( call)?: /, "tool"],
];

const MODEL_NAME_PATTERN =
  /llm|model|gpt|claude|llama|gemini|mistral|palm|chat|completion|generate|inference|openai|anthropic|bedrock|google|ai_|ml_|nlp_/i;
const MODEL_ATTRIBUTE_KEYS = ["llm.request.model", "gen_ai.request.model", "llm.model_name", "model_name", "model_id"];
const MAX_EVENT_TYPE_LENGTH = 100;

function text(attributes: EventTypeAttributes, key: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(attributes, key) ? attributes[key] : undefined;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function lookup(table: Readonly<Record<string, string>>, key: string | undefined): string | undefined {
  return key !== undefined && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function aiSdkEventType(operationId: string | undefined): string | undefined {
  if (operationId === undefined) return undefined;
  if (AI_SDK_MODEL_CALL.test(operationId)) return "model";
  if (AI_SDK_TOOL_CALL.test(operationId)) return "tool";
  return AI_SDK_CALL.test(operationId) ? "chain" : undefined;
}

/** The event type of a Mastra span (by `mastra.span.type`, else by its start name when `scopeName` is Mastra's); undefined for other spans. */
function mastraEventType(attributes: EventTypeAttributes, spanName: string, scopeName: string | undefined): string | undefined {
  const type = text(attributes, "mastra.span.type")?.toLowerCase();
  if (type === "model_inference") return text(attributes, "gen_ai.operation.name") === "chat" ? "model" : "chain";
  if (type !== undefined) return lookup(MASTRA_SPAN_TYPES, type) ?? "chain";
  if (scopeName === undefined || !MASTRA_SCOPE.test(scopeName)) return undefined;
  return MASTRA_START_NAMES.find(([pattern]) => pattern.test(spanName))?.[1] ?? "chain";
}

/** The event type of a Genkit span (`genkit:type` set); undefined for other spans. */
function genkitEventType(attributes: EventTypeAttributes): string | undefined {
  if (text(attributes, "genkit:type") === undefined) return undefined;
  return lookup(GENKIT_SUBTYPES, text(attributes, "genkit:metadata:subtype")) ?? "chain";
}

function hasModelAttribute(attributes: EventTypeAttributes): boolean {
  for (const key of MODEL_ATTRIBUTE_KEYS) if (attributes[key] !== undefined) return true;
  for (const key in attributes) if (key.endsWith(".model")) return true;
  return false;
}

/**
 * The event type a span declares through a convention's kind attribute (`mastra.span.type`, `gen_ai.operation.name`,
 * `openinference.span.kind`, `traceloop.span.kind`, `ai.operationId`), without the name and attribute
 * heuristics; undefined when it declares none. `spanName` and `scopeName` type a Mastra span that has no attributes yet.
 */
function declaredEventType(attributes: EventTypeAttributes, spanName = "", scopeName?: string): string | undefined {
  const mastra = mastraEventType(attributes, spanName, scopeName);
  if (mastra !== undefined) return mastra;
  const genkit = genkitEventType(attributes);
  if (genkit !== undefined) return genkit;
  const operation = lookup(GEN_AI_OPERATIONS, text(attributes, "gen_ai.operation.name"));
  if (operation !== undefined) return operation;
  const openInference = text(attributes, "openinference.span.kind");
  if (openInference !== undefined) return lookup(OPENINFERENCE_KINDS, openInference.toUpperCase()) ?? "tool";
  const traceloop = lookup(TRACELOOP_KINDS, text(attributes, "traceloop.span.kind")?.toLowerCase());
  if (traceloop !== undefined) return traceloop;
  return aiSdkEventType(text(attributes, "ai.operationId"));
}

/**
 * Infers the event type of a span that carries no explicit `honeyhive_event_type`; `scopeName` is the span's
 * instrumentation scope, when known.
 */
export function inferEventType(attributes: EventTypeAttributes, spanName: string, scopeName?: string): string {
  const declared = declaredEventType(attributes, spanName, scopeName);
  if (declared !== undefined) return declared;
  if (MODEL_NAME_PATTERN.test(spanName) || hasModelAttribute(attributes)) return "model";
  return "tool";
}

/** The span's event type: its explicit `honeyhive_event_type` (bounded), else {@link inferEventType}. */
export function spanEventType(attributes: EventTypeAttributes, spanName: string, scopeName?: string): string {
  const explicit = text(attributes, ATTR_EVENT_TYPE);
  return explicit !== undefined ? explicit.slice(0, MAX_EVENT_TYPE_LENGTH) : inferEventType(attributes, spanName, scopeName);
}
