// A dialect's key prefixes answer as a startsWith scan over the span's own keys would, whatever keys it remembered.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeyPrefixes } from "../../packages/core/src/semconv/genai/read-values";
import { PROMPT_LINK_ATTRIBUTES } from "../../packages/core/src/semconv/attributes";
import { readModelCall } from "../../packages/core/src/semconv/genai/translate";

describe("KeyPrefixes", () => {
  it("matches own keys starting with a prefix, the same on every ask, long and many keys included", () => {
    const prefixes = ["gen_ai.usage.", "llm.model_name", "g"];
    const matcher = new KeyPrefixes(prefixes);
    const key = fc.oneof(fc.constantFrom("gen_ai.usage.input_tokens", "gen_ai", "llm.model_name", "llm.model", "x", ""), fc.string(), fc.string({ minLength: 129, maxLength: 300 }));
    fc.assert(fc.property(fc.array(key, { maxLength: 12 }), (keys) => {
      const attributes = Object.fromEntries(keys.map((k) => [k, 1]));
      const expected = Object.keys(attributes).some((k) => prefixes.some((p) => k.startsWith(p)));
      expect(matcher.inAttributes(attributes)).toBe(expected);
      expect(matcher.inAttributes(attributes)).toBe(expected);
    }), { numRuns: 2000 });
    for (let i = 0; i < 5000; i++) expect(matcher.matches(`k${i}`)).toBe(false);
    expect(matcher.matches("gen_ai.usage.x")).toBe(true);
    expect(matcher.inAttributes(Object.create({ "gen_ai.usage.inherited": 1 }) as Record<string, unknown>)).toBe(false);
  });

  it("the prompt-link keys (gen_ai.prompt.name / version) never read as OpenLLMetry's gen_ai.prompt.<n>.* messages", () => {
    const legacy = new KeyPrefixes(["gen_ai.prompt."], PROMPT_LINK_ATTRIBUTES);
    expect(legacy.inAttributes({ "gen_ai.prompt.name": "p", "gen_ai.prompt.version": "v" })).toBe(false);
    expect(legacy.inAttributes({ "gen_ai.prompt.name": "p", "gen_ai.prompt.0.content": "hi" })).toBe(true);
    const span = { name: "chat", attributes: { "gen_ai.prompt.name": "p", "gen_ai.prompt.version": "v", "gen_ai.operation.name": "chat", "gen_ai.request.model": "m" } };
    expect(readModelCall(span as never)?.messages ?? []).toEqual([]);
  });
});
