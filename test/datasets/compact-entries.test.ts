import { getHeapSnapshot, setFlagsFromString } from "node:v8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInNewContext } from "node:vm";
import { CompactEntries } from "../../packages/honeyhive/src/datasets/compact-entries";
import { versionOfEntries } from "../../packages/honeyhive/src/datasets/dataset-version";
import { entryOfDatapoint, entryOfItem } from "../../packages/honeyhive/src/datasets/dataset-entry";
import { streamRemoteDataset } from "../../packages/honeyhive/src/datasets/streamed-remote-dataset";
import { createApiClient } from "../../packages/honeyhive/src/index";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend } from "../evaluation/fake-backend";

function compactOf(entries: readonly { key: string; canonical: string }[]): CompactEntries {
  const compact = new CompactEntries();
  for (const e of entries) compact.add(e.key, e.canonical);
  return compact;
}

describe("CompactEntries: a dataset's canonical entries kept as bytes give core's content version", () => {
  it("equals versionOfEntries over many blocks, non-ASCII ids and values, duplicate ids and a text longer than a block", () => {
    const items: unknown[] = Array.from({ length: 4000 }, (_, i) => ({
      id: i % 7 === 0 ? `clé-${i}-ü😀` : `row-${(i * 7919) % 4000}`, inputs: { question: `q ${i} ${"ß€😀".repeat(i % 5)}`, pad: "x".repeat(i % 300) },
      ground_truth: { answer: i },
    }));
    items.push({ id: "huge", inputs: { text: "é".repeat(1_200_000) } }); // escaped: 7.2 MB of canonical text, a block of its own
    const entries = items.map((item, i) => entryOfItem(item, `dataset[${i}]`));
    expect(compactOf(entries).version()).toBe(versionOfEntries(entries));
    expect(compactOf(entries).hasDuplicateKeys()).toBe(false);
    const withCopy = [...entries, entries[10]!, { key: entries[3]!.key, canonical: `${entries[3]!.canonical} ` }];
    expect(compactOf(withCopy).version()).toBe(versionOfEntries(withCopy));
    expect(compactOf(withCopy).hasDuplicateKeys()).toBe(true);
    expect(compactOf(entries.slice(0, 1)).version()).toBe(versionOfEntries(entries.slice(0, 1)));
  });

  it("sorts the external ids by code point, as core does, whatever UTF-8 spells: astral above U+FFFF, lone surrogates, prefixes", () => {
    const keys = ["\uFFFF", "😀", "\uD800", "a\uDC00", "a", "ab", "", "é", "z", "\uD83D\uDE00x", "\uDBFF"];
    const entries = keys.flatMap((key, i) => [{ key, canonical: `{"n": ${i}}` }, { key: `${key}-${i}`, canonical: `{"m": ${i}}` }]);
    for (let turn = 0; turn < 5; turn++) {
      const shuffled = entries.map((e, i) => ({ e, at: (i * 7919 + turn * 104729) % 997 })).sort((x, y) => x.at - y.at).map((x) => x.e);
      expect(compactOf(shuffled).version()).toBe(versionOfEntries(shuffled));
      expect(compactOf(shuffled).hasDuplicateKeys()).toBe(false);
    }
    expect(compactOf([...entries, { key: "\uD800", canonical: "{}" }]).hasDuplicateKeys()).toBe(true);
  });
});

describe("a server dataset read page by page keeps no canonical text as a string for its content version", () => {
  const SIZE = 300;
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
  });
  afterAll(() => server.close());

  it("has read every page, computes the version of what it read, and the heap holds none of the canonical texts", async () => {
    const backend = createFakeBackend();
    const datapoints = Array.from({ length: SIZE }, (_, i) => ({ id: `dp-${i}`, inputs: { q: `canon-${i}` }, ground_truth: { a: i }, metadata: {} }));
    backend.datasets.set("big", { id: "big", datapoints: datapoints.map((d) => d.id) });
    for (const d of datapoints) backend.datapoints.set(d.id, d);
    server.setHandler((req) => backend.handler(req));
    const dataset = await streamRemoteDataset(createApiClient({ serverUrl: server.url, apiKey: "hh_compact_key" }), "big");
    for (let i = 0; i < SIZE; i++) expect((await dataset.at(i))?.datapointId).toBe(`dp-${i}`);
    const version = dataset.version();
    // The heap's strings, as a snapshot lists them (JSON-escaped). A canonical text spells its inputs with Python's
    // separators (`"q": "canon-…"`), which nothing else here does; the needle is made after the snapshot.
    let snapshot = "";
    for await (const chunk of getHeapSnapshot()) snapshot += String(chunk);
    const needle = ['\\"q\\"', ": ", '\\"canon-'].join("");
    expect(snapshot.length).toBeGreaterThan(1000);
    expect(snapshot.split(needle).length - 1).toBe(0);
    expect(dataset.ids).toHaveLength(SIZE); // the dataset is still alive at the snapshot
    expect(version).toBe(versionOfEntries(datapoints.map((d) => entryOfDatapoint(d))));
  }, 60_000);
});

/** A server dataset of 2,000 datapoints (about 8 MB of canonical text, padded with `pad`), read page by page to its end. */
async function readPaddedDataset(server: LoopbackServer, pad: string): Promise<{ dataset: Awaited<ReturnType<typeof streamRemoteDataset>>; datapoints: { id: string }[] }> {
  const backend = createFakeBackend();
  const padding = pad.repeat(4000);
  const datapoints = Array.from({ length: 2000 }, (_, i) => ({ id: `dp-${i}`, inputs: { q: `${i}`, pad: padding }, ground_truth: { a: i }, metadata: {} }));
  backend.datasets.set("padded", { id: "padded", datapoints: datapoints.map((d) => d.id) });
  for (const d of datapoints) backend.datapoints.set(d.id, d);
  server.setHandler((req) => backend.handler(req));
  const dataset = await streamRemoteDataset(createApiClient({ serverUrl: server.url, apiKey: "hh_compact_key" }), "padded");
  for (let i = 0; i < datapoints.length; i++) await dataset.at(i);
  return { dataset, datapoints };
}

describe("a server dataset read page by page lets go of its canonical texts once its version is known", () => {
  it("keeps the first version it computed, and the texts' bytes are collectable while the dataset lives", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const server = await startLoopbackServer();
    try {
      const { dataset, datapoints } = await readPaddedDataset(server, "p");
      const heldBytes = (): number => {
        gc();
        gc();
        return process.memoryUsage().arrayBuffers;
      };
      const before = heldBytes();
      const version = dataset.version();
      // V8 frees collected buffers' memory on a helper thread, so the count falls some time after the collection
      let released = before - heldBytes();
      for (let tries = 0; released <= 6_000_000 && tries < 100; tries++) {
        await new Promise((r) => setTimeout(r, 20));
        released = before - heldBytes();
      }
      expect(version).toBe(versionOfEntries(datapoints.map((d) => entryOfDatapoint(d))));
      expect(released).toBeGreaterThan(6_000_000);
      expect(dataset.version()).toBe(version);
      expect(dataset.ids).toHaveLength(datapoints.length); // the dataset is still alive
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe("a server dataset's canonical texts are freed by the next minor collection once its version is known", () => {
  it("gives the texts' memory back without waiting for a full collection (the end of a long run holds the peak)", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as (options?: { type: "minor" | "major" }) => void;
    const server = await startLoopbackServer();
    try {
      const { dataset, datapoints } = await readPaddedDataset(server, "m");
      gc();
      gc(); // the texts' blocks are in the old generation, as in a run that read its pages over minutes
      const before = process.memoryUsage().arrayBuffers;
      const version = dataset.version();
      // minor collections only: V8 frees a collected buffer's memory on a helper thread, so the count falls a little later
      let released = 0;
      for (let tries = 0; released <= 6_000_000 && tries < 50; tries++) {
        gc({ type: "minor" });
        await new Promise((r) => setTimeout(r, 20));
        released = before - process.memoryUsage().arrayBuffers;
      }
      expect(version).toBe(versionOfEntries(datapoints.map((d) => entryOfDatapoint(d))));
      expect(released).toBeGreaterThan(6_000_000);
      expect(dataset.ids).toHaveLength(datapoints.length); // the dataset is still alive
    } finally {
      await server.close();
    }
  }, 60_000);
});
