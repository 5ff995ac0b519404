// Issue 47 req 4: a Bedrock stream followed on its span (bedrock-stream.ts): the consumer gets the same events, and the
// span ends once, whether the stream completes, fails, or is closed early; the reply so far is recorded each time.
// "Once" is counted on the span handed to the follower (the SDK's span ignores a second end(), so the exporter alone
// could not see one), and each case goes on using the iterator after the stream ended, as pipelines do in `finally`.
import { ROOT_CONTEXT, type Span, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { followBedrockStream } from "../../packages/honeyhive/src/integrations/bedrock-stream";

const EVENTS = [
  { messageStart: { role: "assistant" } },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Hel" } } },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "lo" } } },
  { messageStop: { stopReason: "end_turn" } },
  { metadata: { usage: { inputTokens: 2, outputTokens: 1 } } },
];

async function* events(failAfter?: number): AsyncGenerator<unknown> {
  for (let i = 0; i < EVENTS.length; i++) {
    if (i === failAfter) throw new Error("stream broke");
    yield EVENTS[i];
  }
}

/** `span` with its `end()` calls counted in `ends.count`. */
function countingEnds(span: Span): { span: Span; ends: { count: number } } {
  const ends = { count: 0 };
  const counted = new Proxy(span, {
    get(target, prop) {
      if (prop === "end") return (...args: Parameters<Span["end"]>) => void (ends.count++, target.end(...args));
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { span: counted, ends };
}

function setup(stream: AsyncIterable<unknown>) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const { span, ends } = countingEnds(provider.getTracer("t").startSpan("chat"));
  const response: Record<string, unknown> = { $metadata: {}, stream };
  const followed = followBedrockStream(response, "stream", "converse", span, trace.setSpan(ROOT_CONTEXT, span), performance.now());
  return { exporter, response, followed, ends };
}

/** What a pipeline's `finally` does with an iterator it is done with: `return()`, and a stray `next()`. */
async function useAfterEnd(stream: unknown): Promise<void> {
  const iterator = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  await iterator.return?.();
  await iterator.next().catch(() => undefined);
}

describe("followBedrockStream", () => {
  it("completed: every event passes unchanged; the reply, usage and time to first token are on the span, which ends once", async () => {
    const { exporter, response, followed, ends } = setup(events());
    expect(followed).toBe(true);
    const seen: unknown[] = [];
    for await (const event of response.stream as AsyncIterable<unknown>) seen.push(event);
    await useAfterEnd(response.stream);
    expect(ends.count).toBe(1);
    expect(seen).toEqual(EVENTS);
    expect(seen[1]).toBe(EVENTS[1]);
    const [span] = exporter.getFinishedSpans();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(JSON.parse(String(span!.attributes["gen_ai.output.messages"]))).toEqual([{ role: "assistant", parts: [{ type: "text", content: "Hello" }], finish_reason: "end_turn" }]);
    expect(span!.attributes).toMatchObject({ "gen_ai.usage.input_tokens": 2, "gen_ai.usage.output_tokens": 1, "honeyhive_metadata.stream_end": "completed" });
    expect(span!.attributes["gen_ai.response.time_to_first_chunk"]).toBeGreaterThanOrEqual(0);
  });

  it("an error mid-stream reaches the consumer unchanged; the span records it and what arrived before", async () => {
    const { exporter, response, ends } = setup(events(2));
    const seen: unknown[] = [];
    await expect(async () => {
      for await (const event of response.stream as AsyncIterable<unknown>) seen.push(event);
    }).rejects.toThrow("stream broke");
    await useAfterEnd(response.stream);
    expect(ends.count).toBe(1);
    expect(seen).toHaveLength(2);
    const [span] = exporter.getFinishedSpans();
    expect(span!.status.code).toBe(2);
    expect(span!.attributes["honeyhive_metadata.stream_end"]).toBe("error");
    expect(span!.events.map((e) => e.name)).toContain("exception");
    expect(JSON.parse(String(span!.attributes["gen_ai.output.messages"]))[0].parts).toEqual([{ type: "text", content: "Hel" }]);
  });

  it("closed early (break): the span ends as closed_early with the text so far", async () => {
    const { exporter, response, ends } = setup(events());
    for await (const event of response.stream as AsyncIterable<unknown>) if ((event as { contentBlockDelta?: unknown }).contentBlockDelta) break;
    await useAfterEnd(response.stream);
    expect(ends.count).toBe(1);
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(exporter.getFinishedSpans()[0]!.attributes["honeyhive_metadata.stream_end"]).toBe("closed_early");
  });

  it("a response without a stream is left as it is (the caller ends the span)", () => {
    const { response, followed, ends } = setup(undefined as unknown as AsyncIterable<unknown>);
    expect(followed).toBe(false);
    expect(ends.count).toBe(0);
    expect(response.stream).toBeUndefined();
  });
});
