// pushDataset under faults against the real in-memory dev server (behind the spec-checking proxy, with the fault proxy
// in front): 5 % of writes failing, a refused row, a backend answering 500, answers lost after the write landed. Every
// time, what the call reported (its result, or the DatasetPushError's `written`) equals what the server holds, read
// directly, and pushing again converges to exactly the source.
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { DatasetPushError } from "../../packages/honeyhive/src/datasets/dataset-push-error";
import { datasetVersion } from "../../packages/honeyhive/src/datasets/dataset-version";
import { pushDataset } from "../../packages/honeyhive/src/datasets/push-dataset";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { failWrites, startFaultProxy, type FaultProxy } from "../helpers/fault-proxy";
import { heldRows, rowsOf } from "./held-rows";

const checked = useCheckedDevServer();
let faults: FaultProxy;
let client: HoneyHive;
let truth: HoneyHive;
const KEY = "hh_push_faults_key";

beforeAll(async () => {
  faults = await startFaultProxy(checked.proxy.url);
  client = new HoneyHive({ apiKey: KEY, serverUrl: faults.url, maxRetries: 0 });
  truth = new HoneyHive({ apiKey: KEY, serverUrl: checked.server.url });
});
afterAll(async () => {
  await faults?.close();
});

/** What the server holds after the writes a call reported over `before`: each row's canonical form by key. */
function expectedAfter(before: Map<string, string>, written: { added: string[]; changed: string[]; removed: string[] }, local: Map<string, string>): Map<string, string> {
  const after = new Map(before);
  for (const key of written.removed) after.delete(key);
  for (const key of [...written.added, ...written.changed]) after.set(key, local.get(key)!);
  return after;
}

async function rejection(promise: Promise<unknown>): Promise<DatasetPushError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DatasetPushError);
  return error as DatasetPushError;
}

describe("pushDataset under faults", () => {
  it("5 % of writes failing: rejects naming each failure, counts only what the server holds; pushing again converges", async () => {
    const name = "faults-five-percent";
    const first = rowsOf(0, 80);
    await pushDataset(client, name, first, { key: "qid" });
    // 40 edited, 20 removed, 40 new: 40 updates, 20 deletes and one batch
    const next = [...rowsOf(20, 60, "edited"), ...rowsOf(60, 80), ...rowsOf(80, 120)];
    const before = (await heldRows(truth, name)).byKey;
    faults.setRule(failWrites(0.05, 7));
    const marked = faults.requests.length;
    const error = await rejection(pushDataset(client, name, next, { key: "qid", mode: "replace" }));
    faults.setRule(undefined);
    const injected = faults.requests.slice(marked).filter((r) => r.fault !== undefined).length;
    expect(injected).toBeGreaterThan(0);
    expect(error.failures.length).toBeGreaterThanOrEqual(injected);
    const held = await heldRows(truth, name);
    const local = new Map((await heldRowsOf(next)).entries());
    expect(held.byKey).toEqual(expectedAfter(before, error.written, local));
    expect(held.duplicates).toEqual([]);

    const again = await pushDataset(client, name, next, { key: "qid", mode: "replace" });
    const rewritten = [...again.added, ...again.changed, ...again.removed].sort();
    expect(rewritten).toEqual([...new Set(error.failures.map((f) => f.key))].sort());
    const converged = await heldRows(truth, name);
    expect(converged.version).toBe(datasetVersion(next, { key: "qid" }));
    expect(again.version).toBe(converged.version);
    expect(checked.proxy.violations()).toEqual([]);
  });

  it("a refused row: its batch is reported failed and nothing of it counted; a backend answering 500 adds nothing", async () => {
    const name = "faults-refused-row";
    faults.setRule((r) => (r.method === "POST" && JSON.stringify(r.json ?? null).includes('"q1"') ? { kind: "refuse", status: 400, body: '{"error":"row q1 refused"}' } : undefined));
    const error = await rejection(pushDataset(client, name, rowsOf(0, 3), { key: "qid" }));
    expect(error.written).toMatchObject({ created: true, added: [], changed: [], removed: [] });
    expect(error.failures.map((f) => [f.action, f.key, f.status])).toEqual([["add", "q0", 400], ["add", "q1", 400], ["add", "q2", 400]]);
    expect(error.message).toMatch(/3 write\(s\) failed .*row q1 refused.*acknowledged by the server: 0 added/);
    expect((await heldRows(truth, name)).byKey.size).toBe(0);

    faults.setRule((r) => (r.method !== "GET" ? { kind: "refuse", status: 500 } : undefined));
    const down = await rejection(pushDataset(client, name, rowsOf(0, 3), { key: "qid" }));
    expect(down.written.added).toEqual([]);
    expect((await heldRows(truth, name)).byKey.size).toBe(0);
    faults.setRule(undefined);
    const done = await pushDataset(client, name, rowsOf(0, 3), { key: "qid" });
    expect(done).toMatchObject({ created: false, added: ["q0", "q1", "q2"], unchanged: 0 });
    expect((await heldRows(truth, name)).version).toBe(done.version);
  });

  it("answers lost after the write landed: the push reads back, counts each landed write once, and succeeds", async () => {
    const name = "faults-lost-answers";
    await pushDataset(client, name, rowsOf(0, 30), { key: "qid" });
    const next = [...rowsOf(0, 30, "edited"), ...rowsOf(30, 60)];
    const marked = faults.requests.length;
    faults.setRule(failWrites(0.3, 3, { kind: "lose-answer", status: 502 }));
    const done = await pushDataset(client, name, next, { key: "qid" });
    faults.setRule(undefined);
    expect(faults.requests.slice(marked).filter((r) => r.fault === "lose-answer").length).toBeGreaterThan(0);
    // what the call reported is what the server holds: every row written once, none twice
    const held = await heldRows(truth, name);
    expect(held.duplicates).toEqual([]);
    expect(held.version).toBe(datasetVersion(next, { key: "qid" }));
    expect(done.version).toBe(held.version);
    expect(done.added.slice().sort()).toEqual(rowsOf(30, 60).map((r) => r.qid).sort());
    expect(done.changed.slice().sort()).toEqual(rowsOf(0, 30).map((r) => r.qid).sort());
    const again = await pushDataset(client, name, next, { key: "qid" });
    expect(again).toMatchObject({ added: [], changed: [], unchanged: 60 });
  });

  it("answers lost and writes refused in one push: only the refused ones are reported failed", async () => {
    const name = "faults-lost-and-refused";
    let writes = 0;
    await pushDataset(client, name, rowsOf(0, 1), { key: "qid" }); // the dataset exists: only rows are written below
    faults.setRule((r) => {
      if (r.method !== "POST" || !/^\/v1\/datasets\/[^/]+\/datapoints$/.test(r.path)) return undefined;
      writes += 1; // batches of 500 rows: the 1st and 3rd land with their answers lost, the 2nd and 4th are refused
      return writes % 2 === 1 ? { kind: "lose-answer", status: 502 } : { kind: "refuse", status: 503, body: '{"error":"injected"}' };
    });
    const error = await rejection(pushDataset(client, name, rowsOf(0, 2001), { key: "qid" }));
    faults.setRule(undefined);
    const held = await heldRows(truth, name);
    expect(held.duplicates).toEqual([]);
    expect(error.failures.length).toBeGreaterThan(0);
    // each row is reported once: written (and held as sent) or failed (and not held)
    const local = await heldRowsOf(rowsOf(0, 2001));
    for (const key of error.written.added) expect(held.byKey.get(key)).toBe(local.get(key));
    for (const failure of error.failures.filter((f) => f.action === "add")) expect(held.byKey.has(failure.key)).toBe(false);
    expect(writes).toBe(4);
    expect(error.written.added.length).toBe(1000);
    expect(error.failures.map((f) => [f.action, f.status])).toEqual(Array.from({ length: 1000 }, () => ["add", 503]));
    expect(held.byKey.size).toBe(1001);
  });

  it("DELETE answers lost, the retries answered 404: every row removed is reported removed", async () => {
    const name = "faults-lost-deletes";
    const retrying = new HoneyHive({ apiKey: KEY, serverUrl: faults.url });
    await pushDataset(retrying, name, rowsOf(0, 20), { key: "qid" });
    let deletes = 0;
    const seenBefore = faults.requests.length;
    faults.setRule((request) => (request.method === "DELETE" && [2, 6].includes(++deletes) ? { kind: "lose-answer", status: 502 } : undefined));
    const done = await pushDataset(retrying, name, rowsOf(10, 20), { key: "qid", mode: "replace" });
    faults.setRule(undefined);
    const lost = faults.requests.slice(seenBefore).filter((r) => r.fault === "lose-answer");
    expect(lost.map((r) => r.method)).toEqual(["DELETE", "DELETE"]);
    const held = await heldRows(truth, name);
    expect([...held.byKey.keys()].sort()).toEqual(rowsOf(10, 20).map((r) => r.qid).sort());
    expect(done.removed.slice().sort()).toEqual(rowsOf(0, 10).map((r) => r.qid).sort());
  });
});

/** The canonical form of local rows by key (as the server's copy would read after a push). */
async function heldRowsOf(rows: readonly object[]): Promise<Map<string, string>> {
  const { entriesOfItems } = await import("../../packages/honeyhive/src/datasets/dataset-entry");
  return new Map(entriesOfItems(rows, "qid").map((e) => [e.key, e.canonical]));
}
