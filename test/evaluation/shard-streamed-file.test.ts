/**
 * A shard of a run of a dataset file (`evaluate({ dataset: "rows.jsonl" | "rows.json", shard })`) streams the file as
 * an unsharded run does, reading only its slice in the second pass: over real HTTP to the in-process dev server behind
 * the OpenAPI-checking proxy, the run is created exactly as by the same sharded run of the rows held whole (dataset id,
 * every datapoint id, content version), each datapoint keeps its dataset index, a row outside the slice changed after
 * the first pass does not matter while a row inside it is reported not run, and a cancelled shard resumed runs exactly
 * what its slice has left.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { newUuid } from "../../packages/core/src/ids/uuid";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import type { DatapointResult, EvaluateOptions, EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { FILE_CHANGED } from "../../packages/honeyhive/src/datasets/streamed-file-dataset";
import { loadDataset } from "../../packages/honeyhive/src/datasets/load-dataset";
import { shardRange } from "../../packages/honeyhive/src/evaluation/shard";
import { useCheckedDevServer } from "../helpers/checked-dev-server";

const checked = useCheckedDevServer();
const KEY = "hh_shard_file_key";
type Inputs = { i: number };
type Truth = { double: number };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hh-shard-file-"));
});

/** Row i as the file spells it (a number spelling the ids keep, a custom id now and then). */
function rowText(i: number, tag = "a"): string {
  const id = i % 7 === 3 ? `, "id": "row-${i}"` : "";
  return `{"inputs": {"i": ${i}, "x": ${i}.0, "tag": "${tag}"}, "ground_truth": {"double": ${2 * i}}, "metadata": {"n": 1e16}${id}}`;
}

function writeRows(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function options(dataset: unknown, runId: string, shard: { index: number; count: number }, extra: Partial<EvaluateOptions<Inputs, Truth, number>> = {}): EvaluateOptions<Inputs, Truth, number> {
  return {
    name: "file shard", apiKey: KEY, serverUrl: checked.proxy.url, runId, shard, progress: false, gitInfo: false, maxConcurrency: 4, printResults: false,
    dataset: dataset as EvaluateOptions<Inputs, Truth, number>["dataset"],
    function: (inputs: Inputs) => inputs.i * 2,
    evaluators: [function exact(output: number, _inputs: Inputs, truth: Truth) { return output === truth.double; }],
    ...extra,
  } as EvaluateOptions<Inputs, Truth, number>;
}

/** The body of the `POST /v1/runs` that created `runId`, without the id itself. */
function creation(runId: string): Record<string, unknown> {
  const post = checked.proxy.requests.find((r) => r.method === "POST" && r.url.startsWith("/v1/runs") && r.body.includes(runId));
  const { run_id, ...body } = JSON.parse(post!.body) as Record<string, unknown>;
  expect(run_id).toBe(runId);
  return body;
}

/** What a datapoint result says, without what differs from run to run (session, timing). */
function outcome(d: DatapointResult): unknown {
  return { index: d.index, id: d.datapointId, status: d.status, error: d.error, inputs: d.inputs, truth: d.groundTruth, outputs: d.outputs, metrics: d.metrics, passed: d.passed };
}

function expectNoViolations(): void {
  expect(checked.proxy.violations()).toEqual([]);
}

describe("evaluate({ dataset: file, shard }) streams the shard's slice", () => {
  it.each(["jsonl", "json"])("each of 3 shards of a .%s file is created and runs as the same shard of the rows held whole", async (format) => {
    const n = 301;
    const rows = Array.from({ length: n }, (_, i) => rowText(i));
    const path = writeRows(`rows.${format}`, format === "json" ? `[\n${rows.join(",\n")}\n]\n` : `${rows.join("\n")}\n`);
    const held = await loadDataset(path); // the rows as the old route read them: held whole, then sliced
    for (const index of [1, 2, 3]) {
      const shard = { index, count: 3 };
      const [streamedId, heldId] = [newUuid(), newUuid()];
      const streamed = await evaluate(options(path, streamedId, shard));
      const whole = await evaluate(options(held, heldId, shard));
      expect(creation(streamedId)).toEqual(creation(heldId));
      expect((creation(streamedId).metadata as { dataset_version?: string }).dataset_version).toMatch(/^dsv-/);
      expect(creation(streamedId).datapoint_ids).toHaveLength(n);
      const { start, end } = shardRange(n, shard);
      expect(streamed.datapoints.map((d) => d.index)).toEqual(Array.from({ length: end - start }, (_, k) => start + k));
      expect(streamed.datapoints.map(outcome)).toEqual(whole.datapoints.map(outcome));
      expect({ ...streamed.stats, duration_s: 0 }).toEqual({ ...whole.stats, duration_s: 0 });
      expect(streamed.datasetId).toBe(whole.datasetId);
      expect(streamed.verdict).toMatchObject({ passed: end - start, failed: 0 });
    }
    expectNoViolations();
  }, 120_000);

  it.each(["jsonl", "json"])("a .%s row outside the slice changed after the first pass does not matter; one inside is not run", async (format) => {
    const n = 30;
    const shard = { index: 2, count: 3 }; // rows 10 to 19
    const rows = Array.from({ length: n }, (_, i) => rowText(i));
    const join = (list: string[]): string => (format === "json" ? `[\n${list.join(",\n")}\n]\n` : `${list.join("\n")}\n`);
    const path = writeRows(`changing.${format}`, join(rows));
    // JSON Lines: the rows outside are made malformed (never parsed again); a JSON array keeps its structure (its
    // elements are split off by it), so there they are changed in content instead
    const outside = (i: number): string => (format === "jsonl" ? `{"inputs": {"i": ${i}` : rowText(i, "changed"));
    const changed = rows.map((row, i) => (i === 3 || i === 25 ? outside(i) : i === 14 ? rowText(i, "changed") : row));
    let rewritten = false;
    // the file is rewritten while the run is created: after the first pass, before the second reads any row
    const rewriting: typeof fetch = (input, init) => {
      if (!rewritten && init?.method === "POST" && String(input).endsWith("/v1/runs")) {
        writeFileSync(path, join(changed));
        rewritten = true;
      }
      return fetch(input, init);
    };
    const result = await evaluate(options(path, newUuid(), shard, { fetch: rewriting }));
    expect(rewritten).toBe(true);
    expect(result.datapoints.map((d) => d.index)).toEqual(Array.from({ length: 10 }, (_, k) => 10 + k));
    expect(result.datapoints.find((d) => d.index === 14)).toMatchObject({ status: "not_run", error: FILE_CHANGED });
    for (const d of result.datapoints.filter((x) => x.index !== 14)) expect(d).toMatchObject({ status: "success", inputs: { i: d.index, tag: "a" }, passed: true });
    expect(result.stats).toMatchObject({ total: 10, succeeded: 9, not_run: 1 });
    expect(readFileSync(path, "utf8")).toContain('"tag": "changed"');
    expectNoViolations();
  }, 120_000);

  it("a shard cancelled mid-way and resumed runs exactly what its slice has left, once, and completes the run", async () => {
    const n = 200;
    const path = writeRows("resumed.jsonl", Array.from({ length: n }, (_, i) => rowText(i)).join("\n"));
    const runId = newUuid();
    const controller = new AbortController();
    const ran: number[] = [];
    const counting = (abortAt?: number) => (inputs: Inputs): number => {
      ran.push(inputs.i);
      if (ran.length === abortAt) controller.abort(new Error("job cancelled"));
      return inputs.i * 2;
    };
    const run = (index: number, extra: Partial<EvaluateOptions<Inputs, Truth, number>>): Promise<EvaluationResult> =>
      evaluate(options(path, runId, { index, count: 2 }, { resume: true, ...extra }));
    const first = await run(2, { signal: controller.signal, function: counting(30) });
    expect(first.status).toBe("cancelled");
    const firstRan = [...ran];
    const second = await run(2, { function: counting() });
    const { start, end } = shardRange(n, { index: 2, count: 2 });
    expect(firstRan.every((i) => i >= start && i < end)).toBe(true);
    const again = ran.slice(firstRan.length);
    const firstDone = first.datapoints.filter((d) => d.status === "success").map((d) => d.index);
    expect(firstDone.length).toBeGreaterThan(0);
    expect(again.filter((i) => firstDone.includes(i))).toEqual([]); // nothing done runs twice
    expect(new Set([...firstDone, ...again])).toEqual(new Set(Array.from({ length: end - start }, (_, k) => start + k)));
    expect(new Set(again).size).toBe(again.length);
    expect(second.stats).toMatchObject({ total: end - start });
    expect(second.verdict).toMatchObject({ passed: end - start, failed: 0 });
    expect(second.datapoints.map((d) => d.index)).toEqual(Array.from({ length: end - start }, (_, k) => start + k));
    await run(1, { function: counting() });
    const api = createApiClient({ serverUrl: checked.server.url, apiKey: KEY });
    const summary = await api.runs.result(runId, "average");
    expect(summary.ok && summary.data).toMatchObject({ status: "completed", verdict: { passed: n, failed: 0, not_run: 0, total: n } });
    const stored = await (await fetch(`${checked.server.url}/v1/runs/${runId}`, { headers: { authorization: `Bearer ${KEY}` } })).json() as
      { evaluation: { event_ids: string[] } };
    expect(new Set(stored.evaluation.event_ids).size).toBe(n); // one session per datapoint, none twice
    expectNoViolations();
  }, 120_000);
});
