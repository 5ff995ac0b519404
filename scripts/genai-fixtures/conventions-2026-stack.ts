/**
 * The 2026 OTel GenAI conventions stack of the step corpus (semantic-conventions-genai after v0.1): no npm package
 * emits these shapes yet, so the spans are made with the real OpenTelemetry SDK tracer, named by the official
 * incubating constants of `@opentelemetry/semantic-conventions` where it has them (operation, conversation, agent,
 * messages, tools, usage, the `gen_ai.evaluation.result` event) and by the semantic-conventions-genai registry's
 * names where the package has none yet (`handle_conversation_turn`, `plan`, the memory operations and
 * `gen_ai.memory.*`). One conversation of two turns, each its own trace: the first a `handle_conversation_turn`
 * with an in-process agent that plans (a model call judged by a `gen_ai.evaluation.result` event), searches its
 * memory, calls a tool, answers and stores a memory; the second calls a tool whose span names no conversation.
 */
import { type Attributes, SpanKind, type Tracer } from "@opentelemetry/api";
import {
  ATTR_GEN_AI_AGENT_NAME, ATTR_GEN_AI_CONVERSATION_ID, ATTR_GEN_AI_EVALUATION_EXPLANATION, ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL, ATTR_GEN_AI_EVALUATION_SCORE_VALUE, ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES, ATTR_GEN_AI_PROVIDER_NAME, ATTR_GEN_AI_REQUEST_MODEL, ATTR_GEN_AI_RESPONSE_MODEL, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT, ATTR_GEN_AI_TOOL_NAME, ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  EVENT_GEN_AI_EVALUATION_RESULT, GEN_AI_OPERATION_NAME_VALUE_CHAT, GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT, GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
} from "@opentelemetry/semantic-conventions/incubating";
import type { Stack } from "./stacks";

/** Names from the semantic-conventions-genai registry that `@opentelemetry/semantic-conventions` has no constant for yet. */
const OPERATION_HANDLE_CONVERSATION_TURN = "handle_conversation_turn";
const OPERATION_PLAN = "plan";
const OPERATION_SEARCH_MEMORY = "search_memory";
const OPERATION_CREATE_MEMORY = "create_memory";
const ATTR_MEMORY_STORE_ID = "gen_ai.memory.store.id";
const ATTR_MEMORY_QUERY_TEXT = "gen_ai.memory.query.text";
const ATTR_MEMORY_RECORDS = "gen_ai.memory.records";
const ATTR_MEMORY_RECORD_COUNT = "gen_ai.memory.record.count";

const CONVERSATION = "conv_trip_0042";
const MODEL = "gpt-4o-mini";

const text = (role: string, content: string, extra: Record<string, unknown> = {}) => ({ role, parts: [{ type: "text", content }], ...extra });
const messages = (input: unknown[], output: unknown[]): Attributes => ({
  [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify(input), [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify(output),
});

/** Runs `body` in a new active span with `attributes`, ending it after. */
async function span<T>(tracer: Tracer, name: string, kind: SpanKind, attributes: Attributes, body: (add: (name: string, a: Attributes) => void) => Promise<T> | T): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, async (s) => {
    try {
      return await body((eventName, a) => s.addEvent(eventName, a));
    } finally {
      s.end();
    }
  });
}

/** A chat call's span (usage and messages as an instrumentation of the 2026 conventions records them). */
function chat(tracer: Tracer, input: unknown[], output: unknown[], judged = false): Promise<void> {
  return span(tracer, `chat ${MODEL}`, SpanKind.CLIENT, {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_CHAT, [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
    [ATTR_GEN_AI_REQUEST_MODEL]: MODEL, [ATTR_GEN_AI_RESPONSE_MODEL]: MODEL, [ATTR_GEN_AI_CONVERSATION_ID]: CONVERSATION,
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 120, [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 30, ...messages(input, output),
  }, (add) => {
    if (judged) {
      add(EVENT_GEN_AI_EVALUATION_RESULT, {
        [ATTR_GEN_AI_EVALUATION_NAME]: "plan_quality", [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: 0.8,
        [ATTR_GEN_AI_EVALUATION_SCORE_LABEL]: "good", [ATTR_GEN_AI_EVALUATION_EXPLANATION]: "covers weather and memory",
      });
    }
  });
}

/** The first turn: plan, memory search, tool, answer, memory write. */
async function firstTurn(tracer: Tracer): Promise<void> {
  const question = text("user", "Plan my day in Paris");
  const answer = text("assistant", "Sunny: Louvre in the morning, window seat on the Seine cruise.", { finish_reason: "stop" });
  const plan = text("assistant", "1. check preferences 2. check weather 3. answer", { finish_reason: "stop" });
  const turn = { [ATTR_GEN_AI_OPERATION_NAME]: OPERATION_HANDLE_CONVERSATION_TURN, [ATTR_GEN_AI_CONVERSATION_ID]: CONVERSATION, ...messages([question], [answer]) };
  await span(tracer, OPERATION_HANDLE_CONVERSATION_TURN, SpanKind.SERVER, turn, () =>
    span(tracer, "invoke_agent travel_planner", SpanKind.INTERNAL, {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT, [ATTR_GEN_AI_AGENT_NAME]: "travel_planner",
      [ATTR_GEN_AI_CONVERSATION_ID]: CONVERSATION, ...messages([question], [answer]),
    }, async () => {
      await span(tracer, "plan travel_planner", SpanKind.INTERNAL, { [ATTR_GEN_AI_OPERATION_NAME]: OPERATION_PLAN, [ATTR_GEN_AI_AGENT_NAME]: "travel_planner", ...messages([question], [plan]) },
        () => chat(tracer, [question], [plan], true));
      await span(tracer, OPERATION_SEARCH_MEMORY, SpanKind.CLIENT, {
        [ATTR_GEN_AI_OPERATION_NAME]: OPERATION_SEARCH_MEMORY, [ATTR_MEMORY_STORE_ID]: "preferences", [ATTR_MEMORY_QUERY_TEXT]: "seat preference",
        [ATTR_MEMORY_RECORDS]: JSON.stringify([{ id: "mem_1", content: "Prefers window seats", score: 0.92 }]), [ATTR_MEMORY_RECORD_COUNT]: 1,
      }, () => undefined);
      await span(tracer, "execute_tool get_weather", SpanKind.INTERNAL, {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL, [ATTR_GEN_AI_TOOL_NAME]: "get_weather",
        [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: JSON.stringify({ city: "Paris" }), [ATTR_GEN_AI_TOOL_CALL_RESULT]: JSON.stringify({ forecast: "Sunny" }),
      }, () => undefined);
      await chat(tracer, [question, plan], [answer]);
      await span(tracer, OPERATION_CREATE_MEMORY, SpanKind.CLIENT, {
        [ATTR_GEN_AI_OPERATION_NAME]: OPERATION_CREATE_MEMORY, [ATTR_MEMORY_STORE_ID]: "preferences",
        [ATTR_MEMORY_RECORDS]: JSON.stringify([{ content: "Visited Paris in spring" }]), [ATTR_MEMORY_RECORD_COUNT]: 1,
      }, () => undefined);
    }));
}

/** The second turn: its tool span names no conversation (the conventions give it none), its chat call does. */
async function secondTurn(tracer: Tracer): Promise<void> {
  const question = text("user", "And tomorrow?");
  const answer = text("assistant", "Rain tomorrow: the Orsay museum.", { finish_reason: "stop" });
  await span(tracer, OPERATION_HANDLE_CONVERSATION_TURN, SpanKind.SERVER, {
    [ATTR_GEN_AI_OPERATION_NAME]: OPERATION_HANDLE_CONVERSATION_TURN, [ATTR_GEN_AI_CONVERSATION_ID]: CONVERSATION, ...messages([question], [answer]),
  }, async () => {
    await span(tracer, "execute_tool get_weather", SpanKind.INTERNAL, {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL, [ATTR_GEN_AI_TOOL_NAME]: "get_weather",
      [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: JSON.stringify({ city: "Paris", day: "tomorrow" }), [ATTR_GEN_AI_TOOL_CALL_RESULT]: JSON.stringify({ forecast: "Rain" }),
    }, () => undefined);
    await chat(tracer, [question], [answer]);
  });
}

/** The stack, in the step corpus's shape. */
export const CONVENTIONS_2026_STACK: Stack = {
  name: "otel-genai-2026-steps", dialect: "otel-genai-2026", packages: ["@opentelemetry/semantic-conventions", "@opentelemetry/sdk-trace-base"],
  run: async ({ provider }) => {
    const tracer = provider.getTracer("genai-conventions-2026");
    await firstTurn(tracer);
    await secondTurn(tracer);
    return [];
  },
};
