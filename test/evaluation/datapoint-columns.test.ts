/**
 * evaluate()'s `"summary"` results kept in columns while the run is in flight (evaluation/datapoint-columns.ts): what
 * the columns give back equals, key for key and in the same order, the summary objects kept before, for every kind of
 * datapoint run; and a run in flight holds none of its finished runs' summaries on the heap.
 */
import { deepStrictEqual } from "node:assert";
import { getHeapSnapshot } from "node:v8";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeptDatapointResults } from "../../packages/honeyhive/src/evaluation/datapoint-columns";
import { keptDatapointResult } from "../../packages/honeyhive/src/evaluation/datapoint-summary";
import { evaluateWithTracers as runEvaluation } from "../../packages/honeyhive/src/script/evaluate";
import type { DatapointResult, DatapointResultsMode, EvaluateOptions } from "../../packages/honeyhive/src/evaluation/types";
import { FakeTracer } from "./fake-tracer";

/** Hostile texts: non-ASCII, astral characters, lone surrogates (which UTF-8 cannot spell), empty. */
const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.constantFrom("", "\uD800", "a\uDC00b", "é😀"));
const metricValue = fc.oneof(
  fc.double(), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE), fc.integer(), fc.boolean(), text,
);
/** Metric names, `__proto__` and the evaluators' `_explanation` names among them. */
const metricName = fc.oneof(fc.string(), fc.constantFrom("__proto__", "score", "ok", "ok_explanation", "constructor", "0", "1"));

/** A plain object with `entries` as its own keys, in order (`__proto__` as an own key, as JSON.parse makes it). */
function record<V>(entries: readonly (readonly [string, V])[]): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

const eventMetric = fc.record({ name: fc.string(), eventName: fc.string(), eventType: fc.constantFrom("chain", "tool", "model", "session"), value: fc.oneof(fc.double(), fc.boolean()) });

const datapointResult: fc.Arbitrary<DatapointResult> = fc.record({
  index: fc.oneof(fc.nat(), fc.constantFrom(0, 2 ** 32 + 5)), trial: fc.nat({ max: 20 }), datapointId: text, sessionId: fc.option(text, { nil: undefined }),
  inputs: fc.dictionary(fc.string(), fc.jsonValue()), groundTruth: fc.option(fc.jsonValue(), { nil: undefined }), outputs: fc.option(fc.jsonValue(), { nil: undefined }),
  status: fc.constantFrom("success", "failed", "timed_out", "cancelled", "not_run"),
  error: fc.option(text, { nil: undefined }),
  metrics: fc.oneof(
    { weight: 9, arbitrary: fc.uniqueArray(fc.tuple(metricName, metricValue), { selector: ([k]) => k, maxLength: 6 }).map((e) => record(e)) },
    { weight: 1, arbitrary: fc.constant({ odd: null as unknown as string }) }, // not a metric value: kept as the object
  ),
  evaluatorErrors: fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(fc.string(), fc.string()) }),
  eventMetrics: fc.option(fc.array(eventMetric, { maxLength: 3 }), { nil: undefined }),
  eventMetricsDropped: fc.option(fc.nat(), { nil: undefined }),
  durationMs: fc.oneof(fc.double({ min: 0, max: 1e7 }), fc.constantFrom(0, -0, 0.1 + 0.2)),
  passed: fc.boolean(),
}, { requiredKeys: ["index", "trial", "datapointId", "sessionId", "inputs", "groundTruth", "outputs", "status", "metrics", "evaluatorErrors", "durationMs", "passed"] });

/** Keys of `value` and of every object in it, in order: what an equality check ignores and a JSON report shows. */
function keyOrder(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return null;
  if (Array.isArray(value)) return value.map(keyOrder);
  return Object.keys(value).map((key) => [key, keyOrder((value as Record<string, unknown>)[key])]);
}

describe("datapoint summaries kept in columns", () => {
  it("give back exactly the summary objects: every status, metric kind, error, event metrics, trial, rows in any order", () => {
    fc.assert(fc.property(fc.array(datapointResult, { maxLength: 60 }), fc.constantFrom<DatapointResultsMode>("summary", "full"), fc.nat(), (results, mode, capacity) => {
      const kept = new KeptDatapointResults(mode, capacity % 70);
      const rows = results.map((_, i) => i * 3 + (i % 2)); // with gaps, some past the capacity
      const order = results.map((_, i) => i).sort((a, b) => (a * 7919) % 61 - (b * 7919) % 61); // kept in any order
      const asObjects = new Map<number, DatapointResult | undefined>();
      for (const i of order) asObjects.set(rows[i]!, kept.keep(rows[i]!, results[i]!));
      for (const [i, result] of results.entries()) {
        const expected = keptDatapointResult(result, mode);
        const got = asObjects.get(rows[i]!) ?? kept.at(rows[i]!);
        // a summary the columns hold exactly is not kept as an object too
        if (mode === "full" || (result.status !== "not_run" && !result.passed)) expect(asObjects.get(rows[i]!)).toBe(result);
        // node's strict deep equality: prototypes, undefined-valued keys, NaN, and -0 apart from 0 (an own
        // `constructor` key defeats vitest's toStrictEqual); then the order of the keys at every level
        deepStrictEqual(got, expected);
        expect(keyOrder(got)).toEqual(keyOrder(expected));
      }
      expect(kept.at(1)).toBeUndefined();
      expect(kept.at(1000)).toBeUndefined();
    }), { numRuns: 300 });
  });
});

describe("a run in flight in summary mode", () => {
  it("holds none of its finished datapoint runs' scores as strings on the heap", async () => {
    const SIZE = 1500;
    let snapshot = "";
    let taken: Promise<void> | undefined;
    const result = await runEvaluation({
      name: "columns", offline: true, progress: false, gitInfo: false, maxConcurrency: 8, datapointResults: "summary",
      dataset: Array.from({ length: SIZE }, (_, i) => ({ inputs: { i } })),
      function: (inputs: { i: number }) => inputs.i,
      // each run passes (a run that does not is kept whole) with an explanation of its own, kept in its summary's metrics
      evaluators: [function judged(output: number) { return { score: output >= 0, explanation: ["kept", "why", String(output)].join("-") }; }],
      onProgress: ({ done }: { done: number }) => {
        if (done !== SIZE) return;
        const chunks = getHeapSnapshot(); // taken now, while the run's last datapoint is reported
        taken = (async () => {
          for await (const chunk of chunks) snapshot += String(chunk);
        })();
      },
    } as unknown as EvaluateOptions, (options) => new FakeTracer(options));
    await taken;
    expect(result.stats.total).toBe(SIZE);
    expect(result.datapoints.filter((d) => d.metrics.judged_explanation === `kept-why-${d.index}`)).toHaveLength(SIZE);
    expect(snapshot.length).toBeGreaterThan(1000);
    const held = snapshot.match(new RegExp(["kept", "why", "\\d+"].join("-"), "g")) ?? [];
    // the runs in flight and the last few finished ones at most (1,500 before: every summary held its metrics object)
    expect(held.length).toBeLessThan(100);
  }, 120_000);
});
