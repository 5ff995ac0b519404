/**
 * Issue 47, requirement 3: one model event per call across wire formats. A tool's result reaches the model as a `tool`
 * message in LangChain's record (and OpenAI's) but as a `user` message of `tool_result` blocks in Anthropic's (OTel
 * GenAI: a `tool_call_response` part, under either role). The sibling rule (semconv/sibling-call.ts) reads both
 * reports of the turn after a tool result as one call; fuzzed through the real GenAI translation of each shape, it
 * still never merges two real calls.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readModelCall } from "../../packages/core/src/semconv/genai/translate";
import { type SiblingCallSpan, callRequestOf, isSameCall } from "../../packages/core/src/semconv/sibling-call";
import { expectPairsOfOneCall } from "./sibling-pairs-check";

/** One model call of an agent's loop: the user's prompt, the tool round before it (if any), and the reply. */
interface Turn {
  prompt: string;
  /** The tool call and its result sent with this request (the turn after a tool result), or null. */
  tool: { id: string; args: string; result: string } | null;
  /** The reply: text, and (a tool-call turn) the call it makes. */
  answer: { text: string; call: { id: string; args: string } | null };
}

/** The wire formats a report of the turn may use; each is its own instrumentation's (scope = format). */
const FORMATS = ["langchain-openinference", "anthropic-openinference", "anthropic-blocks-genai", "otel-parts-tool", "otel-parts-user"] as const;
type Format = (typeof FORMATS)[number];

type Attributes = Record<string, string | number>;

/** OpenInference's flattened messages: the tool result as role `tool` (LangChain) or `user` + `tool_call_id` (Anthropic). */
function openInference(turn: Turn, toolRole: "tool" | "user"): Attributes {
  const a: Attributes = { "openinference.span.kind": "LLM", "llm.model_name": "claude-test", "llm.input_messages.0.message.role": "user", "llm.input_messages.0.message.content": turn.prompt };
  if (turn.tool !== null) {
    Object.assign(a, {
      "llm.input_messages.1.message.role": "assistant",
      "llm.input_messages.1.message.tool_calls.0.tool_call.id": turn.tool.id,
      "llm.input_messages.1.message.tool_calls.0.tool_call.function.name": "lookup",
      "llm.input_messages.1.message.tool_calls.0.tool_call.function.arguments": turn.tool.args,
      "llm.input_messages.2.message.role": toolRole,
      "llm.input_messages.2.message.tool_call_id": turn.tool.id,
      "llm.input_messages.2.message.content": turn.tool.result,
    });
  }
  a["llm.output_messages.0.message.role"] = "assistant";
  a["llm.output_messages.0.message.content"] = turn.answer.text;
  if (turn.answer.call !== null) {
    a["llm.output_messages.0.message.tool_calls.0.tool_call.id"] = turn.answer.call.id;
    a["llm.output_messages.0.message.tool_calls.0.tool_call.function.name"] = "lookup";
    a["llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments"] = turn.answer.call.args;
  }
  return a;
}

/** Anthropic's Messages shapes (content blocks) in OTel GenAI's JSON message attributes. */
function anthropicBlocks(turn: Turn): Attributes {
  const messages: unknown[] = [{ role: "user", content: turn.prompt }];
  if (turn.tool !== null) {
    messages.push({ role: "assistant", content: [{ type: "tool_use", id: turn.tool.id, name: "lookup", input: JSON.parse(turn.tool.args) as unknown }] });
    messages.push({ role: "user", content: [{ type: "tool_result", tool_use_id: turn.tool.id, content: [{ type: "text", text: turn.tool.result }] }] });
  }
  const reply: unknown[] = [{ type: "text", text: turn.answer.text }];
  if (turn.answer.call !== null) reply.push({ type: "tool_use", id: turn.answer.call.id, name: "lookup", input: JSON.parse(turn.answer.call.args) as unknown });
  return {
    "gen_ai.provider.name": "anthropic", "gen_ai.request.model": "claude-test",
    "gen_ai.input.messages": JSON.stringify(messages), "gen_ai.output.messages": JSON.stringify([{ role: "assistant", content: reply }]),
  };
}

/** OTel GenAI parts: the tool result a `tool_call_response` part, under role `tool` or `user`. */
function otelParts(turn: Turn, toolRole: "tool" | "user"): Attributes {
  const messages: unknown[] = [{ role: "user", parts: [{ type: "text", content: turn.prompt }] }];
  if (turn.tool !== null) {
    messages.push({ role: "assistant", parts: [{ type: "tool_call", id: turn.tool.id, name: "lookup", arguments: JSON.parse(turn.tool.args) as unknown }] });
    messages.push({ role: toolRole, parts: [{ type: "tool_call_response", id: turn.tool.id, response: turn.tool.result }] });
  }
  const parts: unknown[] = [{ type: "text", content: turn.answer.text }];
  if (turn.answer.call !== null) parts.push({ type: "tool_call", id: turn.answer.call.id, name: "lookup", arguments: JSON.parse(turn.answer.call.args) as unknown });
  return {
    "gen_ai.provider.name": "anthropic", "gen_ai.request.model": "claude-test",
    "gen_ai.input.messages": JSON.stringify(messages), "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts }]),
  };
}

function attributesOf(turn: Turn, format: Format): Attributes {
  switch (format) {
    case "langchain-openinference": return openInference(turn, "tool");
    case "anthropic-openinference": return openInference(turn, "user");
    case "anthropic-blocks-genai": return anthropicBlocks(turn);
    case "otel-parts-tool": return otelParts(turn, "tool");
    case "otel-parts-user": return otelParts(turn, "user");
  }
}

/** One report of `turn` as the sibling rule reads it: its attributes through the real GenAI translation. */
function report(turn: Turn, format: Format, spanId: string, startMs: number, endMs: number): SiblingCallSpan {
  const attributes = attributesOf(turn, format);
  return { spanId, session: "s", scope: format, startMs, endMs, attributes, request: callRequestOf(readModelCall({ name: format, attributes, scopeName: format })) };
}

const args = (word: string): string => JSON.stringify({ word });

/** A tool-call turn (`unit-<n>/a` → a call of lookup) or the answer turn after the tool's result. */
const turnArb: fc.Arbitrary<Turn> = fc.record({ unit: fc.integer({ min: 0, max: 2 }), afterTool: fc.boolean(), result: fc.constantFrom("definition of x", "definition of y") }).map(({ unit, afterTool, result }) => {
  const prompt = `unit-${unit}/a`;
  if (!afterTool) return { prompt, tool: null, answer: { text: "Looking it up.", call: { id: `toolu_${unit}`, args: args(prompt) } } };
  return { prompt, tool: { id: `toolu_${unit}`, args: args(prompt), result }, answer: { text: `echo: ${prompt}`, call: null } };
});

const callArb = fc.record({
  turn: turnArb,
  formats: fc.uniqueArray(fc.constantFrom(...FORMATS), { minLength: 1, maxLength: 2 }),
  start: fc.integer({ min: 0, max: 30 }),
  duration: fc.integer({ min: 1, max: 30 }),
});

/** What a model call is, as far as any report can tell: the user's prompt and the reply. */
function sameContent(a: Turn, b: Turn): boolean {
  return a.prompt === b.prompt && a.answer.text === b.answer.text && JSON.stringify(a.answer.call) === JSON.stringify(b.answer.call);
}

describe("the sibling rule across wire formats (real GenAI translation of each shape)", () => {
  it("LangChain's `tool` message and Anthropic's `user` message of tool_result blocks: the turn after a tool result is one call", () => {
    const turn: Turn = { prompt: "unit-0/a", tool: { id: "toolu_1", args: args("unit-0/a"), result: "definition of unit-0/a" }, answer: { text: "echo: unit-0/a", call: null } };
    const langchain = report(turn, "langchain-openinference", "lc", 0, 20);
    for (const format of FORMATS.filter((f) => f !== "langchain-openinference")) {
      const other = report(turn, format, "an", 2, 18);
      expect(other.request).toMatchObject({ prompt: "unit-0/a", answer: "echo: unit-0/a", model: "claude-test" });
      expect(isSameCall(langchain, other)).toBe(true);
    }
    // the tool's result is never taken for the user's message, in any format
    expect(langchain.request.prompt).toBe("unit-0/a");
    // a call of another prompt, or a different reply, is not that call
    expect(isSameCall(langchain, report({ ...turn, prompt: "unit-1/a" }, "anthropic-openinference", "an", 2, 18))).toBe(false);
    expect(isSameCall(langchain, report({ ...turn, answer: { text: "echo: other", call: null } }, "anthropic-blocks-genai", "an", 2, 18))).toBe(false);
  });

  it("never merges two real calls; each call reported in two wire formats becomes one model event", () => {
    fc.assert(fc.property(fc.array(callArb, { minLength: 1, maxLength: 8 }), (calls) => {
      const reports = calls.flatMap((call, index) =>
        call.formats.map((format, k) => ({ call: index, span: report(call.turn, format, `${index}-${format}`, call.start + k * 0.5, call.start + call.duration - k * 0.25) })),
      );
      expectPairsOfOneCall(reports, calls.length, (a, b) => sameContent(calls[a]!.turn, calls[b]!.turn), calls.every((c) => c.formats.length === 2));
    }));
  });

  it("two alike calls, each reported in two formats, the same format among them: the most pairs, not the nearest first", () => {
    // found by the property above: taking the nearest match in turn paired the two calls' reports in the other formats
    // with each other, which left the two Anthropic reports (one scope) unpaired: four model events for two calls
    const answer: Turn = { prompt: "unit-0/a", tool: { id: "toolu_0", args: args("unit-0/a"), result: "definition of x" }, answer: { text: "echo: unit-0/a", call: null } };
    const toolCall: Turn = { prompt: "unit-0/a", tool: null, answer: { text: "Looking it up.", call: { id: "toolu_0", args: args("unit-0/a") } } };
    const calls = [
      { turn: answer, formats: ["otel-parts-user", "anthropic-openinference"] as const, start: 10, duration: 1 },
      { turn: answer, formats: ["langchain-openinference", "anthropic-openinference"] as const, start: 10, duration: 1 },
      { turn: toolCall, formats: ["langchain-openinference", "anthropic-openinference"] as const, start: 0, duration: 1 },
    ];
    const reports = calls.flatMap((call, index) =>
      call.formats.map((format, k) => ({ call: index, span: report(call.turn, format, `${index}-${format}`, call.start + k * 0.5, call.start + call.duration - k * 0.25) })),
    );
    expectPairsOfOneCall(reports, calls.length, (a, b) => sameContent(calls[a]!.turn, calls[b]!.turn), true);
  });

  it("the tool-call turn and the answer turn of one prompt, however concurrent and in whatever formats, are two calls", () => {
    fc.assert(fc.property(fc.constantFrom(...FORMATS), fc.constantFrom(...FORMATS), fc.integer({ min: 0, max: 10 }), (first, second, offset) => {
      const prompt = "unit-0/a";
      const toolTurn: Turn = { prompt, tool: null, answer: { text: "Looking it up.", call: { id: "toolu_1", args: args(prompt) } } };
      const answerTurn: Turn = { prompt, tool: { id: "toolu_1", args: args(prompt), result: "definition of unit-0/a" }, answer: { text: `echo: ${prompt}`, call: null } };
      expect(isSameCall(report(toolTurn, first, "1", 0, 20), report(answerTurn, second, "2", offset, offset + 20))).toBe(false);
    }));
  });
});
