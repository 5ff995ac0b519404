// Prompt.compile() (Mustache, no HTML escaping, strict variables) and the call parameters of the OpenAI, Anthropic and
// AI SDK clients, checked against those packages' own TypeScript types and at run time.
import type Anthropic from "@anthropic-ai/sdk";
import { jsonSchema, type generateText } from "ai";
import Mustache from "mustache";
import type OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { PromptVariablesError, type PromptData } from "../../packages/honeyhive/src/index";
import { Prompt } from "../../packages/honeyhive/src/prompts/prompt";

const chat: PromptData = {
  name: "support", env: "prod", version: "0123456789abcdef", configId: "c1", updatedAt: "2026-01-01T00:00:00.000Z",
  template: [{ role: "system", content: "You help with {{topic}}." }, { role: "user", content: "{{question}}" }],
  model: "gpt-4o-mini", provider: "openai",
  parameters: { temperature: 0.2, max_tokens: 300, top_p: 0.9, stop: ["END"], frequency_penalty: 0.1 },
  tools: [{ id: "t1", name: "lookup_order", description: "Finds an order", parameters: { properties: { id: { type: "string" } }, required: ["id"] } }],
  responseFormat: { type: "json_object" },
};
const vars = { topic: "orders", question: "Where is <b>order</b> #12 & why?" };

describe("Prompt.compile", () => {
  it("fills string and chat templates without HTML escaping, leaving Mustache's global escape alone", () => {
    const escape = Mustache.escape;
    const text = new Prompt({ ...chat, template: "Q: {{question}} ({{topic}})" }, "api");
    expect(text.compile(vars)).toBe("Q: Where is <b>order</b> #12 & why? (orders)");
    expect(new Prompt(chat, "api").compile(vars)).toEqual([
      { role: "system", content: "You help with orders." },
      { role: "user", content: "Where is <b>order</b> #12 & why?" },
    ]);
    expect(Mustache.escape).toBe(escape);
    expect(Mustache.render("{{x}}", { x: "<" })).toBe("&lt;");
  });

  it("strict mode throws one PromptVariablesError naming every missing and unused variable", () => {
    const prompt = new Prompt(chat, "api", true);
    const error = (() => {
      try {
        return prompt.compile({ question: "q", extra: 1, another: 2 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PromptVariablesError);
    expect(error).toMatchObject({ missing: ["topic"], unused: ["another", "extra"] });
    expect((error as Error).message).toBe('prompt "support": missing "topic"; unused "another", "extra"');
    expect(() => new Prompt(chat, "api").compile({ question: "q" }, { strict: true })).toThrow(/missing "topic"/);
    expect(new Prompt(chat, "api").compile({ question: "q" })).toEqual([{ role: "system", content: "You help with ." }, { role: "user", content: "q" }]);
  });

  it("strict mode counts section names and dotted names by their root, and section items as optional", () => {
    const prompt = new Prompt({ ...chat, template: "{{#items}}- {{label}}\n{{/items}}{{user.name}}" }, "api", true);
    expect(prompt.compile({ items: [{ label: "a" }, { label: "b" }], user: { name: "Ann" } })).toBe("- a\n- b\nAnn");
    expect(() => prompt.compile({ items: [] })).toThrow(/missing "user"/);
  });

  it("toOpenAI: model, messages, hyperparameters, tools and response_format for chat.completions.create", () => {
    const params = new Prompt(chat, "api").toOpenAI(vars);
    const typed: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = params;
    expect(typed).toEqual({
      model: "gpt-4o-mini", temperature: 0.2, max_tokens: 300, top_p: 0.9, stop: ["END"], frequency_penalty: 0.1,
      messages: [{ role: "system", content: "You help with orders." }, { role: "user", content: vars.question }],
      tools: [{ type: "function", function: { name: "lookup_order", description: "Finds an order", parameters: chat.tools[0]!.parameters } }],
      response_format: { type: "json_object" },
    });
  });

  it("toAnthropic: the system message split out, max_tokens, stop_sequences, tools with input_schema", () => {
    const params = new Prompt(chat, "api").toAnthropic(vars);
    const typed: Anthropic.MessageCreateParamsNonStreaming = params;
    expect(typed).toEqual({
      model: "gpt-4o-mini", max_tokens: 300, temperature: 0.2, top_p: 0.9, stop_sequences: ["END"], system: "You help with orders.",
      messages: [{ role: "user", content: vars.question }],
      tools: [{ name: "lookup_order", description: "Finds an order", input_schema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } }],
    });
    expect(new Prompt({ ...chat, parameters: {}, tools: [] }, "api").toAnthropic(vars).max_tokens).toBe(1024);
  });

  it("toAISDK: system, messages, camelCase settings, and tools through the AI SDK's jsonSchema", () => {
    const params = new Prompt(chat, "api").toAISDK(vars, { jsonSchema: (schema) => jsonSchema(schema) });
    const typed: Parameters<typeof generateText>[0] = { ...params, tools: params.tools as never };
    expect(typed).toMatchObject({
      model: "gpt-4o-mini", system: "You help with orders.", messages: [{ role: "user", content: vars.question }],
      temperature: 0.2, maxOutputTokens: 300, topP: 0.9, stopSequences: ["END"], frequencyPenalty: 0.1,
    });
    expect(Object.keys(params.tools ?? {})).toEqual(["lookup_order"]);
    expect((params.tools?.lookup_order?.inputSchema as { jsonSchema: unknown }).jsonSchema).toEqual({ type: "object", ...chat.tools[0]!.parameters });
    expect(new Prompt(chat, "api").toAISDK(vars).tools).toBeUndefined();
  });
});
