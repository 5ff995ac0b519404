/**
 * Issue 47 req 4: the SDK's Bedrock Runtime instrumentation on the real client, span by span: ESM and CommonJS
 * clients are patched once each however often the module is given (one CLIENT span per request, the aggregated
 * `BedrockRuntime` client's methods too); other commands pass through untraced; a refused request is an ERROR span
 * and the client's own exception reaches the caller unchanged; a stream closed early still ends its span.
 */
import { createRequire } from "node:module";
import * as bedrock from "@aws-sdk/client-bedrock-runtime";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { CONVERSE_MODEL, bedrockClient } from "./bedrock-workload";
import { type FakeBedrock, startFakeBedrock } from "../../fake-bedrock-server";
import { EventStreamCodec } from "@smithy/core/event-streams";

const cjs = createRequire(import.meta.url)("@aws-sdk/client-bedrock-runtime") as typeof bedrock;
let fake: FakeBedrock;
let recorder: ReturnType<typeof createTestTracer>;

beforeAll(async () => {
  fake = await startFakeBedrock(EventStreamCodec);
  recorder = createTestTracer({ instrumentModules: { bedrock } });
  createTestTracer({ instrumentModules: { bedrock } });
  createTestTracer({ instrumentModules: { Bedrock: cjs } });
});
afterAll(() => fake.close());

const config = () => ({ endpoint: fake.url, region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "s" }, maxAttempts: 1 });
const ask = (text: string, modelId = CONVERSE_MODEL) => ({ modelId, messages: [{ role: "user" as const, content: [{ text }] }] });
const bedrockSpans = async () => (await recorder.spans()).filter((s) => s.instrumentationScope.name === "honeyhive.bedrock-runtime");
const firstText = (attributes: Record<string, unknown>) => JSON.parse(String(attributes["gen_ai.input.messages"]))[0].parts[0].content;

describe("Bedrock Runtime spans", () => {
  it("ESM, CommonJS and the aggregated client: each call one CLIENT span", async () => {
    await recorder.tracer.trace(async () => {
      await bedrockClient(fake.url).send(new bedrock.ConverseCommand(ask("esm")));
      await new cjs.BedrockRuntimeClient(config()).send(new cjs.ConverseCommand(ask("cjs")));
      await new bedrock.BedrockRuntime(config()).converse(ask("aggregated"));
    });
    const spans = await bedrockSpans();
    expect(spans.map((s) => [s.name, s.kind, firstText(s.attributes)])).toEqual([
      [`chat ${CONVERSE_MODEL}`, SpanKind.CLIENT, "esm"],
      [`chat ${CONVERSE_MODEL}`, SpanKind.CLIENT, "cjs"],
      [`chat ${CONVERSE_MODEL}`, SpanKind.CLIENT, "aggregated"],
    ]);
    recorder.exporter.reset();
  });

  it("another command (ApplyGuardrail) passes through untraced", async () => {
    const command = new bedrock.ApplyGuardrailCommand({ guardrailIdentifier: "g", guardrailVersion: "1", source: "INPUT", content: [{ text: { text: "hi" } }] });
    const error = await recorder.tracer.trace(() => bedrockClient(fake.url).send(command).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(bedrock.ResourceNotFoundException); // it reached the fake, which has no guardrails
    expect(await bedrockSpans()).toEqual([]);
    recorder.exporter.reset();
  });

  it("a refused request: an ERROR span with the exception, and the client's ValidationException rethrown as it was", async () => {
    const error = await recorder.tracer.trace(() => bedrockClient(fake.url).send(new bedrock.ConverseCommand(ask("x", "fail-model"))).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(bedrock.ValidationException);
    const [span] = await bedrockSpans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.events.map((e) => e.name)).toEqual(["exception"]);
    recorder.exporter.reset();
  });

  it("a ConverseStream closed after its first delta: the span ends with that text and a time to first token", async () => {
    const first = await recorder.tracer.trace(async () => {
      const response = await bedrockClient(fake.url).send(new bedrock.ConverseStreamCommand(ask("one two three")));
      for await (const event of response.stream ?? []) if (event.contentBlockDelta) return event.contentBlockDelta.delta?.text;
      return undefined;
    });
    expect(first).toBe("echo:");
    const [span] = await bedrockSpans();
    expect(span?.attributes["honeyhive_metadata.stream_end"]).toBe("closed_early");
    expect(JSON.parse(String(span?.attributes["gen_ai.output.messages"]))[0].parts).toEqual([{ type: "text", content: "echo:" }]);
    expect(span?.attributes["gen_ai.response.time_to_first_chunk"]).toBeGreaterThan(0);
    recorder.exporter.reset();
  });
});
