import { gzipSync } from "node:zlib";
import { SpanStatusCode, context, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, type Client } from "./helpers";
import { jsonBody, protobufBody, pythonJsonBody, recordSpans } from "./spans";

const PROTO = { "content-type": "application/x-protobuf" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server);
});
afterAll(() => server.close());

async function sessionEvents(sessionId: string) {
  const res = await api.call("POST", "/v1/events/export", {
    filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }],
  });
  expect(res.status).toBe(200);
  return res.body.events as any[];
}

describe("OTLP protobuf from real SDK spans", () => {
  const sessionId = "aaaaaaaa-0000-4000-8000-000000000001";
  const runId = "bbbbbbbb-0000-4000-8000-000000000001";
  const spans = recordSpans((tracer) => {
    const root = tracer.startSpan("my_fn", {
      attributes: {
        "honeyhive.session_id": sessionId, "honeyhive.source": "evaluation", "honeyhive.session_name": "exp-1",
        honeyhive_event_type: "chain", honeyhive_event_name: "my_fn",
        "honeyhive_inputs._params_.question": "why?", "honeyhive_inputs.list.0": "a", "honeyhive_inputs.list.1": "b",
        "honeyhive_outputs.result": "because", "honeyhive_metrics.accuracy": 0.9, "honeyhive_metrics.exact": true,
        "honeyhive_metadata.run_id": runId, "honeyhive_metadata.datapoint_id": "dp-1",
        "honeyhive_config.model": "m", "honeyhive_feedback.ground_truth": "g", "honeyhive_user_properties.user": "u",
        "test.unique_id": "u-1", "honeyhive.inputs.prompt": "dot-form stays in metadata", "big.count": 2 ** 40,
      },
    });
    const ctx = trace.setSpan(context.active(), root);
    const llm = tracer.startSpan("openai.chat", {
      attributes: { "honeyhive.session_id": sessionId, "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-x" },
    }, ctx);
    llm.setStatus({ code: SpanStatusCode.ERROR, message: "rate limited" });
    llm.end();
    const retriever = tracer.startSpan("retrieve", {
      attributes: { "honeyhive.session_id": sessionId, "openinference.span.kind": "RETRIEVER" },
    }, ctx);
    retriever.recordException(new TypeError("boom"));
    retriever.setStatus({ code: SpanStatusCode.ERROR });
    retriever.end();
    root.end();
  });

  it("stores every span as an event of the session, with the §2.3 mapping", async () => {
    const res = await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(spans)), PROTO);
    expect(res.status).toBe(200);
    expect(res.contentType).toBe("application/x-protobuf");
    const events = await sessionEvents(sessionId);
    expect(events).toHaveLength(4);
    const session = events.find((e) => e.event_type === "session");
    expect(session).toMatchObject({ event_id: sessionId, event_name: "exp-1", source: "evaluation", parent_id: null });
    expect(session.metadata).toMatchObject({ run_id: runId, datapoint_id: "dp-1" });

    const root = events.find((e) => e.event_name === "my_fn");
    const rootSpan = spans.find((s) => s.name === "my_fn")!;
    expect(root.event_id).toMatch(UUID);
    expect(root).toMatchObject({
      event_type: "chain", parent_id: sessionId, source: "evaluation", error: null,
      inputs: { _params_: { question: "why?" }, list: ["a", "b"] },
      outputs: { result: "because" },
      metrics: { accuracy: 0.9, exact: true },
      config: { model: "m" }, feedback: { ground_truth: "g" }, user_properties: { user: "u" },
    });
    expect(root.metadata).toMatchObject({
      run_id: runId, datapoint_id: "dp-1", "test.unique_id": "u-1",
      "honeyhive.inputs.prompt": "dot-form stays in metadata", "big.count": 2 ** 40, "honeyhive.session_name": "exp-1",
    });
    expect(root.metadata["honeyhive.session_id"]).toBeUndefined();
    expect(root.start_time).toBeCloseTo(rootSpan.startTime[0] * 1000 + rootSpan.startTime[1] / 1e6, 2);
    expect(root.duration).toBeCloseTo(root.end_time - root.start_time, 6);
    expect(session.children_ids).toEqual([root.event_id]);

    const llm = events.find((e) => e.event_name === "openai.chat");
    expect(llm).toMatchObject({ event_type: "model", parent_id: root.event_id, error: "rate limited" });
    expect(llm.metadata["gen_ai.request.model"]).toBe("gpt-x");
    const retriever = events.find((e) => e.event_name === "retrieve");
    expect(retriever).toMatchObject({ event_type: "tool", parent_id: root.event_id, error: "TypeError: boom" });
    expect(root.children_ids.sort()).toEqual([llm.event_id, retriever.event_id].sort());
  });

  it("is idempotent: the same request again adds no events", async () => {
    await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(spans)), PROTO);
    expect(await sessionEvents(sessionId)).toHaveLength(4);
  });
});

describe("OTLP JSON", () => {
  it("accepts the OTel JS JSON serialiser and the standard /v1/traces path, gzip-compressed", async () => {
    const sessionId = "aaaaaaaa-0000-4000-8000-000000000002";
    const spans = recordSpans((tracer) => {
      tracer.startSpan("task", { attributes: { "traceloop.association.properties.session_id": sessionId,
        "traceloop.span.kind": "workflow", "traceloop.association.properties.run_id": "r-ts" } }).end();
    });
    const body = gzipSync(jsonBody(spans));
    const res = await api.raw("POST", "/v1/traces", body, { "content-type": "application/json", "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const [session, task] = (await sessionEvents(sessionId)).sort((a) => (a.event_type === "session" ? -1 : 1));
    expect(session.event_type).toBe("session");
    expect(task).toMatchObject({ event_type: "chain", event_name: "task" });
    expect(task.metadata.run_id).toBe("r-ts");
    expect(task.metadata["traceloop.span.kind"]).toBe("workflow");
  });

  it("accepts the Python SDK's quirky JSON (hex ids, null parentSpanId, enum strings, string int64)", async () => {
    const sessionId = "aaaaaaaa-0000-4000-8000-000000000003";
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const body = pythonJsonBody([
      { traceId, spanId: "b7ad6b7169203331", name: "app.main", startMs: 1_700_000_000_000, endMs: 1_700_000_000_250,
        attributes: { "honeyhive.session_id": sessionId, honeyhive_event_type: "chain", "honeyhive_inputs.x": 3,
          "honeyhive_inputs.cfg": '{"a": 1}', "honeyhive_metrics.score": 0.5 } },
      { traceId, spanId: "00f067aa0ba902b7", parentSpanId: "b7ad6b7169203331", name: "call_llm", startMs: 1_700_000_000_010,
        endMs: 1_700_000_000_200, status: "STATUS_CODE_ERROR", statusMessage: "ValueError: bad",
        attributes: { "honeyhive.session_id": sessionId, honeyhive_event_type: "model", honeyhive_error: "explicit error",
          "honeyhive_event_name": "llm-call", "llm.request.model": "claude" } },
    ]);
    const res = await api.raw("POST", "/opentelemetry/v1/traces", body, { "content-type": "application/json", "x-source": "py-sdk" });
    expect(res.status).toBe(200);
    const events = await sessionEvents(sessionId);
    const main = events.find((e) => e.event_name === "app.main");
    const llm = events.find((e) => e.event_name === "llm-call");
    expect(main).toMatchObject({ event_type: "chain", parent_id: sessionId, source: "py-sdk", start_time: 1_700_000_000_000,
      end_time: 1_700_000_000_250, duration: 250, inputs: { x: 3, cfg: '{"a": 1}' }, metrics: { score: 0.5 } });
    expect(llm).toMatchObject({ event_type: "model", parent_id: main.event_id, error: "explicit error" });
  });
});

describe("span identity", () => {
  it("links children to a parent that names its own event id, whichever arrives first", async () => {
    const sessionId = "aaaaaaaa-0000-4000-8000-000000000004";
    const parentEventId = "cccccccc-0000-4000-8000-000000000001";
    const spans = recordSpans((tracer) => {
      const parent = tracer.startSpan("parent", { attributes: { "honeyhive.session_id": sessionId, honeyhive_event_id: parentEventId } });
      const ctx = trace.setSpan(context.active(), parent);
      tracer.startSpan("early-child", { attributes: { "honeyhive.session_id": sessionId } }, ctx).end();
      parent.end();
      tracer.startSpan("late-child", { attributes: { "honeyhive.session_id": sessionId } }, ctx).end();
    });
    const byName = (n: string) => [spans.find((s) => s.name === n)!];
    for (const name of ["early-child", "parent", "late-child"]) {
      expect((await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(byName(name))), PROTO)).status).toBe(200);
    }
    const events = await sessionEvents(sessionId);
    const parent = events.find((e) => e.event_name === "parent");
    expect(parent.event_id).toBe(parentEventId);
    expect(events.find((e) => e.event_name === "early-child").parent_id).toBe(parentEventId);
    expect(events.find((e) => e.event_name === "late-child").parent_id).toBe(parentEventId);
    expect(parent.children_ids).toHaveLength(2);
  });

  it("puts spans without a session id into one session per trace", async () => {
    const spans = recordSpans((tracer) => {
      const root = tracer.startSpan("plain-root");
      tracer.startSpan("plain-child", {}, trace.setSpan(context.active(), root)).end();
      root.end();
    });
    await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(spans)), PROTO);
    const found = await api.call("POST", "/v1/events/export", {
      filters: [{ field: "event_name", operator: "is", value: "plain-root", type: "string" }],
    });
    const root = found.body.events[0];
    const events = await sessionEvents(root.session_id);
    expect(events.map((e) => e.event_type).sort()).toEqual(["session", "tool", "tool"]);
  });
});

describe("bad OTLP input", () => {
  const sessionId = "aaaaaaaa-0000-4000-8000-0000000000ff";
  const good = recordSpans((tracer) => tracer.startSpan("ok", { attributes: { "honeyhive.session_id": sessionId } }).end());

  it("rejects malformed protobuf and JSON with 400 and stores nothing", async () => {
    const garbage = Buffer.concat([Buffer.from(protobufBody(good)), Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f])]);
    const res = await api.raw("POST", "/opentelemetry/v1/traces", garbage, PROTO);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/malformed OTLP protobuf/);
    const json = await api.raw("POST", "/opentelemetry/v1/traces", '{"resourceSpans": [', { "content-type": "application/json" });
    expect(json.status).toBe(400);
    expect(await sessionEvents(sessionId)).toHaveLength(0);
  });

  it("rejects unsupported content types and encodings with 415", async () => {
    const res = await api.raw("POST", "/opentelemetry/v1/traces", "hello", { "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect(res.body.error).toBeTypeOf("string");
    const br = await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(good)), { ...PROTO, "content-encoding": "br" });
    expect(br.status).toBe(415);
  });

  it("rejects corrupt gzip (400) and gzip bombs (413)", async () => {
    const corrupt = await api.raw("POST", "/opentelemetry/v1/traces", Buffer.from([0x1f, 0x8b, 1, 2, 3]), { ...PROTO, "content-encoding": "gzip" });
    expect(corrupt.status).toBe(400);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await api.raw("POST", "/opentelemetry/v1/traces", bomb, { ...PROTO, "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/decompressed/);
  });

  it("rejects a request with one span lacking ids as a whole", async () => {
    const body = pythonJsonBody([
      { traceId: "0af7651916cd43dd8448eb211c80319d", spanId: "b7ad6b7169203332", name: "fine", startMs: 1, endMs: 2,
        attributes: { "honeyhive.session_id": sessionId } },
      { traceId: "0af7651916cd43dd8448eb211c80319d", spanId: "", name: "no-id", startMs: 1, endMs: 2, attributes: {} },
    ]);
    const res = await api.raw("POST", "/opentelemetry/v1/traces", body, { "content-type": "application/json" });
    expect(res.status).toBe(400);
    expect(await sessionEvents(sessionId)).toHaveLength(0);
  });

  it("needs an API key", async () => {
    const anonymous = client(server, null);
    const res = await anonymous.raw("POST", "/opentelemetry/v1/traces", Buffer.from(protobufBody(good)), PROTO);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: expect.stringMatching(/API key/) });
  });
});
