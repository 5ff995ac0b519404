/**
 * The summaries evaluate()'s `"summary"` mode makes from its columns at the end of a run (100,000 of them at 100,000
 * datapoints) hold their indexes and trials as small integers, not as a boxed double each, and share their dataset's
 * datapoint id strings instead of a copy each. Its own file: a summary of an index beyond the small integers (the
 * columns' fuzz test makes some) turns the field into a boxed one for the rest of the process, as V8 does.
 */
import { getHeapSnapshot } from "node:v8";
import { describe, expect, it } from "vitest";
import { KeptDatapointResults } from "../../packages/honeyhive/src/evaluation/datapoint-columns";

type Snapshot = { snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } }; nodes: number[]; edges: number[]; strings: string[] };

/** How many strings of a heap snapshot match `value`. */
function snapshotStrings({ snapshot: { meta }, nodes, strings }: Snapshot, value: RegExp): number {
  const [width, typeAt, nameAt] = [meta.node_fields.length, meta.node_fields.indexOf("type"), meta.node_fields.indexOf("name")];
  let count = 0;
  for (let i = 0; i < nodes.length; i += width) if (meta.node_types[0][nodes[i + typeAt]!] === "string" && value.test(strings[nodes[i + nameAt]!]!)) count++;
  return count;
}

/** How many properties named `name` hold a boxed number (a heap number node) in a heap snapshot taken with numeric values. */
function boxedProperties({ snapshot: { meta }, nodes, edges, strings }: Snapshot, name: string): number {
  const edgeWidth = meta.edge_fields.length;
  const property = meta.edge_types[0].indexOf("property");
  let count = 0;
  for (let e = 0; e < edges.length; e += edgeWidth) {
    if (edges[e] !== property || strings[edges[e + 1]!] !== name) continue;
    const to = edges[e + 2]!; // the node's offset in `nodes`
    if (meta.node_types[0][nodes[to]!] === "number" && strings[nodes[to + meta.node_fields.indexOf("name")]!] === "heap number") count++;
  }
  return count;
}

describe("summaries made from the columns", () => {
  it("give back indexes and trials as small integers (not a boxed double each) and the dataset's own id strings", async () => {
    const N = 3000;
    const FIRST = 7_340_000; // indexes no other number of the process is likely to hold
    const kept = new KeptDatapointResults("summary", N);
    const base = { trial: 4, sessionId: undefined, inputs: {}, groundTruth: undefined, outputs: undefined, status: "success" as const, metrics: {}, evaluatorErrors: {}, passed: true };
    const ids = Array.from({ length: N }, (_, row) => ["shared", "id", row].join("-")); // as a dataset holds them
    for (let row = 0; row < N; row++) expect(kept.keep(row, { ...base, index: FIRST + row, datapointId: `shared-id-${row}`, durationMs: row + 0.5 })).toBeUndefined();
    const made = Array.from({ length: N }, (_, row) => kept.at(row, ids[row])!);
    let text = "";
    for await (const chunk of getHeapSnapshot({ exposeNumericValues: true })) text += String(chunk);
    const snapshot = JSON.parse(text) as Snapshot;
    // the made summaries' durations are boxed numbers (fractions: they must be); their indexes and trials are not
    expect(boxedProperties(snapshot, "durationMs")).toBeGreaterThanOrEqual(N);
    expect(boxedProperties(snapshot, "index")).toBeLessThan(100);
    expect(boxedProperties(snapshot, "trial")).toBeLessThan(100);
    expect(snapshotStrings(snapshot, /^shared-id-\d+$/)).toBeLessThan(N + 100); // the dataset's, not a copy each (2N before)
    expect(made.map((d) => d.datapointId)).toEqual(ids);
    expect(made.map((d) => d.index)).toEqual(Array.from({ length: N }, (_, row) => FIRST + row));
  }, 60_000);
});
