import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { trace } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

async function* numbers(n: number, failAt = -1) {
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setTimeout(r, 1));
    if (i === failAt) throw new Error("stream broke");
    yield `c${i}`;
  }
}

describe("streams keep the span open until consumed", () => {
  it("async generator: same chunks in order, span ends after the last chunk with the aggregated output", async () => {
    const { tracer, spans } = createTestTracer();
    const tracedStream = trace(function streamed(n: number) { return numbers(n); }, { tracer });
    const seen: string[] = [];
    const iterable = tracedStream(3);
    expect(tracer.diagnostics().spansEnded).toBe(0);
    for await (const chunk of iterable) seen.push(chunk);
    expect(seen).toEqual(["c0", "c1", "c2"]);
    const [span] = await spans();
    expect(span!.attributes["honeyhive_outputs.result"]).toBe("c0c1c2");
    expect(span!.attributes["honeyhive_metadata.stream_end"]).toBe("completed");
    expect(span!.attributes["honeyhive_metadata.stream_chunks"]).toBe(3);
    expect(typeof span!.attributes["honeyhive_metrics.time_to_first_chunk_ms"]).toBe("number");
  });

  it("async function resolving to a stream, early break, and errors", async () => {
    const { tracer, spans } = createTestTracer();
    const tracedLater = trace(async function later() { return numbers(5); }, { tracer });
    for await (const chunk of await tracedLater()) if (chunk === "c1") break;
    const tracedFailing = trace(function failing() { return numbers(5, 2); }, { tracer });
    const got: string[] = [];
    await expect((async () => { for await (const c of tracedFailing()) got.push(c); })()).rejects.toThrow("stream broke");
    expect(got).toEqual(["c0", "c1"]);
    const byName = Object.fromEntries((await spans()).map((s) => [s.name, s]));
    expect(byName.later!.attributes["honeyhive_metadata.stream_end"]).toBe("closed_early");
    expect(byName.later!.attributes["honeyhive_outputs.result"]).toBe("c0c1");
    expect(byName.failing!.attributes["honeyhive_metadata.stream_end"]).toBe("error");
    expect(byName.failing!.attributes.honeyhive_error).toBe("stream broke");
    expect(byName.failing!.status.code).toBe(2);
  });

  it("abandoned streams are ended with a marker at flush", async () => {
    const { tracer, spans } = createTestTracer();
    const f = trace(function abandoned() { return numbers(10); }, { tracer });
    const it1 = f()[Symbol.asyncIterator]();
    await it1.next();
    const [span] = await spans();
    expect(span!.attributes["honeyhive_metadata.stream_abandoned"]).toBe(true);
    expect(span!.attributes["honeyhive_metadata.stream_end"]).toBe("abandoned");
  });

  it("web ReadableStream: chunks pass through with backpressure (source pulled on demand only)", async () => {
    const { tracer, spans } = createTestTracer();
    let pulls = 0;
    const source = () => new ReadableStream<string>({
      pull(controller) {
        pulls++;
        if (pulls > 3) controller.close();
        else controller.enqueue(`w${pulls}`);
      },
    }, { highWaterMark: 0 });
    const f = trace(function web() { return source(); }, { tracer });
    const stream = f() as ReadableStream<string>;
    await new Promise((r) => setTimeout(r, 5));
    expect(pulls).toBe(0);
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.value).toBe("w1");
    expect(pulls).toBe(1);
    const rest: string[] = [];
    for (;;) { const { done, value } = await reader.read(); if (done) break; rest.push(value); }
    expect(rest).toEqual(["w2", "w3"]);
    const [span] = await spans();
    expect(span!.attributes["honeyhive_outputs.result"]).toBe("w1w2w3");
  });

  it("Node Readable: observed without changing how the caller consumes it", async () => {
    const { tracer, spans } = createTestTracer();
    const f = trace(function node() { return Readable.from(["n1", "n2"]); }, { tracer });
    const stream = f() as Readable;
    const chunks: string[] = [];
    for await (const c of stream) chunks.push(String(c));
    expect(chunks).toEqual(["n1", "n2"]);
    await new Promise((r) => setImmediate(r));
    const [span] = await spans();
    expect(span!.attributes["honeyhive_metadata.stream_end"]).toBe("completed");
    expect(span!.attributes["honeyhive_outputs.result"]).toEqual(["n1", "n2"].join(""));
  });
});
