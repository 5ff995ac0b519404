// Dataset sync against the real in-memory dev server through the spec-checking proxy: the writes are counted
// where they arrive (the proxy's requests), so "writes nothing" and "exactly one update" are the server's view.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { inStrictMode } from "../helpers/option-rule";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { datasetVersion } from "../../packages/honeyhive/src/datasets/dataset-version";
import { diffDataset, pullDataset } from "../../packages/honeyhive/src/datasets/pull-dataset";
import { pushDataset } from "../../packages/honeyhive/src/datasets/push-dataset";
import { loadDataset } from "../../packages/honeyhive/src/datasets/load-dataset";
import { useCheckedDevServer } from "../helpers/checked-dev-server";

const checked = useCheckedDevServer();
let client: HoneyHive;
beforeAll(() => {
  client = new HoneyHive({ apiKey: "hh_datasets_push_key", serverUrl: checked.proxy.url });
});

const ROWS = Array.from({ length: 5 }, (_, i) => ({
  qid: `q${i}`, inputs: { question: `what is ${i}+${i}?` }, ground_truth: { answer: String(2 * i) }, split: i < 3 ? "train" : "test",
}));

/** The writes (not reads) the server received since `from`, as "METHOD path". */
function writesSince(from: number): string[] {
  return checked.proxy.requests.slice(from).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.url.split("?")[0]!.replace(/\/[0-9a-f-]{36}(?=\/|$)/g, "/:id")}`);
}

async function jsonlFile(rows: readonly object[]): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "hh-push-")), "qa.jsonl");
  await writeFile(path, rows.map((r) => JSON.stringify(r)).join("\n"));
  return path;
}

describe("pushDataset", () => {
  it("creates once, then writes nothing, one update per edited row, one delete per removed row (replace)", async () => {
    let mark = checked.proxy.requests.length;
    const first = await pushDataset(client, "qa-sync", await jsonlFile(ROWS), { key: "qid", mode: "replace" });
    expect(writesSince(mark)).toEqual(["POST /v1/datasets", "POST /v1/datasets/:id/datapoints"]); // the new rows in one batch
    expect(first).toMatchObject({ created: true, added: ["q0", "q1", "q2", "q3", "q4"], changed: [], removed: [], unchanged: 0 });
    expect(first.version).toBe(datasetVersion(ROWS, { key: "qid" }));

    mark = checked.proxy.requests.length;
    const again = await pushDataset(client, "qa-sync", await jsonlFile(ROWS), { key: "qid", mode: "replace" });
    expect(writesSince(mark)).toEqual([]);
    expect(again).toMatchObject({ created: false, datasetId: first.datasetId, added: [], changed: [], removed: [], unchanged: 5, version: first.version });

    const edited = ROWS.map((r) => (r.qid === "q2" ? { ...r, ground_truth: { answer: "four" } } : r));
    mark = checked.proxy.requests.length;
    const one = await pushDataset(client, "qa-sync", await jsonlFile(edited), { key: "qid", mode: "replace" });
    expect(writesSince(mark)).toEqual(["PUT /v1/datapoints/:id"]);
    expect(one).toMatchObject({ changed: ["q2"], added: [], removed: [] });

    const fewer = edited.filter((r) => r.qid !== "q4");
    mark = checked.proxy.requests.length;
    const removed = await pushDataset(client, "qa-sync", await jsonlFile(fewer), { key: "qid", mode: "replace" });
    expect(writesSince(mark)).toEqual(["DELETE /v1/datapoints/:id"]);
    expect(removed).toMatchObject({ removed: ["q4"], version: datasetVersion(fewer, { key: "qid" }) });

    const stored = await client.datasets.getDatasets({ datasetId: first.datasetId });
    expect((stored.datasets as { datapoints: string[] }[])[0]!.datapoints).toHaveLength(4);
    expect(checked.proxy.violations()).toEqual([]);
  });

  it("upsert never deletes; the pulled rows push back as they are and carry the version", async () => {
    await pushDataset(client, "qa-upsert", ROWS, { key: "qid" });
    let mark = checked.proxy.requests.length;
    const kept = await pushDataset(client, "qa-upsert", ROWS.slice(0, 2), { key: "qid" });
    expect(writesSince(mark)).toEqual([]);
    expect(kept).toMatchObject({ removed: [], unchanged: 2, version: datasetVersion(ROWS, { key: "qid" }) });

    const pulled = await pullDataset(client, "qa-upsert", { key: "qid" });
    expect(pulled.version).toBe(datasetVersion(ROWS, { key: "qid" }));
    expect(pulled.items).toContainEqual({ qid: "q4", inputs: { question: "what is 4+4?" }, ground_truth: { answer: "8" }, metadata: { split: "test" } });
    expect(pulled.lock).toMatchObject({ dataset_id: pulled.datasetId, name: "qa-upsert", version: pulled.version, key: "qid" });
    expect(Object.keys(pulled.lock.datapoints).sort()).toEqual(["q0", "q1", "q2", "q3", "q4"]);

    mark = checked.proxy.requests.length;
    await pushDataset(client, "qa-upsert", pulled.items, { key: "qid", mode: "replace" });
    expect(writesSince(mark)).toEqual([]);
    expect(checked.proxy.violations()).toEqual([]);
  });

  it("default keys: the row's id with EXT-, else a hash of the row; diff names added, changed and removed", async () => {
    const rows = [{ id: "a", inputs: { x: 1 } }, { inputs: { x: 2 } }, { id: "c", inputs: { x: 3 } }];
    await pushDataset(client, "qa-default", rows);
    const pulled = await pullDataset(client, "qa-default");
    expect(pulled.items.map((i) => (i as { id: string }).id)).toEqual(expect.arrayContaining(["EXT-a", "EXT-c", expect.stringMatching(/^EXT-[0-9a-f]{16}$/)]));
    const path = await jsonlFile(pulled.items);
    expect(datasetVersion(await loadDataset(path))).toBe(pulled.version);

    const diff = await diffDataset(client, "qa-default", [{ id: "a", inputs: { x: 10 } }, { inputs: { x: 2 } }, { id: "d", inputs: { x: 4 } }]);
    expect(diff).toMatchObject({ added: ["EXT-d"], changed: ["EXT-a"], removed: ["EXT-c"], remoteVersion: pulled.version });
    expect(await diffDataset(client, "no-such-dataset", rows)).toMatchObject({ added: expect.any(Array), remoteVersion: undefined });
    await expect(pullDataset(client, "no-such-dataset")).rejects.toThrow('there is no dataset named "no-such-dataset"');
    await inStrictMode(() => expect(pushDataset(client, "x", rows, { mdoe: "replace" } as never)).rejects.toThrow(/did you mean "mode"/));
    expect(checked.proxy.violations()).toEqual([]);
  });
});
