// Online evaluation's sampling rule: a hash of the session id, the same in every process and for every evaluator.
import { createHash, randomUUID } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { HoneyHiveTracer, isSessionSampled, sessionSampleFraction } from "../../packages/honeyhive/src/index";
import { runChild } from "../helpers/run-child";

const ids = Array.from({ length: 10_000 }, () => randomUUID());

describe("online evaluation sampling", () => {
  it("rate 0.1 over 10,000 session ids samples 900 to 1,100; 0 samples none, 1 every one", () => {
    const sampled = ids.filter((id) => isSessionSampled(id, 0.1)).length;
    expect(sampled).toBeGreaterThanOrEqual(900);
    expect(sampled).toBeLessThanOrEqual(1100);
    expect(ids.some((id) => isSessionSampled(id, 0))).toBe(false);
    expect(ids.every((id) => isSessionSampled(id, 1))).toBe(true);
  });

  it("is the documented rule: first 8 bytes of sha256(lowercase id), big-endian, over 2^64; nested across rates", () => {
    for (const id of ids.slice(0, 200)) {
      const digest = createHash("sha256").update(id.toLowerCase(), "utf8").digest();
      const expected = Number(digest.readBigUInt64BE(0)) / 2 ** 64;
      expect(sessionSampleFraction(id.toUpperCase())).toBeCloseTo(expected, 12);
      if (isSessionSampled(id, 0.05)) expect(isSessionSampled(id, 0.1)).toBe(true);
    }
  });

  it("two tracers (and two evaluators) pick the same sessions at one rate", async () => {
    const sessions = ids.slice(0, 200);
    const seen: Record<string, Set<string>> = { a1: new Set(), a2: new Set(), b1: new Set() };
    const tracerWith = (names: string[]) => new HoneyHiveTracer({
      testMode: true, setAsDefault: false, exporter: new InMemorySpanExporter(), logSink: () => undefined,
      onlineEvaluation: {
        sampleRate: 0.3,
        concurrency: 8,
        evaluators: names.map((name) => ({ name, fn: (outputs: unknown) => { seen[name]!.add((outputs as { sid: string }).sid); return 1; } })),
      },
    });
    const a = tracerWith(["a1", "a2"]);
    const b = tracerWith(["b1"]);
    for (const tracer of [a, b]) {
      for (const sid of sessions) tracer.withSession({ sessionId: sid }, () => tracer.startSpan("handler", () => tracer.enrichSpan({ outputs: { sid } })));
      await tracer.shutdown(5000); // the sessions end: each sampled one is judged
    }
    const expected = sessions.filter((sid) => isSessionSampled(sid, 0.3)).sort();
    expect(expected.length).toBeGreaterThan(20);
    expect([...seen.a1!].sort()).toEqual(expected);
    expect([...seen.a2!].sort()).toEqual(expected);
    expect([...seen.b1!].sort()).toEqual(expected);
  });

  it("another process computes the same decision for the same ids", async () => {
    const sample = ids.slice(0, 300);
    const child = await runChild(join(__dirname, "fixtures/sample-child.ts"), ["0.1"], { env: { IDS: JSON.stringify(sample) } });
    expect(child.code).toBe(0);
    expect(child.events[0]?.sampled).toEqual(sample.filter((id) => isSessionSampled(id, 0.1)));
  });
});
