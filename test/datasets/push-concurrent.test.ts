// Two pushes of one dataset at once against the real in-memory dev server (behind the spec-checking proxy): two
// processes, and two calls in one process. A proxy holds chosen requests until both pushes have sent theirs, so both
// create the dataset, or both write the same rows, every time. Afterwards there is one dataset, each row once, the
// source's version, and the two results add up to what the server holds.
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { datasetVersion } from "../../packages/honeyhive/src/datasets/dataset-version";
import { pushDataset, type DatasetPushResult } from "../../packages/honeyhive/src/datasets/push-dataset";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { startBarrierProxy, type BarrierProxy } from "../helpers/barrier-proxy";
import { runChild } from "../helpers/run-child";
import { heldRows, rowsOf } from "./held-rows";

const checked = useCheckedDevServer();
const KEY = "hh_push_concurrent_key";
const CHILD = join(__dirname, "fixtures", "push-child.ts");
let truth: HoneyHive;
let proxy: BarrierProxy | undefined;

beforeAll(() => {
  truth = new HoneyHive({ apiKey: KEY, serverUrl: checked.server.url });
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

async function barrierProxy(parties: number, held: (method: string, path: string) => boolean): Promise<BarrierProxy> {
  const started = await startBarrierProxy(checked.proxy.url, parties, held);
  proxy = started;
  return started;
}

async function expectOneCopyOfEach(name: string, rows: readonly object[], results: readonly Pick<DatasetPushResult, "added" | "duplicatesRemoved">[]): Promise<void> {
  const held = await heldRows(truth, name);
  expect(held.datasetIds).toHaveLength(1);
  expect(held.duplicates).toEqual([]);
  expect(held.version).toBe(datasetVersion(rows, { key: "qid" }));
  // every create either call counted landed, and every extra copy either removed was one of them
  const added = results.reduce((n, r) => n + r.added.length, 0);
  const removed = results.reduce((n, r) => n + r.duplicatesRemoved, 0);
  expect(added - removed).toBe(held.count);
  expect(checked.proxy.violations()).toEqual([]);
}

describe("two pushes of one dataset at once", () => {
  it("two processes creating the same new dataset end with one dataset, each row once", async () => {
    const name = "race-processes";
    const gate = await barrierProxy(2, (method, path) => method === "POST" && path === "/v1/datasets");
    const job = JSON.stringify({ serverUrl: gate.url, apiKey: KEY, name, from: 0, to: 600 });
    const [a, b] = await Promise.all([1, 2].map(() => runChild(CHILD, [job], { killAfterMs: 120_000 })));
    expect(gate.released()).toBe(2); // both created a dataset
    for (const run of [a!, b!]) expect(run.code, run.stderr).toBe(0);
    const results = [a!, b!].map((run) => run.events.find((e) => e.event === "done")!.result as DatasetPushResult);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0]!.datasetId).toBe(results[1]!.datasetId);
    expect(results[0]!.version).toBe(datasetVersion(rowsOf(0, 600), { key: "qid" }));
    await expectOneCopyOfEach(name, rowsOf(0, 600), results);
  }, 180_000);

  it("two clients in one process writing the same rows into one dataset at once: the extra copies are removed", async () => {
    const name = "race-same-rows";
    await truth.datasets.createDataset({ name });
    const gate = await barrierProxy(2, (method, path) => method === "POST" && /^\/v1\/datasets\/[^/]+\/datapoints$/.test(path));
    const rows = rowsOf(0, 300);
    const [a, b] = await Promise.all([1, 2].map(() => pushDataset(new HoneyHive({ apiKey: KEY, serverUrl: gate.url }), name, rows, { key: "qid" })));
    expect(gate.released()).toBeGreaterThanOrEqual(2); // both wrote every row
    expect(a!.added.length + b!.added.length).toBe(600);
    expect(a!.duplicatesRemoved + b!.duplicatesRemoved).toBe(300);
    expect(a!.version).toBe(datasetVersion(rows, { key: "qid" }));
    expect(b!.version).toBe(a!.version);
    await expectOneCopyOfEach(name, rows, [a!, b!]);
  }, 120_000);

  it("two calls through one client run one after the other: the second writes nothing", async () => {
    const name = "race-one-client";
    const client = new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url });
    const rows = rowsOf(0, 50);
    const [a, b] = await Promise.all([pushDataset(client, name, rows, { key: "qid" }), pushDataset(client, name, rows, { key: "qid" })]);
    expect(a).toMatchObject({ created: true, unchanged: 0 });
    expect(a.added).toHaveLength(50);
    expect(b).toMatchObject({ created: false, added: [], changed: [], unchanged: 50, version: a.version });
    await expectOneCopyOfEach(name, rows, [a, b]);
  });
});
