import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { trace } from "../../packages/honeyhive/src/instrument/trace";
import type { DecodedSpan } from "../../packages/dev-server/src/otlp/index";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/facade/honeyhive-tracer";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend, type FakeBackend } from "./fake-backend";

/**
 * evaluate()'s chain span records the function's return value exactly as trace() does (and as the Python
 * SDK does): under `honeyhive_outputs.result`, objects flattened below it. One function, run both ways
 * against a real loopback backend; the decoded output attributes must be identical.
 */
const KEY = "hh_chain_outputs_key_123456";
let server: LoopbackServer;
let backend: FakeBackend;

beforeAll(async () => {
  backend = createFakeBackend();
  server = await startLoopbackServer(backend.handler);
});
afterAll(() => server.close());

function outputAttributes(span: DecodedSpan): Record<string, unknown> {
  return Object.fromEntries(Object.entries(span.attributes).filter(([k]) => k.startsWith("honeyhive_outputs")));
}

const RETURN_VALUES: unknown[] = [
  { answer: "four", confidence: 0.5, nested: { tokens: [1, 2, 3], ok: true } },
  "a plain string",
  42,
  [1, "two", { three: 3 }],
  { result: "already named result" },
];

describe("evaluate() chain span outputs", () => {
  it.each(RETURN_VALUES.map((value, i) => [i, value] as const))("case %i: same honeyhive_outputs.* attributes as trace()", async (i, value) => {
    const name = `answer_${i}`;
    const fn = { [name]: async (_inputs: Record<string, unknown>) => value }[name]!;

    const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, project: "p", setAsDefault: false });
    await tracer.trace(() => trace(fn, { eventType: "chain" })({ q: i }));
    await tracer.flush();
    await tracer.shutdown();
    const viaTrace = backend.spans.filter((s) => s.name === name);
    expect(viaTrace).toHaveLength(1);

    backend.spans.length = 0;
    const result = await evaluate({ name: `outputs-${i}`, apiKey: KEY, serverUrl: server.url, dataset: [{ inputs: { q: i } }], function: fn });
    expect(result.datapoints[0]?.status).toBe("success");
    const viaEvaluate = backend.spans.filter((s) => s.name === name);
    expect(viaEvaluate).toHaveLength(1);
    backend.spans.length = 0;

    const expected = outputAttributes(viaTrace[0]!);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(Object.keys(expected).every((k) => k === "honeyhive_outputs.result" || k.startsWith("honeyhive_outputs.result."))).toBe(true);
    expect(outputAttributes(viaEvaluate[0]!)).toEqual(expected);
  });
});
