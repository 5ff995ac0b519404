// The one call-and-stream follower of the SDK's own client instrumentations (Cohere, Mistral, Vertex AI): the
// client's result, stream and error reach the app unchanged; a stream is read only as the app reads it; the span
// ends once whichever way the stream ends, with the reply, and the first chunk with content gives the time to first
// token. Real OpenTelemetry spans through a test tracer (the global provider it registers).
import { trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { followStream, runModelCall, startModelCall } from "../../packages/honeyhive/src/integrations/own-model-call";
import { createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

afterEach(() => resetHoneyHiveGlobals());

const request = () => ({ "gen_ai.operation.name": "chat", "gen_ai.provider.name": "cohere", "gen_ai.request.model": "command-r" });

async function* chunks(pieces: string[], pulled: string[]): AsyncGenerator<{ text: string }> {
  for (const text of pieces) {
    pulled.push(text);
    yield { text };
  }
}

/** The spans of the calls (their scope's), a test tracer active around them as in an app. */
const callSpans = async (recorder: ReturnType<typeof createTestTracer>) => (await recorder.spans()).filter((s) => s.instrumentationScope.name === "honeyhive.test");

/** A reader that keeps the text of each chunk (content when it has text). */
function textReader() {
  let text = "";
  return { add: (c: unknown) => ((text += (c as { text?: string }).text ?? ""), (c as { text?: string }).text !== undefined), attributes: () => ({ "reply.text": text }) };
}

describe("own-model-call", () => {
  it("a plain call: the client's result unchanged, one CLIENT span named after the model, ended with the response's attributes", async () => {
    const recorder = createTestTracer();
    const result = { answer: 42 };
    const got = await recorder.tracer.trace(async () => {
      const call = startModelCall(trace.getTracerProvider(), "honeyhive.test", request)!;
      return runModelCall(call, async () => result, (r) => void call.span.setAttribute("answer", r.answer));
    });
    expect(got).toBe(result);
    const [span] = await callSpans(recorder);
    expect(span).toMatchObject({ name: "chat command-r", attributes: expect.objectContaining({ answer: 42, "gen_ai.provider.name": "cohere" }) });
  });

  it("an error: rethrown as the client threw it, recorded on the ended span", async () => {
    const recorder = createTestTracer();
    const failure = new TypeError("refused");
    const thrown = await recorder.tracer.trace(async () => {
      const call = startModelCall(trace.getTracerProvider(), "honeyhive.test", request)!;
      return runModelCall(call, async () => { throw failure; }, () => undefined).catch((e: unknown) => e);
    });
    expect(thrown).toBe(failure);
    const [span] = await callSpans(recorder);
    expect(span?.status.code).toBe(2);
    expect(span?.events.map((e) => e.name)).toEqual(["exception"]);
  });

  it("a stream: nothing read before the app reads, every chunk reaches it, the span ends at the stream's end with the reply and a first-token time", async () => {
    const recorder = createTestTracer();
    const pulled: string[] = [];
    const seen = await recorder.tracer.trace(async () => {
      const call = startModelCall(trace.getTracerProvider(), "honeyhive.test", request)!;
      const stream = await runModelCall(call, async () => chunks(["a", "b", "c"], pulled), (s) => {
        const followed = followStream(s, call, textReader(), "proxy");
        return followed === undefined ? undefined : { value: followed, streaming: true };
      });
      expect(pulled).toEqual([]); // not drained: nothing pulled until the app reads
      expect(call.span.isRecording()).toBe(true); // the span is still open
      const texts: string[] = [];
      for await (const chunk of stream) texts.push(chunk.text);
      return texts;
    });
    expect(seen).toEqual(["a", "b", "c"]);
    const [span] = await callSpans(recorder);
    expect(span?.attributes).toMatchObject({ "reply.text": "abc", "honeyhive_metadata.stream_end": "completed" });
    expect(span?.attributes["gen_ai.response.time_to_first_chunk"]).toBeGreaterThanOrEqual(0);
  });

  it("a stream left early (break) or followed in place: the span ends once, with what was read; the object the app holds is the client's", async () => {
    const recorder = createTestTracer();
    await recorder.tracer.trace(async () => {
      const call = startModelCall(trace.getTracerProvider(), "honeyhive.test", request)!;
      const original = chunks(["a", "b", "c"], []);
      const held = followStream(original, call, textReader(), "in-place");
      expect(held).toBe(original);
      for await (const chunk of held!) if (chunk.text === "a") break;
      expect(followStream({ not: "a stream" }, call, textReader(), "proxy")).toBeUndefined();
    });
    const spans = await callSpans(recorder);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes).toMatchObject({ "reply.text": "a", "honeyhive_metadata.stream_end": "closed_early" });
  });
});
