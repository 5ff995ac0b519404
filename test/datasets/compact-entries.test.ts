import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getHeapSnapshot, setFlagsFromString } from "node:v8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInNewContext } from "node:vm";
import { CompactEntries } from "../../packages/honeyhive/src/datasets/compact-entries";
import { versionOfEntries } from "../../packages/honeyhive/src/datasets/dataset-version";
import { entryOfDatapoint, entryOfItem } from "../../packages/honeyhive/src/datasets/dataset-entry";
import { streamRemoteDataset } from "../../packages/honeyhive/src/datasets/streamed-remote-dataset";
import { streamFileDataset } from "../../packages/honeyhive/src/datasets/streamed-file-dataset";
import { openScratchFile } from "../../packages/honeyhive/src/runtime/node/scratch-file";
import type { ScratchFile } from "../../packages/honeyhive/src/runtime/runtime";
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

/** This process's open files that are scratch files, removed from their directory (Linux: /proc/self/fd). */
function openScratchFiles(): string[] {
  return readdirSync("/proc/self/fd").flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.includes("honeyhive-scratch-") && target.endsWith("(deleted)") ? [target] : [];
    } catch {
      return [];
    }
  });
}

describe.skipIf(process.platform !== "linux")("a server dataset's canonical texts wait in a scratch file, not in memory", () => {
  it("reads 8 MB of canonical texts with under 2 MB more bytes held, in a file already removed from its directory, closed once the version is known", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const heldBytes = (): number => {
      gc();
      gc();
      return process.memoryUsage().arrayBuffers;
    };
    const server = await startLoopbackServer();
    const tmp = mkdtempSync(join(tmpdir(), "hh-spill-"));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const earlier = new Set(openScratchFiles()); // the tests above leave theirs to the collector
      const before = heldBytes();
      const { dataset, datapoints } = await readPaddedDataset(server, "p");
      const grown = heldBytes() - before;
      const files = openScratchFiles().filter((file) => !earlier.has(file));
      const left = readdirSync(tmp);
      const version = dataset.version();
      expect(grown).toBeLessThan(2_000_000); // in memory the texts alone were 8 MB
      expect(files).toHaveLength(1);
      expect(left).toEqual([]); // removed as soon as open: a killed process leaves nothing behind
      expect(version).toBe(versionOfEntries(datapoints.map((d) => entryOfDatapoint(d))));
      expect(openScratchFiles().filter((file) => !earlier.has(file))).toEqual([]);
      expect(dataset.version()).toBe(version);
      expect(dataset.ids).toHaveLength(datapoints.length); // the dataset is still alive
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(tmp, { recursive: true, force: true });
      await server.close();
    }
  }, 60_000);
});

describe.skipIf(process.platform !== "linux")("canonical texts dropped without release", () => {
  it("have their scratch file closed when collected (a run stopped before asking their version)", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const earlier = new Set(openScratchFiles());
    const opened = (): string[] => openScratchFiles().filter((file) => !earlier.has(file));
    (() => {
      const dropped = new CompactEntries();
      for (let i = 0; i < 400; i++) dropped.add(`k${i}`, `{"pad": "${"d".repeat(2000)}"}`); // 800 KB: past the buffer
      expect(dropped.textsOnDisk).toBe(true);
    })();
    expect(opened()).toHaveLength(1);
    for (let tries = 0; opened().length > 0 && tries < 100; tries++) {
      gc();
      await new Promise((r) => setTimeout(r, 20)); // the registry's callback runs in a later task
    }
    expect(opened()).toEqual([]);
  }, 60_000);
});

describe.skipIf(process.platform !== "linux")("a dataset file's first pass", () => {
  it("closes the scratch file of its canonical texts when it ends, with the file's version computed from it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-spill-file-"));
    try {
      const items = Array.from({ length: 300 }, (_, i) => ({ id: `row-${(i * 7919) % 300}`, inputs: { n: i, pad: "f".repeat(2000) } }));
      const path = join(dir, "rows.jsonl");
      writeFileSync(path, items.map((item) => JSON.stringify(item)).join("\n"));
      const earlier = new Set(openScratchFiles());
      const dataset = await streamFileDataset(path, "jsonl", "id"); // 600 KB of canonical texts: past the buffer
      expect(openScratchFiles().filter((file) => !earlier.has(file))).toEqual([]); // closed, not left to the collector
      expect(dataset.version).toBe(versionOfEntries(items.map((item, i) => entryOfItem(item, `dataset[${i}]`, "id"))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Runs the spill child after `prefix` (shell limits); its JSON line. */
function spillChild(prefix: string, count: number, bytes: number, tmp = ""): { version: string; expected: string; onDisk: boolean } {
  const child = join(__dirname, "fixtures", "spill-child.ts");
  const out = execFileSync("bash", ["-c", `${prefix} exec "${process.execPath}" --import tsx "${child}" ${count} ${bytes} ${tmp}`], {
    cwd: join(__dirname, "..", ".."), encoding: "utf8", timeout: 120_000,
  });
  return JSON.parse(out.trim().split("\n").at(-1)!) as { version: string; expected: string; onDisk: boolean };
}

describe.skipIf(process.platform !== "linux")("canonical texts when the scratch file fails: the same version, from memory", () => {
  it("a file size limit (EFBIG) midway: the texts written are read back and the rest kept in memory", () => {
    const limited = spillChild("ulimit -f 512;", 3000, 1200); // 3.6 MB of texts, 512 KiB allowed
    expect(limited.version).toBe(limited.expected);
    expect(limited.onDisk).toBe(false);
    const free = spillChild("", 3000, 1200);
    expect(free.version).toBe(free.expected);
    expect(free.onDisk).toBe(true);
    expect(free.version).toBe(limited.version);
  }, 240_000);

  it("a text that cannot be read back (reads failing on the real file): no version rather than a wrong one", () => {
    const failingReads = (): ScratchFile | undefined => {
      const file = openScratchFile()!;
      return { write: (bytes, at) => file.write(bytes, at), read: () => { throw new Error("EIO"); }, close: () => file.close() };
    };
    const entries = Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, canonical: `{"pad": "${"r".repeat(2000)}", "n": ${i}}` }));
    const broken = new CompactEntries(failingReads);
    const healthy = new CompactEntries(() => openScratchFile());
    for (const e of entries) {
      broken.add(e.key, e.canonical);
      healthy.add(e.key, e.canonical);
    }
    expect(broken.textsOnDisk).toBe(true); // 600 KB: past the buffer, so read back from the file
    expect(broken.version()).toBeUndefined();
    expect(healthy.version()).toBe(versionOfEntries(entries));
    broken.release();
    healthy.release();
  });

  it("no temporary directory to write in: kept in memory", () => {
    const missing = spillChild("", 2000, 600, "/dev/null/honeyhive-test"); // under a file: no directory can be made
    expect(missing.version).toBe(missing.expected);
    expect(missing.onDisk).toBe(false);
  }, 120_000);
});
