// Issue 47 req 8: an OpenTelemetry-only app (no HoneyHive SDK, no honeyhive.session_id) that sets the OTel GenAI
// `gen_ai.conversation.id` gets one session per conversation in the dev server, not one per trace: every span of a
// trace in which any span names the conversation joins it (the HTTP root, memory and tool spans, which carry no
// conversation id, stay in their turn's tree), whether the spans arrive in one export request or one request per span
// (a span stored before any span of its trace named the conversation is moved into it). Spans
// with a HoneyHive session keep it; other traces keep one session each; projects stay apart. Real OTel SDK, real
// OTLP/protobuf export to the real dev server.
import { context, trace, type Attributes, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_GEN_AI_OPERATION_NAME } from "@opentelemetry/semantic-conventions/incubating";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer } from "../dev-server/helpers";

let server: DevServer;
const contextManager = new AsyncLocalStorageContextManager();
beforeAll(async () => {
  server = await startServer();
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(async () => {
  context.disable();
  await server.close();
});

type Processor = (exporter: OTLPTraceExporter) => SpanProcessor;
const perSpan: Processor = (exporter) => new SimpleSpanProcessor(exporter);
const batched: Processor = (exporter) => new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60_000, maxExportBatchSize: 512 });

/** A tracer exporting to the dev server under `key`, and its flush. */
function tracerFor(key: string, processor: Processor): { tracer: Tracer; flush: () => Promise<void> } {
  const exporter = new OTLPTraceExporter({ url: `${server.url}/opentelemetry/v1/traces`, headers: { authorization: `Bearer ${key}` } });
  const provider = new BasicTracerProvider({ spanProcessors: [processor(exporter)] });
  return { tracer: provider.getTracer("otel-only-app"), flush: async () => { await provider.forceFlush(); await provider.shutdown(); } };
}

function inSpan<T>(tracer: Tracer, name: string, attributes: Attributes, body: () => T): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    try {
      return body();
    } finally {
      span.end();
    }
  });
}

/** One turn as an OTel-only agent app traces it: an HTTP root, the agent (with the conversation), a chat call and a tool. */
function turn(tracer: Tracer, conversation: string | undefined, question: string): string {
  const id = conversation === undefined ? {} : { [ATTR_GEN_AI_CONVERSATION_ID]: conversation };
  return inSpan(tracer, "POST /chat", { "http.request.method": "POST" }, () =>
    inSpan(tracer, "invoke_agent travel", { [ATTR_GEN_AI_OPERATION_NAME]: "invoke_agent", "gen_ai.agent.name": "travel", ...id }, () => {
      // ends (and, exported per span, is stored) before any span of the turn names the conversation
      inSpan(tracer, "search_memory", { [ATTR_GEN_AI_OPERATION_NAME]: "search_memory", "gen_ai.memory.query.text": question }, () => undefined);
      inSpan(tracer, "chat gpt-4o-mini", { [ATTR_GEN_AI_OPERATION_NAME]: "chat", "gen_ai.request.model": "gpt-4o-mini", ...id,
        "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: question }] }]) }, () => undefined);
      inSpan(tracer, "execute_tool get_weather", { [ATTR_GEN_AI_OPERATION_NAME]: "execute_tool", "gen_ai.tool.name": "get_weather" }, () => undefined);
      return trace.getActiveSpan()!.spanContext().traceId;
    }));
}

async function exported(key: string): Promise<any[]> {
  const reply = await client(server, key).call("POST", "/v1/events/export", { filters: [], limit: 500 });
  expect(reply.status).toBe(200);
  return reply.body.events as any[];
}

describe("gen_ai.conversation.id as the session of an OTel-only app", () => {
  it.each([["one export request per span", perSpan], ["one export request for the batch", batched]] as const)(
    "groups two turns (two traces) into one session, with every span of each turn: %s", async (label, processor) => {
      const key = `conv-${label.replace(/\W+/g, "-")}`;
      const app = tracerFor(key, processor);
      const traces = [turn(app.tracer, "conv_5j66", "Weather in Paris?"), turn(app.tracer, "conv_5j66", "And in Rome?"), turn(app.tracer, undefined, "Hi")];
      await app.flush();
      expect(new Set(traces).size).toBe(3);
      const events = await exported(key);
      const sessions = events.filter((e) => e.event_type === "session");
      expect(sessions).toHaveLength(2); // a span stored in its trace's session before the conversation was named moved, and that session went
      const conversation = sessions.find((s) => s.event_name === "conv_5j66");
      expect(conversation).toBeDefined();
      const inConversation = events.filter((e) => e.session_id === conversation.event_id && e.event_type !== "session");
      expect(inConversation.map((e) => e.event_name).sort()).toEqual([
        "POST /chat", "POST /chat", "chat gpt-4o-mini", "chat gpt-4o-mini", "get_weather", "get_weather", "invoke_agent travel", "invoke_agent travel",
        "search_memory", "search_memory",
      ]);
      // the trees hold: each turn's HTTP root hangs from the session, everything else from a span of its own turn
      const byId = new Map(inConversation.map((e) => [e.event_id, e]));
      for (const event of inConversation) {
        if (event.event_name === "POST /chat") expect(event.parent_id).toBe(conversation.event_id);
        else expect(byId.has(event.parent_id)).toBe(true);
      }
      const other = events.filter((e) => e.session_id !== conversation.event_id);
      // the untagged turn: its own trace session ("POST /chat" is typed model by the span-name heuristic)
      expect(other.map((e) => e.event_name).sort()).toEqual(["POST /chat", "chat gpt-4o-mini", "get_weather", "invoke_agent travel", "search_memory", "unknown"]);
      expect(new Set(other.map((e) => e.session_id)).size).toBe(1);
    });

  it("keeps a span's own HoneyHive session, a UUID conversation id as the session id, and projects apart", async () => {
    const uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const a = tracerFor("conv-project-a", batched);
    inSpan(a.tracer, "invoke_agent travel", { [ATTR_GEN_AI_OPERATION_NAME]: "invoke_agent", [ATTR_GEN_AI_CONVERSATION_ID]: uuid.toUpperCase() }, () =>
      inSpan(a.tracer, "mine", { "honeyhive.session_id": "2b1e4a9c-3f5d-4e6a-8b7c-9d0e1f2a3b4c" }, () => undefined));
    await a.flush();
    const events = await exported("conv-project-a");
    expect(events.find((e) => e.event_name === "invoke_agent travel").session_id).toBe(uuid);
    expect(events.find((e) => e.event_name === "mine").session_id).toBe("2b1e4a9c-3f5d-4e6a-8b7c-9d0e1f2a3b4c");
    const b = tracerFor("conv-project-b", batched);
    turn(b.tracer, uuid, "Other project");
    await b.flush();
    expect((await exported("conv-project-a")).filter((e) => e.session_id === uuid)).toHaveLength(2); // the session and the agent
    expect((await exported("conv-project-b")).filter((e) => e.session_id === uuid)).toHaveLength(6);
  });
});
