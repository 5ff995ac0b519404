/**
 * evaluate()'s `result.datapoints` in `"summary"` mode is made on its first read: the run's end (closing update,
 * counts, verdict, aggregates, printed failures) reads the summaries from the columns one at a time, so a run whose
 * caller reads only the counts never holds them (at 100,000 datapoint runs, about 25 MB of heap). Read, it is the same
 * array every time, and everything else in the result equals what a full run computes (datapoint-results-mode.test.ts).
 */
import { getHeapSnapshot } from "node:v8";
import { describe, expect, it } from "vitest";
import { evaluateWithTracers as runEvaluation } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluateOptions } from "../../packages/honeyhive/src/evaluation/types";
import { fakeTracerFactory } from "./fake-tracer";

type Snapshot = {
  snapshot: { meta: { edge_fields: string[]; edge_types: [string[]]; node_fields: string[]; node_types: [string[]] } };
  edges: number[]; nodes: number[]; strings: string[];
};

async function heapSnapshot(): Promise<Snapshot> {
  let text = "";
  for await (const chunk of getHeapSnapshot()) text += String(chunk);
  return JSON.parse(text) as Snapshot;
}

/** How many properties named `name` the heap holds (one per object that has one). */
function propertiesNamed({ snapshot: { meta }, edges, strings }: Snapshot, name: string): number {
  const width = meta.edge_fields.length;
  const property = meta.edge_types[0].indexOf("property");
  let count = 0;
  for (let e = 0; e < edges.length; e += width) if (edges[e] === property && strings[edges[e + 1]!] === name) count++;
  return count;
}

/** How many strings of the heap are one of `values` (each copy counted). */
function stringsAmong({ snapshot: { meta }, nodes, strings }: Snapshot, values: ReadonlySet<string>): number {
  const [width, typeAt, nameAt] = [meta.node_fields.length, meta.node_fields.indexOf("type"), meta.node_fields.indexOf("name")];
  let count = 0;
  for (let i = 0; i < nodes.length; i += width) if (meta.node_types[0][nodes[i + typeAt]!] === "string" && values.has(strings[nodes[i + nameAt]!]!)) count++;
  return count;
}

const N = 3000;

/** Every datapoint passes (so each is kept in the columns); the function writes the printed lines nowhere. */
function options(extra: Partial<EvaluateOptions> = {}): EvaluateOptions {
  return {
    name: "lazy-datapoints", offline: true, progress: false, gitInfo: false, maxConcurrency: 8, datapointResults: "summary",
    printResults: true, writer: { write: () => true },
    dataset: Array.from({ length: N }, (_, i) => ({ inputs: { i } })),
    function: (inputs: { i: number }) => inputs.i,
    evaluators: [function ok() { return true; }],
    ...extra,
  } as unknown as EvaluateOptions;
}

describe("result.datapoints in summary mode", () => {
  it("is not made by the run's end (counts, verdict, aggregates, printed results), and is made once on its first read", async () => {
    const result = await runEvaluation(options(), fakeTracerFactory().create);
    expect(result.verdict).toMatchObject({ passed: N, failed: 0, total: N });
    expect(result.metrics.ok).toMatchObject({ count: N, average: 1, missing: 0 });
    expect(result.passed).toHaveLength(N);
    expect(result.sessionIds).toHaveLength(N);
    const sessionIds = new Set(result.sessionIds);
    // "evaluatorErrors": a property every datapoint result has; the dataset's rows and the run's own objects have none
    // (each snapshot is let go before the next: its parsed strings table holds a copy of every string)
    const before = await heapSnapshot().then((snapshot) => ({ results: propertiesNamed(snapshot, "evaluatorErrors"), sessionIds: stringsAmong(snapshot, sessionIds) }));
    expect(before.results).toBeLessThan(N / 10);
    const datapoints = result.datapoints;
    const after = await heapSnapshot().then((snapshot) => ({ results: propertiesNamed(snapshot, "evaluatorErrors"), sessionIds: stringsAmong(snapshot, sessionIds) }));
    expect(after.results).toBeGreaterThanOrEqual(N);
    // the summaries share the session id strings of result.sessionIds: no second copy of each
    expect(after.sessionIds).toBeLessThan(before.sessionIds + N / 10);
    expect(datapoints.map((d) => d.sessionId)).toEqual(result.sessionIds);
    expect(result.datapoints).toBe(datapoints);
    expect(datapoints.map((d) => d.index)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(datapoints.map((d) => d.datapointId)).toEqual(result.passed);
    expect(result.data.metrics).toHaveLength(N);
    expect(JSON.parse(JSON.stringify(result)).datapoints).toHaveLength(N);
  }, 120_000);

  it("k of n over trials decides the verdicts kept in the columns, before and after the array is made", async () => {
    // an even datapoint passes trial 0 alone (kept in the columns, then failed by 1 of 3), an odd one trials 1 and 2
    const result = await runEvaluation(options({
      dataset: Array.from({ length: 40 }, (_, i) => ({ inputs: { i } })), trials: 3,
      function: (inputs: { i: number }, _gt: unknown, context: { trial: number }) => (inputs.i % 2 === 0 ? context.trial === 0 : context.trial > 0),
      evaluators: [function ok(output: boolean) { return output; }],
      passingRanges: { ok: { pass_when: true, min_pass_trials: 2 } },
    } as unknown as Partial<EvaluateOptions>), fakeTracerFactory().create);
    expect(result.verdict).toMatchObject({ passed: 60, failed: 60, total: 120 });
    expect(new Set(result.failed)).toEqual(new Set(result.datapoints.filter((d) => d.index % 2 === 0).map((d) => d.datapointId)));
    expect(result.datapoints.map((d) => d.passed)).toEqual(result.datapoints.map((d) => d.index % 2 === 1));
  });

  it("set, it is the value set (the rows are let go)", async () => {
    const result = await runEvaluation(options({ dataset: [{ inputs: { i: 1 } }] } as Partial<EvaluateOptions>), fakeTracerFactory().create);
    result.datapoints = [];
    expect(result.datapoints).toEqual([]);
    expect(result.data.input).toEqual([]);
  });
});
