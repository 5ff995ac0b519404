/**
 * Claude through the clouds' clients (`@anthropic-ai/bedrock-sdk`, `@anthropic-ai/vertex-sdk`, which share
 * `@anthropic-ai/sdk`'s messages resource), traced through OpenInference's Anthropic instrumentation with
 * `instrumentModules: { anthropic }`, under `evaluate()` (20 datapoints, 10 at a time) against the loopback fakes:
 * per datapoint `a` Bedrock `messages.create`, `b` Bedrock streamed, `c` Vertex AI `messages.create`, `d` Vertex AI
 * streamed: 80 LLM calls. Each event is named for the cloud it reached and priced at that cloud's price.
 */
import * as anthropic from "@anthropic-ai/sdk";
import { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";
import { AnthropicVertex } from "@anthropic-ai/vertex-sdk";
import { OAuth2Client } from "google-auth-library";
import { describe, expect, it } from "vitest";
import type { HoneyHiveEvent } from "../../../../packages/honeyhive/src/api-client/types";
import { callOf, modelEvents } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import { redirectFetch } from "../../redirect-fetch";
import { withProviderStack } from "../../provider-stack";
import { type FakeProviderApis, startFakeProviderApis } from "./fake-provider-apis";

const BEDROCK_MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const VERTEX_MODEL = "claude-sonnet-4-5@20250929";
const BEDROCK = "https://bedrock-runtime.us-east-1.amazonaws.com";
const VERTEX = "https://us-east5-aiplatform.googleapis.com/v1";

function calls(fake: FakeProviderApis) {
  const bedrock = new AnthropicBedrock({ awsRegion: "us-east-1", apiKey: "test-key", fetch: redirectFetch(BEDROCK, fake.url), maxRetries: 0 });
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "test-token", expiry_date: Date.now() + 3_600_000 });
  const vertex = new AnthropicVertex({ region: "us-east5", projectId: "test-project", authClient, fetch: redirectFetch(VERTEX, `${fake.url}/v1`), maxRetries: 0 });
  type Client = typeof bedrock | typeof vertex;
  const ask = async (client: Client, model: string, text: string): Promise<string> => {
    const reply = await client.messages.create({ model, max_tokens: 128, messages: [{ role: "user", content: text }] });
    return reply.content.map((b) => (b.type === "text" ? b.text : "")).join("");
  };
  const stream = async (client: Client, model: string, text: string): Promise<string> => {
    let out = "";
    const events = await client.messages.create({ model, max_tokens: 128, stream: true, messages: [{ role: "user", content: text }] });
    for await (const event of events) if (event.type === "content_block_delta" && event.delta.type === "text_delta") out += event.delta.text;
    return out;
  };
  return async (unit: number): Promise<string[]> => [
    await ask(bedrock, BEDROCK_MODEL, `${unitMark(unit)}a`),
    await stream(bedrock, BEDROCK_MODEL, `${unitMark(unit)}b`),
    await ask(vertex, VERTEX_MODEL, `${unitMark(unit)}c`),
    await stream(vertex, VERTEX_MODEL, `${unitMark(unit)}d`),
  ];
}

const stack = withProviderStack({
  stack: "provider-sdks-anthropic-clouds",
  testUrl: import.meta.url,
  startFake: startFakeProviderApis,
  fromStackDir: true,
  captureLogs: true,
  streamedTags: ["b", "d"],
  run: (fake, backend) => backend.evaluate("provider-sdks-anthropic-clouds", calls(fake), { anthropic }, { tags: ["a", "b", "c", "d"] }),
});

const byTag = (tags: string[]) => (e: HoneyHiveEvent) => tags.includes(callOf(e)?.tag ?? "");

describe("@anthropic-ai/bedrock-sdk and @anthropic-ai/vertex-sdk + instrumentModules: { anthropic }", () => {
  it("80 LLM calls -> 80 model events, each in its own datapoint's session, none doubled; the SDK logged nothing", () => {
    expect(stack.fake.requests).toHaveLength(80);
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 80, arrived: 80, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect(stack.sdkLines).toBe("");
  });

  it("named for the cloud (aws.bedrock, gcp.vertex_ai) and priced with the cloud's price row; streams with a time to first token", () => {
    expect(stack.row).toMatchObject({ withInputsOutputs: "80/80", withTokens: "80/80", priced: "80/80", withProvider: "80/80", firstToken: "40/40" });
    const models = stack.report.eventsByDatapoint.flatMap(modelEvents);
    for (const event of models.filter(byTag(["a", "b"]))) {
      expect((event.config as Record<string, unknown>).provider).toBe("aws.bedrock");
      expect(String((event.metadata as Record<string, unknown>).cost_price_key)).toMatch(/^aws\//);
    }
    for (const event of models.filter(byTag(["c", "d"]))) {
      expect((event.config as Record<string, unknown>).provider).toBe("gcp.vertex_ai");
      expect(String((event.metadata as Record<string, unknown>).cost_price_key)).toMatch(/^google\//);
    }
  });
});
