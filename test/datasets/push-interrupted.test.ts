// pushDataset interrupted: the pushing process SIGKILLed mid-push (while updating rows one by one, and while creating
// them in batches, a batch in flight landing after the kill), and the dev server itself SIGKILLed mid-push (a real
// server process on a data directory, started again on it). Afterwards pushing again writes exactly what the server
// lacks and converges to the source, with no row twice.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { entriesOfItems } from "../../packages/honeyhive/src/datasets/dataset-entry";
import { DatasetPushError } from "../../packages/honeyhive/src/datasets/dataset-push-error";
import { datasetVersion } from "../../packages/honeyhive/src/datasets/dataset-version";
import { pushDataset } from "../../packages/honeyhive/src/datasets/push-dataset";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { startForwardingProxy, type AnswerWatch, type ForwardingProxy } from "../helpers/forwarding-proxy";
import { runChild } from "../helpers/run-child";
import { startDevServerProcess, type DevServerProcess } from "../limits/dev-server-process";
import { heldRows, rowsOf } from "./held-rows";

const checked = useCheckedDevServer();
const KEY = "hh_push_interrupted_key";
const CHILD = join(__dirname, "fixtures", "push-child.ts");
let truth: HoneyHive;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(() => {
  truth = new HoneyHive({ apiKey: KEY, serverUrl: checked.server.url });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A proxy in front of `target` calling `onWrite(n)` before forwarding the n-th write (1-based). */
async function watchWrites(target: string, onWrite: (n: number) => Promise<AnswerWatch | void> | AnswerWatch | void): Promise<ForwardingProxy> {
  let writes = 0;
  const proxy = await startForwardingProxy(target, async (req) => (req.method !== "GET" ? onWrite(++writes) : undefined));
  cleanups.push(() => proxy.close());
  return proxy;
}

/** The keys whose row on the server differs from (or is missing in) `rows`' version of it. */
function stale(held: Map<string, string>, rows: readonly object[]): string[] {
  return entriesOfItems(rows, "qid").filter((e) => held.get(e.key) !== e.canonical).map((e) => e.key).sort();
}

/**
 * Runs the push child against `url`, SIGKILLing it as its `killAt`-th write arrives; that write is still forwarded
 * (it lands after the kill, as one in flight would). Resolves once the child is dead and that write answered.
 */
async function killedPush(url: string, name: string, from: number, to: number, tag: string, killAt: number): Promise<void> {
  let pid: number | undefined;
  let landed: () => void = () => undefined;
  const killed = new Promise<void>((resolve) => (landed = resolve));
  const proxy = await watchWrites(url, (n) => {
    if (n !== killAt) return;
    process.kill(pid!, "SIGKILL");
    return { status: () => landed() }; // answered: the server has committed it
  });
  const run = await runChild(CHILD, [JSON.stringify({ serverUrl: proxy.url, apiKey: KEY, name, from, to, tag })], {
    killAfterMs: 120_000, onEvent: (e) => void (e.event === "started" && (pid = e.pid as number)),
  });
  await killed;
  expect(run.signal).toBe("SIGKILL");
}

describe("pushDataset interrupted", () => {
  it("the pushing process SIGKILLed while updating rows: pushing again updates exactly the rows not yet updated", async () => {
    const name = "killed-while-updating";
    const client = new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url });
    await pushDataset(client, name, rowsOf(0, 240), { key: "qid" });
    const next = rowsOf(0, 240, " (edited)");
    await killedPush(checked.proxy.url, name, 0, 240, " (edited)", 60);
    const left = stale((await heldRows(truth, name)).byKey, next);
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(240 - 40);
    const again = await pushDataset(client, name, next, { key: "qid" });
    expect(again.changed).toEqual(left);
    const held = await heldRows(truth, name);
    expect(held).toMatchObject({ duplicates: [], count: 240, version: datasetVersion(next, { key: "qid" }) });
    expect(again.version).toBe(held.version);
  }, 120_000);

  it("the pushing process SIGKILLed while creating rows in batches: pushing again adds exactly the missing rows, none twice", async () => {
    const name = "killed-while-creating";
    const rows = rowsOf(0, 3000);
    await killedPush(checked.proxy.url, name, 0, 3000, "", 4); // the dataset, two batches, then killed as the third goes
    const held = await heldRows(truth, name);
    expect(held.count).toBe(1500); // the batch in flight at the kill landed
    const client = new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url });
    const again = await pushDataset(client, name, rows, { key: "qid" });
    expect(again.added).toEqual(stale(held.byKey, rows));
    expect(again).toMatchObject({ created: false, unchanged: 1500, duplicatesRemoved: 0 });
    expect(await heldRows(truth, name)).toMatchObject({ duplicates: [], count: 3000, version: datasetVersion(rows, { key: "qid" }) });
    expect(checked.proxy.violations()).toEqual([]);
  }, 120_000);

  it("the dev server SIGKILLed mid-push: the call rejects counting only what the server kept; pushing again converges", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-push-server-killed-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    let server: DevServerProcess = await startDevServerProcess(["--data-dir", dir]);
    cleanups.push(() => server.kill());
    const name = "server-killed";
    const first = new HoneyHive({ apiKey: KEY, serverUrl: server.url });
    await pushDataset(first, name, rowsOf(0, 200), { key: "qid" });
    const next = [...rowsOf(0, 200, " (edited)"), ...rowsOf(200, 400)];
    const dying = server;
    const proxy = await watchWrites(server.url, async (n) => {
      if (n === 50) {
        dying.kill();
        await dying.exited;
      }
    });
    const client = new HoneyHive({ apiKey: KEY, serverUrl: proxy.url, maxRetries: 1 });
    const error = await pushDataset(client, name, next, { key: "qid" }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetPushError);
    const { written, failures } = error as DatasetPushError;
    expect(failures.length).toBeGreaterThan(0);

    server = await startDevServerProcess(["--data-dir", dir]);
    const restarted = new HoneyHive({ apiKey: KEY, serverUrl: server.url });
    const held = await heldRows(restarted, name);
    const local = new Map(entriesOfItems(next, "qid").map((e) => [e.key, e.canonical]));
    for (const key of [...written.added, ...written.changed]) expect(held.byKey.get(key)).toBe(local.get(key));
    expect(held.duplicates).toEqual([]);
    const again = await pushDataset(restarted, name, next, { key: "qid" });
    expect([...again.added, ...again.changed].sort()).toEqual(stale(held.byKey, next));
    expect(await heldRows(restarted, name)).toMatchObject({ duplicates: [], count: 400, version: datasetVersion(next, { key: "qid" }) });
  }, 180_000);
});
