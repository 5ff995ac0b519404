// Request parameters under one set of names: per parameter the first usable alias wins, whatever order the
// attributes arrive in, and the result lists the parameters in one fixed order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pickRequestParameters } from "../../packages/core/src/semconv/genai/request-parameters";

describe("pickRequestParameters", () => {
  it("takes each parameter from its first usable alias, in any key order, and lists them in the canonical order", () => {
    const attributes = {
      "gen_ai.request.maxTokens": 10, "gen_ai.request.stop": '["a","b"]', "gen_ai.request.max_completion_tokens": 20,
      "gen_ai.request.topP": 0.5, "gen_ai.request.top_p": "", "gen_ai.request.temperature": 0.2, "gen_ai.request.n": 2,
      "gen_ai.request.seed": Number.NaN, "gen_ai.request.model": "m", "other.max_tokens": 99,
    };
    const picked = pickRequestParameters(attributes, "gen_ai.request.");
    expect(picked).toEqual({ temperature: 0.2, max_tokens: 20, top_p: 0.5, stop_sequences: ["a", "b"], choice_count: 2 });
    expect(Object.keys(picked)).toEqual(["temperature", "max_tokens", "top_p", "stop_sequences", "choice_count"]);
    const reversed = Object.fromEntries(Object.entries(attributes).reverse());
    expect(Object.keys(pickRequestParameters(reversed, "gen_ai.request."))).toEqual(Object.keys(picked));
    expect(pickRequestParameters(reversed, "gen_ai.request.")).toEqual(picked);
  });

  it("reads own keys only, without a prefix too, and copies object values as JSON", () => {
    const inherited = Object.create({ temperature: 1 }) as Record<string, unknown>;
    inherited.maxOutputTokens = 64;
    inherited.stopSequences = { nested: [1, Number.POSITIVE_INFINITY] };
    const picked = pickRequestParameters(inherited);
    expect(picked).toEqual({ max_tokens: 64, stop_sequences: { nested: [1, null] } });
    expect(pickRequestParameters({ __proto__: 1, temperature: -0 } as Record<string, unknown>)).toEqual({ temperature: 0 });
  });

  it("agrees with probing every alias of every parameter in order, for any attributes", () => {
    const aliases: Record<string, string[]> = {
      temperature: ["temperature"], max_tokens: ["max_tokens", "max_completion_tokens", "maxOutputTokens", "maxTokens", "max_output_tokens"],
      top_p: ["top_p", "topP"], stop_sequences: ["stop_sequences", "stop", "stopSequences"], choice_count: ["choice.count", "n"],
    };
    const value = fc.oneof(fc.constant(""), fc.constant(null), fc.integer(), fc.double(), fc.string(), fc.constant("[1,2]"));
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...Object.values(aliases).flat(), "x"), value), (attributes) => {
      const picked = pickRequestParameters(attributes);
      for (const [name, keys] of Object.entries(aliases)) {
        const alone = (key: string) => pickRequestParameters({ [key]: attributes[key] })[name];
        const first = keys.find((key) => key in attributes && alone(key) !== undefined);
        expect(picked[name]).toEqual(first === undefined ? undefined : alone(first));
      }
    }), { numRuns: 500 });
  });
});
