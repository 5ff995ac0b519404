/**
 * `metadata.same_call_as` can be followed (decision records 0005 and 0009): the chain event that reports the same LLM
 * call as a model event names that model event's `event_id`, an event of the same session — not the raw span id the
 * SDK sends on the wire. A real tracer exports to a real dev server one span per request (`disableBatch`), so the
 * ingest never sees both spans of a pair at once:
 * - sibling reports in two traces (the OpenAI Agents SDK starts its own trace beside the client call's);
 * - a `trace(…, { eventType: "model" })` wrapper that names its own event id around an instrumentation's model span
 *   (the nested rule): the link arrives before the event it names, and is resolved when that event arrives.
 */
import { context, trace as otelTrace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, enrichSpan, trace } from "../../packages/honeyhive/src/index";
import { client, startServer, type Client } from "./helpers";

let server: DevServer;
let api: Client;
let tracer: HoneyHiveTracer;
beforeAll(async () => {
  server = await startServer();
  api = client(server);
  tracer = new HoneyHiveTracer({ apiKey: "local", serverUrl: server.url, project: "links", disableBatch: true, logSink: () => undefined });
});
afterAll(async () => {
  await tracer.shutdown();
  await server.close();
});

function llm(prompt: string, tokens: number | undefined): Record<string, string | number> {
  return {
    "openinference.span.kind": "LLM", "llm.model_name": "gpt-test",
    "llm.input_messages.0.message.role": "user", "llm.input_messages.0.message.content": prompt,
    "llm.output_messages.0.message.role": "assistant", "llm.output_messages.0.message.content": `echo: ${prompt}`,
    ...(tokens === undefined ? {} : { "llm.token_count.prompt": 1, "llm.token_count.completion": tokens - 1, "llm.token_count.total": tokens }),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function sessionEvents(sessionId: string): Promise<any[]> {
  const res = await api.call("POST", "/v1/events/export", { filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }] });
  expect(res.status).toBe(200);
  return res.body.events as any[];
}

/** Resolves once the dev server stored an event named `name` in `sessionId` (bounded). */
async function stored(sessionId: string, name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await sessionEvents(sessionId)).some((e) => e.event_name === name)) return;
    await sleep(10);
  }
  throw new Error(`${name} never stored`);
}

/** The events of `sessionId` that link to another, each with the event its link names (undefined: names nothing). */
async function links(sessionId: string): Promise<{ link: any; named: any }[]> {
  expect(await tracer.flush()).toBe(true);
  const events = await sessionEvents(sessionId);
  return events.filter((e) => e.metadata?.same_call_as !== undefined).map((link) => ({ link, named: events.find((e) => e.event_id === link.metadata.same_call_as) }));
}

describe("metadata.same_call_as names the linked model event (dev server REST API)", () => {
  it("sibling reports in two traces, exported one span per request: the chain names the model event of the session", async () => {
    const framework = otelTrace.getTracer("framework-instrumentation");
    const clientTracer = otelTrace.getTracer("client-instrumentation");
    const sessionId = await tracer.withSession({ sessionName: "siblings" }, (id) => tracer.trace(async () => {
      // the framework's span is a root of its own trace (as the Agents SDK's trace processor makes it), the client's
      // span is in the application's trace: both report the call, the framework's ends later and is kept
      const response = framework.startSpan("response", { root: true, attributes: llm("unit-1/a", 3) });
      const call = clientTracer.startSpan("OpenAI Responses", { attributes: llm("unit-1/a", 3) }, context.active());
      expect(call.spanContext().traceId).not.toBe(response.spanContext().traceId);
      await sleep(3);
      call.end();
      await sleep(5);
      response.end();
      return id;
    }));
    const found = await links(sessionId);
    expect(found.map(({ link }) => [link.event_name, link.event_type])).toEqual([["OpenAI Responses", "chain"]]);
    const [{ link, named }] = found as [{ link: any; named: any }];
    expect(named).toMatchObject({ event_name: "response", event_type: "model", session_id: sessionId });
    expect(link.metadata.same_call_as_trace_id).toBeUndefined(); // consumed: the link is an event id now
  });

  it("a model wrapper that names its own event id, its inner model span exported first: the link names that event id", async () => {
    const instrumentation = otelTrace.getTracer("client-instrumentation");
    const ownId = "0f8e2a4c-1b3d-4e5f-8a7b-9c0d1e2f3a4b";
    const step = trace(async (prompt: string) => {
      enrichSpan({ eventId: ownId });
      const call = instrumentation.startSpan("Chat Completions", { attributes: llm(prompt, 3) });
      await sleep(2);
      call.end();
      await stored(sessionId, "Chat Completions"); // the link is stored before the event it names exists
      return `echo: ${prompt}`;
    }, { eventType: "model", eventName: "my_llm_step" });
    const sessionId = "5e55a0e0-0000-4000-8000-00000000a002";
    await tracer.withSession({ sessionName: "nested", sessionId }, () => tracer.trace(() => step("unit-2/a")));
    const found = await links(sessionId);
    expect(found.map(({ link }) => link.event_name)).toEqual(["Chat Completions"]);
    expect(found[0]!.link.metadata.same_call_as).toBe(ownId);
    expect(found[0]!.named).toMatchObject({ event_id: ownId, event_name: "my_llm_step", event_type: "model" });
  });
});
