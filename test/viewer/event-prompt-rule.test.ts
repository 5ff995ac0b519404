// The rule for the prompt an event was made with (core's eventPromptOf), on events the real dev server stored from
// OTLP spans: HoneyHive's config keys (what the SDK stamps), OTel GenAI's gen_ai.prompt.* alone (another SDK), and a
// span naming only half a link; and the viewer's raw-attribute split of a model event's metadata.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { eventPromptOf } from "../../packages/core/src/prompts/event-prompt";
import { splitRawAttributes } from "../../packages/dev-server/src/viewer/shared/raw-attributes";
import { hexId, sendSpans, sessionAttrs } from "./helpers/seed";
import { call, startViewerServer } from "./helpers/viewer-server";

let server: DevServer;
const sessionId = randomUUID();

beforeAll(async () => {
  server = await startViewerServer();
  const traceId = hexId(16);
  const base = { traceId, startMs: Date.now() - 1000, endMs: Date.now() - 900 };
  await sendSpans(server, [
    { ...base, spanId: hexId(8), name: "hh-linked", attributes: { ...sessionAttrs(sessionId, "model"), "honeyhive_config.prompt_name": "support", "honeyhive_config.prompt_version": "0123456789abcdef", "honeyhive_config.prompt_env": "prod", "honeyhive_config.prompt_config_id": "cfg-1", "gen_ai.prompt.name": "ignored", "gen_ai.prompt.version": "ignored" } },
    { ...base, spanId: hexId(8), name: "otel-linked", attributes: { ...sessionAttrs(sessionId, "model"), "gen_ai.prompt.name": "other-sdk", "gen_ai.prompt.version": "v7", "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 3, "gen_ai.usage.output_tokens": 2 } },
    { ...base, spanId: hexId(8), name: "half-linked", attributes: { ...sessionAttrs(sessionId, "model"), "gen_ai.prompt.name": "no-version" } },
  ]);
}, 60_000);
afterAll(async () => {
  await server?.close();
});

async function stored(name: string): Promise<Record<string, unknown>> {
  const { body } = await call(server, "POST", "/v1/events/export", { filters: [{ field: "event_name", operator: "is", value: name, type: "string" }], limit: 5 });
  expect(body.events).toHaveLength(1);
  return body.events[0];
}

describe("eventPromptOf on stored events", () => {
  it("reads HoneyHive's config keys first, OTel's gen_ai.prompt.* alone otherwise, and no half link", async () => {
    expect(eventPromptOf(await stored("hh-linked"))).toEqual({ name: "support", version: "0123456789abcdef", env: "prod", configId: "cfg-1" });
    expect(eventPromptOf(await stored("otel-linked"))).toEqual({ name: "other-sdk", version: "v7" });
    expect(eventPromptOf(await stored("half-linked"))).toBeUndefined();
  });

  it("splits a model event's metadata into what the user recorded and the raw attributes", async () => {
    const event = await stored("otel-linked");
    const { own, raw } = splitRawAttributes({ ...(event.metadata as object), run_id: "r1", customer_tier: "gold" });
    expect(own).toEqual({ run_id: "r1", customer_tier: "gold" });
    expect(Object.keys(raw)).toEqual(expect.arrayContaining(["gen_ai.request.model", "gen_ai.usage.input_tokens", "prompt_tokens", "completion_tokens", "genai_dialects"]));
    expect(splitRawAttributes(["not", "an", "object"])).toEqual({ own: {}, raw: {} });
  });
});
