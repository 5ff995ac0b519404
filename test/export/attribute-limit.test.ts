import { afterEach, describe, expect, it } from "vitest";
import { HoneyHiveTracer, enrichSpan, trace } from "../../packages/honeyhive/src/index";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { FaultServer } from "../helpers/fault-server";

// One length rule for the values an app records: the tracer's maxAttributeBytes (UTF-8 bytes), cut with
// `…[truncated N bytes]` and counted in diagnostics().truncatedAttributes; the normaliser never cuts first.
// End to end: real tracer, real OTLP/HTTP export to a loopback collector, attributes read back from the wire.

const utf8 = (s: string): number => Buffer.byteLength(s, "utf8");
const MARKER = /…\[truncated (\d+) bytes\]$/;

type Received = Record<string, unknown>;

const opened: { tracer: HoneyHiveTracer; server: FaultServer }[] = [];
afterEach(async () => {
  for (const { tracer, server } of opened.splice(0)) {
    await tracer.shutdown(1000);
    await server.close();
  }
});

async function startTracer(limits: { maxAttributeBytes?: number; maxSpanBytes?: number }): Promise<{ tracer: HoneyHiveTracer; server: FaultServer }> {
  const server = await FaultServer.start("ok");
  const tracer = new HoneyHiveTracer({ apiKey: "hh_limit_key", serverUrl: server.url, skipSessionStart: true, logSink: () => undefined, setAsDefault: false, ...limits });
  opened.push({ tracer, server });
  return { tracer, server };
}

/** Traces `f(x)` returning `x`, with `enrichSpan({ metadata: { big: x } })` inside; returns the span as received. */
async function traceBig(tracer: HoneyHiveTracer, server: FaultServer, x: string, name: string): Promise<Received> {
  const f = trace(
    (input: string): string => {
      enrichSpan({ metadata: { big: input } });
      return input;
    },
    { tracer, eventName: name },
  );
  f(x);
  expect(await tracer.flush(10_000)).toBe(true);
  const spans = server.log.accepted.flatMap((body) => decodeTraceRequest(new Uint8Array(body), "application/x-protobuf"));
  const span = spans.find((s) => s.name === name);
  expect(span).toBeDefined();
  return span!.attributes as Received;
}

/** The three values of {@link traceBig}: the argument, the return value, the enriched metadata. */
function recorded(attributes: Received): string[] {
  return [attributes["honeyhive_inputs.input"], attributes["honeyhive_outputs.result"], attributes["honeyhive_metadata.big"]] as string[];
}

/** Asserts `value` is `original` cut at `limit` bytes by the byte rule: its beginning plus the exact dropped count. */
function expectCut(value: string, original: string, limit: number): void {
  const match = MARKER.exec(value);
  expect(match, value.slice(-60)).not.toBeNull();
  const kept = value.slice(0, value.length - match![0].length);
  expect(original.startsWith(kept)).toBe(true);
  expect(Number(match![1])).toBe(utf8(original) - utf8(kept));
  expect(utf8(value)).toBeLessThanOrEqual(limit);
  expect(utf8(value)).toBeGreaterThan(limit - 8); // cut at the limit, not at some smaller bound of its own
}

describe("maxAttributeBytes is the one bound of recorded values (trace inputs and outputs, enrichSpan)", () => {
  it("a raised limit (1,000,000 bytes) keeps a 50 KB string whole everywhere; nothing is counted", async () => {
    const { tracer, server } = await startTracer({ maxAttributeBytes: 1_000_000, maxSpanBytes: 10_000_000 });
    const big = "a".repeat(49_990) + "0123456789"; // 50,000 chars
    for (const value of recorded(await traceBig(tracer, server, big, "raised"))) expect(value).toBe(big);
    expect(tracer.diagnostics().truncatedAttributes).toBe(0);
  }, 30_000);

  it("the default limit cuts a 10 MB string at 131072 bytes with the byte marker, and counts each value", async () => {
    const { tracer, server } = await startTracer({ maxSpanBytes: 10_000_000 });
    const big = "é".repeat(5 * 1024 * 1024); // 10 MB of UTF-8
    for (const value of recorded(await traceBig(tracer, server, big, "default"))) expectCut(value, big, 131_072);
    expect(tracer.diagnostics().truncatedAttributes).toBe(3);
  }, 30_000);

  it("a lowered limit (1000 bytes) cuts strings, JSON inputs and streamed text there, and counts each", async () => {
    const { tracer, server } = await startTracer({ maxAttributeBytes: 1000 });
    const big = "b".repeat(50_000);
    for (const value of recorded(await traceBig(tracer, server, big, "lowered"))) expectCut(value, big, 1000);
    expect(tracer.diagnostics().truncatedAttributes).toBe(3);

    const withObject = trace((doc: { text: string }): number => doc.text.length, { tracer, eventName: "object-input" });
    withObject({ text: big });
    const streamed = trace(
      async function* chunks(): AsyncGenerator<string> {
        for (let i = 0; i < 20; i++) yield "c".repeat(500);
      },
      { tracer, eventName: "stream" },
    );
    for await (const chunk of streamed()) void chunk;
    expect(await tracer.flush(10_000)).toBe(true);
    const spans = server.log.accepted.flatMap((body) => decodeTraceRequest(new Uint8Array(body), "application/x-protobuf"));
    const json = spans.find((s) => s.name === "object-input")!.attributes["honeyhive_inputs.doc"] as string;
    expect(json.startsWith('{"text":"bbb')).toBe(true);
    expect(utf8(json)).toBeLessThanOrEqual(1000);
    expect(json.endsWith("…[truncated]")).toBe(true); // a JSON value's full size is not computed
    expectCut(spans.find((s) => s.name === "stream")!.attributes["honeyhive_outputs.result"] as string, "c".repeat(10_000), 1000);
    expect(tracer.diagnostics().truncatedAttributes).toBe(5);
  }, 30_000);
});
