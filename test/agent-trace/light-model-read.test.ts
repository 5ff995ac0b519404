/**
 * The agent trace reads each model call without its conversation (an agent's calls each carry the whole history, the
 * costly part to read): `readModelCall({ …, withoutInputMessages: true })` must give every GenAI fixture's model
 * spans the same canonical call as a full read — model, provider, tokens, reply, tool calls, time to first token —
 * with no messages (a span that recorded only its conversation reads as nothing). Every dialect table is covered by
 * the captured and hand-written fixtures.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeTraceJsonValue } from "../../packages/dev-server/src/otlp/index";
import { readModelCall } from "../../packages/core/src/semconv/genai/index";
import { GENAI_FIXTURES } from "../genai/expected-events";

const FILES = ["captured", "handwritten"].flatMap((dir) => readdirSync(join(GENAI_FIXTURES, dir)).filter((f) => f.endsWith(".json")).map((f) => join(GENAI_FIXTURES, dir, f)));

describe("a model call read without its conversation", () => {
  it.each(FILES)("%s: the same call as a full read, without messages", (file) => {
    const spans = decodeTraceJsonValue(JSON.parse(readFileSync(file, "utf8")).otlp);
    let withMessages = 0;
    for (const span of spans) {
      const like = { name: span.name, attributes: span.attributes, events: span.events, startTimeUnixNano: span.startTimeUnixNano, scopeName: span.scope.name };
      const full = readModelCall(like);
      const light = readModelCall({ ...like, withoutInputMessages: true });
      if (full === undefined) continue;
      if (full.messages.length > 0) withMessages++;
      if (light === undefined) {
        // a span that recorded nothing of its call but the conversation reads as nothing without it
        expect({ model: full.model, output: full.output, tokens: Object.values(full.tokens).filter((t) => t !== null) }).toEqual({ model: null, output: null, tokens: [] });
        continue;
      }
      expect(light.messages).toEqual([]);
      expect({ ...light, messages: full.messages }).toEqual(full);
    }
    expect(withMessages).toBeGreaterThan(0);
  });
});
