/**
 * Sibling reports of one streamed call (decision record 0009): the OpenAI Agents SDK's `response` span (OpenInference's
 * trace processor) records nothing of the stream its client call read; the OpenAI instrumentation's `OpenAI Responses`
 * span (with the SDK's stream observer) records the time to the first chunk and `stream: true`. The kept model event
 * takes the twin's stream facts when it has none, as it takes its usage — by the one rule (semconv/sibling-call.ts)
 * in both places that decide: the SDK's hold before export, and the dev server's ingest for spans that arrive
 * undecided. The real stack: test/frameworks/stacks/openai-agents.
 */
import { type Attributes, type Tracer, context, trace as otelTrace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { client, startServer, type Client } from "../dev-server/helpers";
import { protobufBody } from "../dev-server/spans";

const TTFT = "honeyhive_metadata.time_to_first_token";
const STREAMED = "honeyhive_metadata.streamed";

function llm(prompt: string): Record<string, string | number> {
  return {
    "openinference.span.kind": "LLM", "llm.model_name": "gpt-test",
    "llm.input_messages.0.message.role": "user", "llm.input_messages.0.message.content": prompt,
    "llm.output_messages.0.message.role": "assistant", "llm.output_messages.0.message.content": `echo: ${prompt}`,
    "llm.token_count.prompt": 1, "llm.token_count.completion": 2, "llm.token_count.total": 3,
  };
}

/**
 * What the client instrumentation records of a streamed call, as in the reviewed Agents capture: OpenInference's
 * attributes, and the SDK's stream observer's time to first chunk (seconds) and the usage chunk's OTel GenAI fields.
 */
function streamedClient(prompt: string, firstChunkSeconds: number): Record<string, string | number> {
  return {
    ...llm(prompt), "llm.invocation_parameters": JSON.stringify({ model: "gpt-test", stream: true }), "gen_ai.response.time_to_first_chunk": firstChunkSeconds,
    "gen_ai.provider.name": "openai", "gen_ai.response.model": "gpt-test", "gen_ai.usage.input_tokens": 1, "gen_ai.usage.output_tokens": 2,
  };
}

/** One call reported by `framework` (`response`, ends last: kept) and `clientTracer` (`OpenAI Responses`). */
async function reportCall(framework: Tracer, clientTracer: Tracer, frameworkAttributes: Attributes, clientAttributes: Attributes, extra: Attributes = {}): Promise<void> {
  const response = framework.startSpan("response", { attributes: { ...frameworkAttributes, ...extra } }, context.active());
  const call = clientTracer.startSpan("OpenAI Responses", { attributes: clientAttributes }, context.active());
  await new Promise((resolve) => setTimeout(resolve, 3));
  call.end();
  await new Promise((resolve) => setTimeout(resolve, 5));
  response.end();
}

describe("the SDK's hold: the kept model event takes its twin's stream facts", () => {
  it("a streamed call: time to first token (ms) and streamed on the kept span; a call not streamed, or a kept span with its own time: unchanged", async () => {
    const unit = createTestTracer();
    const framework = otelTrace.getTracer("framework-instrumentation");
    const clientTracer = otelTrace.getTracer("client-instrumentation");
    await unit.tracer.trace(async () => {
      await reportCall(framework, clientTracer, llm("unit-1/b"), streamedClient("unit-1/b", 0.0125));
      await reportCall(framework, clientTracer, llm("unit-1/a"), llm("unit-1/a"));
      await reportCall(framework, clientTracer, llm("unit-2/b"), streamedClient("unit-2/b", 0.0125), { [TTFT]: 40, [STREAMED]: true });
    });
    const spans = await unit.spans();
    const kept = spans.filter((s) => s.attributes["honeyhive_event_type"] === "model");
    expect(kept.map((s) => s.name)).toEqual(["response", "response", "response"]);
    expect(kept.map((s) => [s.attributes[TTFT], s.attributes[STREAMED]])).toEqual([[12.5, true], [undefined, undefined], [40, true]]);
    expect(spans.filter((s) => s.name === "OpenAI Responses").map((s) => s.attributes["honeyhive_event_type"])).toEqual(["chain", "chain", "chain"]);
  });
});

describe("the dev server's ingest: the same rule for spans that arrive undecided", () => {
  let server: DevServer;
  let api: Client;
  beforeAll(async () => {
    server = await startServer();
    api = client(server);
  });
  afterAll(() => server.close());

  it("the kept model event's metadata has the twin's time to first token and streamed", async () => {
    const session = "aaaaaaaa-0000-4000-8000-00000000d001";
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const stamp = { "honeyhive.session_id": session };
    await reportCall(provider.getTracer("framework-instrumentation"), provider.getTracer("client-instrumentation"), { ...llm("unit-3/b"), ...stamp }, { ...streamedClient("unit-3/b", 0.0125), ...stamp });
    const res = await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(exporter.getFinishedSpans() as ReadableSpan[])), { "content-type": "application/x-protobuf" });
    expect(res.status).toBe(200);
    const events = (await api.call("POST", "/v1/events/export", { filters: [{ field: "session_id", operator: "is", value: session, type: "string" }] })).body.events as any[];
    const models = events.filter((e) => e.event_type === "model");
    expect(models.map((e) => e.event_name)).toEqual(["response"]);
    expect(models[0].metadata).toMatchObject({ time_to_first_token: 12.5, streamed: true, total_tokens: 3 });
  });
});
