/**
 * evaluate({ dataset: "rows.jsonl" }) and evaluate({ dataset: "rows.json" }): a JSON Lines file, and a JSON array
 * file, is read in two passes and never held whole. The run gets the
 * same dataset id, datapoint ids and content version as the same rows read whole (a JSON array file); the rows are
 * read again as the run goes (a row changed after the first datapoint ran is reported not run, not run with other
 * content); a bad line stops the run before anything runs, naming its line.
 */
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateWithTracers as runEvaluation } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluateOptions } from "../../packages/honeyhive/src/evaluation/types";
import { FILE_CHANGED } from "../../packages/honeyhive/src/datasets/streamed-file-dataset";
import { loadDataset } from "../../packages/honeyhive/src/datasets/load-dataset";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend } from "./fake-backend";
import { fakeTracerFactory } from "./fake-tracer";

const KEY = "hh_eval_key_streamed_file";
const ROWS = 3000; // about 400 KB: several 64 KB chunks
let server: LoopbackServer;
let dir: string;

beforeAll(async () => {
  server = await startLoopbackServer();
  dir = await mkdtemp(join(tmpdir(), "hh-streamed-file-"));
});
afterAll(() => server.close());

/** Row i as the file spells it (numbers whose spelling the ids keep, a custom id now and then, blank lines). */
function rowText(i: number): string {
  const id = i % 500 === 7 ? `, "id": "row-${i}"` : "";
  return `{"inputs": {"i": ${i}, "x": ${i}.0, "pad": "${"p".repeat(80)}"}, "ground_truth": {"double": ${2 * i}}, "metadata": {"n": 1e16}${id}}`;
}

async function writeRows(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function runOf(dataset: string, extra: Partial<EvaluateOptions> = {}) {
  server.setHandler(createFakeBackend().handler);
  server.requests.length = 0;
  return runEvaluation({
    name: "file", apiKey: KEY, serverUrl: server.url, progress: false, gitInfo: false, maxConcurrency: 4, dataset,
    function: (inputs: { i: number }, truth: { double: number }) => truth.double === 2 * inputs.i, evaluators: [function ok(o: boolean) { return o; }],
    ...extra,
  } as unknown as EvaluateOptions, fakeTracerFactory().create);
}

function createdRun(): { dataset_id: string; datapoint_ids: string[]; metadata: { dataset_version?: string } } {
  return server.requests.find((r) => r.method === "POST" && r.path === "/v1/runs")!.body as ReturnType<typeof createdRun>;
}

/**
 * Runs `path` and, once the first datapoint runs, rewrites the last row's padding in place (same length: the rows before
 * it stay where they were); the run must report that row not run. The rewrite is synchronous, so it lands before any
 * other datapoint goes on: done with awaits, the other slots could run the whole file meanwhile on a loaded machine.
 */
async function runChangingLastRow(path: string): Promise<void> {
  let changed = false;
  const result = await runOf(path, {
    function: () => {
      if (!changed) {
        changed = true;
        const text = readFileSync(path, "utf8");
        const file = openSync(path, "r+");
        writeSync(file, "q", Buffer.byteLength(text.slice(0, text.lastIndexOf("ppp"))));
        closeSync(file);
      }
      return true;
    },
  } as unknown as Partial<EvaluateOptions>);
  expect(changed).toBe(true);
  expect(result.datapoints.find((d) => d.index === ROWS - 1)).toMatchObject({ status: "not_run", error: FILE_CHANGED });
  expect(result.stats).toMatchObject({ total: ROWS, succeeded: ROWS - 1, not_run: 1 });
}

describe("evaluate() over a JSON Lines file streams it", () => {
  it("gives the run the ids and version of the same rows read whole, and runs every row (trials included)", async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => rowText(i));
    const whole = await runOf(await writeRows("rows.json", `[${rows.join(",\n")}]`));
    const heldRun = createdRun();
    const streamed = await runOf(await writeRows("rows.jsonl", `\ufeff${rows.join("\r\n")}\n\n`), { trials: 2 });
    const streamedRun = createdRun();
    expect(streamedRun.dataset_id).toBe(heldRun.dataset_id);
    expect(streamedRun.datapoint_ids).toEqual(heldRun.datapoint_ids);
    expect(streamedRun.metadata.dataset_version).toMatch(/^dsv-/);
    expect(streamedRun.metadata.dataset_version).toBe(heldRun.metadata.dataset_version);
    expect(streamed.datasetId).toBe(whole.datasetId);
    expect(whole.stats).toMatchObject({ total: ROWS, succeeded: ROWS });
    expect(streamed.stats).toMatchObject({ total: 2 * ROWS, succeeded: 2 * ROWS });
    expect(streamed.verdict).toMatchObject({ passed: 2 * ROWS });
    expect(streamed.datapoints.filter((d) => d.trial === 0).map((d) => d.datapointId)).toEqual(whole.datapoints.map((d) => d.datapointId));
  }, 120_000);

  it("reads the rows as the run goes: the last row, changed once the first datapoint ran, is reported not run", async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => rowText(i));
    const path = await writeRows("changing.jsonl", `${rows.join("\n")}\n`);
    await runChangingLastRow(path);
  }, 120_000);

  it("a malformed line in the middle stops the run before anything runs or is sent, naming the line", async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => (i === 1233 ? '{"inputs": {"i": 1233}' : rowText(i)));
    const path = await writeRows("broken.jsonl", rows.join("\n"));
    let ran = 0;
    await expect(runOf(path, { function: () => void (ran += 1) } as Partial<EvaluateOptions>)).rejects.toThrow(`${path}:1234`);
    expect(ran).toBe(0);
    expect(server.requests.filter((r) => r.path === "/v1/runs")).toHaveLength(0);
    const bytes = Buffer.from(`${rowText(0)}\n${rowText(1)}\n`);
    const invalid = Buffer.concat([bytes, Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), bytes]);
    const badUtf8 = join(dir, "bad-utf8.jsonl");
    await writeFile(badUtf8, invalid);
    await expect(runOf(badUtf8)).rejects.toThrow("not valid UTF-8");
  }, 120_000);
});

describe("evaluate() over a JSON array file streams it", () => {
  it("gives the run the ids and version of the same file read whole, and runs every element", async () => {
    const path = await writeRows("array.json", `\ufeff[\n  ${Array.from({ length: ROWS }, (_, i) => rowText(i)).join(",\n  ")}\n]\n`);
    const held = await runOf(await loadDataset(path) as unknown as string); // the rows read whole, given as an array
    const heldRun = createdRun();
    const streamed = await runOf(path, { trials: 2 });
    const streamedRun = createdRun();
    expect(streamedRun.dataset_id).toBe(heldRun.dataset_id);
    expect(streamedRun.datapoint_ids).toEqual(heldRun.datapoint_ids);
    expect(streamedRun.metadata.dataset_version).toMatch(/^dsv-/);
    expect(streamedRun.metadata.dataset_version).toBe(heldRun.metadata.dataset_version);
    expect(streamed.stats).toMatchObject({ total: 2 * ROWS, succeeded: 2 * ROWS });
    expect(streamed.datapoints.filter((d) => d.trial === 0).map((d) => d.datapointId)).toEqual(held.datapoints.map((d) => d.datapointId));
  }, 120_000);

  it("reads the elements as the run goes: the last one, changed once the first datapoint ran, is reported not run", async () => {
    const path = await writeRows("changing.json", `[${Array.from({ length: ROWS }, (_, i) => rowText(i)).join(",")}]`);
    await runChangingLastRow(path);
  }, 120_000);

  it("a malformed element in the middle stops the run before anything runs or is sent, naming its line", async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => (i === 1233 ? '{"inputs": {"i": 1233}, ]' : rowText(i)));
    const path = await writeRows("broken.json", `[\n${rows.join(",\n")}\n]`);
    let ran = 0;
    await expect(runOf(path, { function: () => void (ran += 1) } as Partial<EvaluateOptions>)).rejects.toThrow(`${path}:1235`);
    expect(ran).toBe(0);
    expect(server.requests.filter((r) => r.path === "/v1/runs")).toHaveLength(0);
    const unclosed = await writeRows("unclosed.json", `[\n${rows.slice(0, 3).join(",\n")}`);
    await expect(runOf(unclosed)).rejects.toThrow(`${unclosed}:4: invalid JSON: the array is not closed`);
  }, 120_000);
});
