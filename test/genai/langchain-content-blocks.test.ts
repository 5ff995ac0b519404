/**
 * Issue 47, requirement 2: LangChain with content-block models. OpenInference's LangChain instrumentation flattens a
 * message's `content` only when it is a string, so a reply of content blocks (ChatAnthropic, ChatBedrockConverse,
 * ChatGoogleGenerativeAI, any model streamed with tools bound) arrives as `llm.output_messages.0.message.role` alone,
 * and a reply's tool calls are flattened only in OpenAI's shape. The OpenInference dialect completes such a message
 * from the run's own record (`input.value` / `output.value`: langchain-messages.ts). The spans are real, captured from the packages named in each fixture
 * (test/fixtures/genai/langchain-content-blocks/).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { honeyHiveModelFields } from "../../packages/core/src/semconv/genai/honeyhive-fields";
import { readModelCall } from "../../packages/core/src/semconv/genai/translate";
import { langChainMessage, langChainReply } from "../../packages/core/src/semconv/genai/langchain-messages";
import { GENAI_FIXTURES } from "./expected-events";

interface CapturedSpan {
  call: string;
  name: string;
  scope: string;
  attributes: Record<string, unknown>;
}

function spansOf(file: string): CapturedSpan[] {
  return (JSON.parse(readFileSync(join(GENAI_FIXTURES, "langchain-content-blocks", file), "utf8")) as { spans: CapturedSpan[] }).spans;
}

/** The HoneyHive fields of the captured span of `call` (through the one GenAI translation). */
function fieldsOf(spans: readonly CapturedSpan[], call: string): ReturnType<typeof honeyHiveModelFields> {
  const span = spans.find((s) => s.call === call);
  if (span === undefined) throw new Error(`no captured span for ${call}`);
  const event = readModelCall({ name: span.name, attributes: span.attributes, scopeName: span.scope });
  if (event === undefined) throw new Error(`${call}: not read as a model call`);
  return honeyHiveModelFields(event);
}

const lookup = (id: string, word: string): unknown => ({ id, type: "function", function: { name: "lookup", arguments: JSON.stringify({ word }) } });

describe("ChatAnthropic (@langchain/anthropic) through OpenInference's LangChain instrumentation", () => {
  const spans = spansOf("chat-anthropic.json");

  it("the captured spans flatten only the role of a content-block reply (what the dialect has to make up for)", () => {
    const toolTurn = spans.find((s) => s.call === "tool-call turn")!.attributes;
    expect(toolTurn["llm.output_messages.0.message.role"]).toBe("assistant");
    expect(Object.keys(toolTurn).filter((k) => k.startsWith("llm.output_messages."))).toEqual(["llm.output_messages.0.message.role"]);
  });

  it("a tool-call turn: the reply's text block and its tool call", () => {
    expect(fieldsOf(spans, "tool-call turn").outputs).toEqual({ role: "assistant", content: "Looking it up.", tool_calls: [lookup("toolu_1", "unit-0/a")], finish_reason: "tool_use" });
  });

  it("the turn after the tool result: the earlier assistant message (content blocks) has its text and tool call in the prompt", () => {
    const fields = fieldsOf(spans, "answer after the tool result");
    expect(fields.inputs.chat_history).toEqual([
      { role: "user", content: "unit-0/a" },
      { role: "assistant", content: "Looking it up.", tool_calls: [lookup("toolu_1", "unit-0/a")] },
      { role: "tool", content: "definition of unit-0/a" },
    ]);
    expect(fields.outputs).toMatchObject({ role: "assistant", content: "echo: unit-0/a" });
  });

  it("a streamed tool-call turn: text from the aggregated blocks, the call from tool_calls (not the streamed tool_use block)", () => {
    const fields = fieldsOf(spans, "streamed tool-call turn (tool_call_chunks)");
    expect(fields.outputs).toEqual({ role: "assistant", content: "Looking it up.", tool_calls: [lookup("toolu_1", "unit-0/c")] });
    expect(fields.metadata).toMatchObject({ prompt_tokens: 1, completion_tokens: 5 });
  });

  it("a streamed answer with tools bound (content blocks with an index): its text", () => {
    expect(fieldsOf(spans, "streamed answer after the tool result (content blocks)").outputs).toEqual({ role: "assistant", content: "echo: unit-0/c" });
  });

  it("a string reply the instrumentation flattened is read as before", () => {
    expect(fieldsOf(spans, "streamed answer, no tools bound").outputs).toEqual({ role: "assistant", content: "echo: unit-0/b" });
  });
});

describe("ChatBedrockConverse (@langchain/aws) through OpenInference's LangChain instrumentation", () => {
  const spans = spansOf("chat-bedrock-converse.json");

  it("a tool-call turn (reasoning, text, toolUse blocks): the text and the call, not the reasoning", () => {
    const outputs = fieldsOf(spans, "tool-call turn").outputs;
    expect(outputs).toEqual({ role: "assistant", content: "Looking it up.", tool_calls: [lookup("tooluse_1", "unit-0/a")], finish_reason: "tool_use" });
  });

  it("a streamed tool-call turn whose text was flattened: the tool call added from the record", () => {
    expect(fieldsOf(spans, "streamed tool-call turn").outputs).toEqual({ role: "assistant", content: "Looking it up.", tool_calls: [lookup("tooluse_3", "unit-0/b")] });
  });

  it("the turns after a tool result: the earlier assistant messages with their tool calls in the prompt", () => {
    expect(fieldsOf(spans, "answer after the tool result").inputs.chat_history).toEqual([
      { role: "user", content: "unit-0/a" },
      { role: "assistant", content: "Looking it up.", tool_calls: [lookup("tooluse_1", "unit-0/a")] },
      { role: "tool", content: "definition of unit-0/a" },
    ]);
    const streamed = fieldsOf(spans, "streamed answer after the tool result");
    expect((streamed.inputs.chat_history as unknown[])[1]).toEqual({ role: "assistant", content: "Looking it up.", tool_calls: [lookup("tooluse_3", "unit-0/b")] });
    expect(streamed.outputs).toEqual({ role: "assistant", content: "echo: unit-0/b" });
  });
});

describe("ChatGoogleGenerativeAI (@langchain/google-genai) through OpenInference's LangChain instrumentation", () => {
  const spans = spansOf("chat-google-genai.json");
  /** Gemini's calls have no ids: LangChain gives each a generated one. */
  const callId = (call: string): string => {
    const outputs = fieldsOf(spans, call).outputs as { tool_calls?: { id: string }[] };
    return outputs.tool_calls?.[0]?.id ?? "none";
  };

  it("a tool-call turn (text and functionCall parts), invoked and streamed: the text and the call", () => {
    expect(fieldsOf(spans, "tool-call turn").outputs).toEqual({ role: "assistant", content: "Looking it up.", tool_calls: [lookup(callId("tool-call turn"), "unit-0/a")], finish_reason: "STOP" });
    const streamed = "streamed tool-call turn";
    expect(fieldsOf(spans, streamed).outputs).toEqual({ role: "assistant", content: "Looking it up.", tool_calls: [lookup(callId(streamed), "unit-0/b")], finish_reason: "STOP" });
  });

  it("the turn after a tool result: the earlier assistant message (parts) has its text and call in the prompt", () => {
    expect((fieldsOf(spans, "answer after the tool result").inputs.chat_history as unknown[])[1]).toEqual({ role: "assistant", content: "Looking it up.", tool_calls: [lookup(callId("tool-call turn"), "unit-0/a")] });
    expect((fieldsOf(spans, "streamed answer after the tool result").inputs.chat_history as unknown[])[1]).toEqual({ role: "assistant", content: "Looking it up.", tool_calls: [lookup(callId("streamed tool-call turn"), "unit-0/b")] });
  });
});

describe("LangChain's message record (langchain-messages.ts)", () => {
  it("tool_call_chunks when tool_calls is empty; a generation's text when the message says nothing; other values are no message", () => {
    const chunk = { lc: 1, type: "constructor", id: ["langchain_core", "messages", "AIMessageChunk"], kwargs: { content: "", tool_calls: [], tool_call_chunks: [{ id: "c1", index: 0, name: "lookup", args: "{\"word\":\"x\"}" }] } };
    expect(langChainMessage(chunk)).toEqual({ role: "assistant", content: "", tool_calls: [{ id: "c1", name: "lookup", arguments: "{\"word\":\"x\"}" }] });
    expect(langChainReply(JSON.stringify({ generations: [[{ text: "plain completion" }]] }))).toEqual({ role: "assistant", content: "plain completion" });
    expect(langChainReply(JSON.stringify({ generations: [[{ text: "", message: { ...chunk, kwargs: { content: [] } } }]] }))).toEqual({ role: "assistant", content: "" });
    expect(langChainReply("not json")).toBeUndefined();
    expect(langChainReply(JSON.stringify({ generations: "x" }))).toBeUndefined();
    expect(langChainMessage({ lc: 1, type: "constructor", id: ["langchain_core", "prompts", "PromptTemplate"], kwargs: {} })).toBeUndefined();
    expect(langChainMessage("text")).toBeUndefined();
  });
});
