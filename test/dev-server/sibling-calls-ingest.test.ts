/**
 * Issue 23, requirement 2, the dev server's half: spans that arrive without the SDK's decision (another SDK, a
 * collector) with one LLM call reported twice as siblings — a framework's LLM span and a client instrumentation's
 * span, two scopes, real OpenTelemetry SDK spans over OTLP — are stored as one model event and one linked chain, and
 * the session's tokens count the call once. Two different calls stay two; a decision the SDK already made is kept.
 * Of a pair alike in prompt and usage, the span in its own instrumentation's tree is kept when both parents are in the
 * request (or absent); then a framework instrumentation's span over a client library instrumentation's (a LangChain
 * chat model called directly); else the times decide (the tie-break of semconv/sibling-call.ts).
 */
import type { Attributes } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { context, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, type Client } from "./helpers";
import { protobufBody } from "./spans";

const PROTO = { "content-type": "application/x-protobuf" };
let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server);
});
afterAll(() => server.close());

function llm(prompt: string, answer: string, tokens: number | undefined, session: string): Attributes {
  return {
    "honeyhive.session_id": session, "openinference.span.kind": "LLM", "llm.model_name": "gpt-4o",
    "llm.input_messages.0.message.role": "user", "llm.input_messages.0.message.content": prompt,
    "llm.output_messages.0.message.role": "assistant", "llm.output_messages.0.message.content": answer,
    ...(tokens === undefined ? {} : { "llm.token_count.prompt": 1, "llm.token_count.completion": tokens - 1, "llm.token_count.total": tokens }),
  };
}

/** Two instrumentations (two scopes) reporting `prompts` as sibling spans under one agent span, times interleaved. */
function siblingReports(session: string, prompts: readonly string[], frameworkUsage: boolean): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const framework = provider.getTracer("framework-instrumentation");
  const clientTracer = provider.getTracer("client-instrumentation");
  const t0 = Date.now();
  const agent = framework.startSpan("agent", { startTime: t0, attributes: { "honeyhive.session_id": session, "openinference.span.kind": "AGENT" } });
  const ctx = trace.setSpan(context.active(), agent);
  prompts.forEach((prompt, i) => {
    const start = t0 + 1 + i; // concurrent calls: every span overlaps every other
    const fw = framework.startSpan("ChatModel", { startTime: start, attributes: llm(prompt, `echo: ${prompt}`, frameworkUsage ? 5 : undefined, session) }, ctx);
    const call = clientTracer.startSpan("Chat Completions", { startTime: start + 0.2, attributes: llm(prompt, `echo: ${prompt}`, 5, session) }, ctx);
    call.end(t0 + 30 + i);
    fw.end(t0 + 35 + i);
  });
  agent.end(t0 + 50);
  return exporter.getFinishedSpans() as ReadableSpan[];
}

/**
 * One call as the Agents SDK stack reports it: agent → turn → `response` (the framework's scope, whole milliseconds)
 * and the client's `OpenAI Responses` under the application's span (or a root), ending 0.164 ms after the response
 * (within the clock's tolerance, so the old order kept the client's span). Both report usage.
 */
function agentsReports(session: string, prompt: string, clientAsRoot: boolean): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const framework = provider.getTracer("framework-instrumentation");
  const under = (parent: ReturnType<typeof framework.startSpan>) => trace.setSpan(context.active(), parent);
  const step = (kind: string): Attributes => ({ "honeyhive.session_id": session, "openinference.span.kind": kind });
  const t0 = Date.now();
  const app = provider.getTracer("app").startSpan("answer", { startTime: t0, attributes: { "honeyhive.session_id": session } });
  const agent = framework.startSpan("agent", { startTime: t0, attributes: step("AGENT") });
  const turn = framework.startSpan("turn", { startTime: t0, attributes: step("CHAIN") }, under(agent));
  const response = framework.startSpan("response", { startTime: t0 + 1, attributes: llm(prompt, `echo: ${prompt}`, 5, session) }, under(turn));
  const clientOptions = { startTime: t0 + 1, root: clientAsRoot, attributes: llm(prompt, `echo: ${prompt}`, 5, session) };
  const call = provider.getTracer("client-instrumentation").startSpan("OpenAI Responses", clientOptions, under(app));
  call.end(t0 + 11.164);
  response.end(t0 + 11);
  for (const span of [turn, agent, app]) span.end(t0 + 20);
  return exporter.getFinishedSpans() as ReadableSpan[];
}

/**
 * A LangChain chat model called directly, as the langgraph stack reports it with both instrumentations: LangChain's
 * `ChatOpenAI` run (started late, from its callback queue) and the OpenAI client instrumentation's span, both under
 * the application's span (no tree tells them apart), the client's ending `clientLag` ms after the run. Both report usage.
 */
function directCallReports(session: string, prompt: string, clientLag: number): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const t0 = Date.now();
  const app = provider.getTracer("app").startSpan("answer", { startTime: t0, attributes: { "honeyhive.session_id": session } });
  const ctx = trace.setSpan(context.active(), app);
  const call = provider.getTracer("@arizeai/openinference-instrumentation-openai").startSpan("OpenAI Chat Completions", { startTime: t0 + 1, attributes: llm(prompt, `echo: ${prompt}`, 5, session) }, ctx);
  const run = provider.getTracer("@arizeai/openinference-instrumentation-langchain").startSpan("ChatOpenAI", { startTime: t0 + 3, attributes: llm(prompt, `echo: ${prompt}`, 5, session) }, ctx);
  run.end(t0 + 11);
  call.end(t0 + 11 + clientLag);
  app.end(t0 + 20);
  return exporter.getFinishedSpans() as ReadableSpan[];
}

async function sessionEvents(sessionId: string): Promise<any[]> {
  const res = await api.call("POST", "/v1/events/export", { filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }] });
  expect(res.status).toBe(200);
  return res.body.events as any[];
}

describe("dev server ingest: sibling reports of one call", () => {
  it("two concurrent calls, each reported by two instrumentations: two model events, two linked chains, tokens once", async () => {
    const session = "aaaaaaaa-0000-4000-8000-00000000c001";
    const res = await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(siblingReports(session, ["unit-1/a", "unit-2/a"], false))), PROTO);
    expect(res.status).toBe(200);
    const events = await sessionEvents(session);
    const models = events.filter((e) => e.event_type === "model");
    expect(models.map((e) => e.event_name)).toEqual(["Chat Completions", "Chat Completions"]); // the one with usage
    const twins = events.filter((e) => e.event_name === "ChatModel");
    expect(twins.map((e) => e.event_type)).toEqual(["chain", "chain"]);
    for (const twin of twins) {
      const kept = models.find((m) => m.inputs?.chat_history?.[0]?.content === twin.metadata["llm.input_messages.0.message.content"]);
      expect(kept).toBeDefined();
      expect(twin.metadata.same_call_as).toBe(kept.event_id); // the model event's id, not its span id
    }
    expect(models.reduce((sum, e) => sum + e.metadata.total_tokens, 0)).toBe(10);
    const sessionRes = await api.call("GET", `/v1/sessions/${session}`);
    expect(sessionRes.status).toBe(200);
    expect(JSON.stringify(sessionRes.body)).toContain('"total_tokens":10');
  });

  it("a decision made by the SDK is kept as it is, and one instrumentation alone is never paired", async () => {
    const session = "aaaaaaaa-0000-4000-8000-00000000c002";
    const spans = siblingReports(session, ["unit-3/a"], true);
    const keptSpanId = spans.find((s) => s.name === "ChatModel")!.spanContext().spanId;
    const decided = spans.map((s) => (s.name !== "Chat Completions" ? s : Object.assign(Object.create(Object.getPrototypeOf(s)), s, { attributes: { ...s.attributes, honeyhive_event_type: "chain", "honeyhive_metadata.same_call_as": keptSpanId } })));
    expect((await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(decided)), PROTO)).status).toBe(200);
    const events = await sessionEvents(session);
    const models = events.filter((e) => e.event_type === "model");
    expect(models.map((e) => e.event_name)).toEqual(["ChatModel"]);
    // the SDK's link (a span id on the wire) is stored as the event id of that span
    expect(events.find((e) => e.event_name === "Chat Completions")?.metadata.same_call_as).toBe(models[0].event_id);

    const alone = "aaaaaaaa-0000-4000-8000-00000000c003";
    const oneScope = siblingReports(alone, ["unit-4/a", "unit-4/a"], true).filter((s) => s.instrumentationScope.name === "client-instrumentation");
    expect((await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(oneScope)), PROTO)).status).toBe(200);
    expect((await sessionEvents(alone)).filter((e) => e.event_type === "model")).toHaveLength(2);
  });

  it("the framework's span in its own tree stays the model event; a parent not in the request is unknown and the times decide", async () => {
    for (const [i, clientAsRoot] of [false, true].entries()) {
      const session = `aaaaaaaa-0000-4000-8000-00000000c01${i}`;
      expect((await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(agentsReports(session, `unit-${i}/b`, clientAsRoot))), PROTO)).status).toBe(200);
      const events = await sessionEvents(session);
      expect(events.filter((e) => e.event_type === "model").map((e) => e.event_name)).toEqual(["response"]);
      expect(events.find((e) => e.event_name === "OpenAI Responses")?.event_type).toBe("chain");
    }
    const session = "aaaaaaaa-0000-4000-8000-00000000c012";
    const withoutApp = agentsReports(session, "unit-2/b", false).filter((s) => s.name !== "answer");
    expect((await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(withoutApp)), PROTO)).status).toBe(200);
    expect((await sessionEvents(session)).filter((e) => e.event_type === "model").map((e) => e.event_name)).toEqual(["OpenAI Responses"]);
  });

  it("a LangChain chat model called directly: LangChain's run stays the model event whatever the client's span's end time (the framework's report)", async () => {
    for (const [i, lag] of [0.164, 5, -5].entries()) {
      const session = `aaaaaaaa-0000-4000-8000-00000000c02${i}`;
      expect((await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(directCallReports(session, `unit-${i}/c`, lag))), PROTO)).status).toBe(200);
      const events = await sessionEvents(session);
      const models = events.filter((e) => e.event_type === "model");
      expect(models.map((e) => e.event_name)).toEqual(["ChatOpenAI"]);
      const twin = events.find((e) => e.event_name === "OpenAI Chat Completions");
      expect(twin?.event_type).toBe("chain");
      expect(twin?.metadata.same_call_as).toBe(models[0].event_id);
      expect(models[0].metadata.total_tokens).toBe(5);
    }
  });
});
