/**
 * Bad data directories: a second server on the same directory, a directory written by a newer version, a
 * file where the directory should be, a read-only file system. Each is refused with one line (and exit code 1
 * from `honeyhive serve`), and leaves the stored data exactly as it was.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataDirError, IncompatibleDataError, LOCK_FILE, loadSqliteDriver } from "../../packages/dev-server/src/index";
import { processStartToken } from "../../packages/core/src/process/owner-record";
import { client, startServer, tempDir } from "./helpers";

const ROOT = join(__dirname, "..", "..");
/** The dev server's own executable, from source (the same command as `honeyhive serve`). */
const MAIN = join(ROOT, "packages", "dev-server", "src", "bin.ts");

function serveCli(dataDir: string, wrap: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = [...wrap, process.execPath, "--import", "tsx", MAIN, "--port", "0", "--data-dir", dataDir];
  return new Promise((resolve) => {
    const child = spawn(command[0] as string, command.slice(1), { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Opens the database directly with the driver the server uses. */
async function openDb(file: string) {
  return (await loadSqliteDriver()).open(file, { timeout: 5000 });
}

/** The lines of the data directory's lock: the owner's pid and start token. */
const lockLines = (dir: string) => readFileSync(join(dir, LOCK_FILE), "utf8").trimEnd().split("\n");

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

async function seeded(dir: string): Promise<string> {
  const server = await startServer({ dataDir: dir });
  const res = await client(server).call("POST", "/session/start", { session: { session_name: "kept" } });
  await server.close();
  return res.body.session_id as string;
}

describe("two servers on one data directory", () => {
  it("refuses the second with one line naming the owner, and the first keeps working", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = await startServer({ dataDir: dir });
      expect(lockLines(dir)).toEqual([String(process.pid), processStartToken()]);
      const second = startServer({ dataDir: dir });
      await expect(second).rejects.toThrow(DataDirError);
      await expect(second).rejects.toThrow(new RegExp(`^Another dev server \\(pid ${process.pid}\\) is using the data directory`));
      const cli = await serveCli(dir);
      expect(cli.code).toBe(1);
      expect(cli.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^Another dev server \(pid \d+\) is using the data directory/)]);
      expect((await client(first).call("POST", "/session/start", { session: { session_name: "still" } })).status).toBe(200);
      await first.close();
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
      const again = await startServer({ dataDir: dir });
      expect((await client(again).call("GET", "/v1/events")).body.totalEvents).toBe(1);
      await again.close();
    } finally {
      cleanup();
    }
  }, 60_000);

  it("takes over a lock left by a process that is gone", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
      writeFileSync(join(dir, LOCK_FILE), `${gone}\n`);
      const server = await startServer({ dataDir: dir });
      expect(lockLines(dir)).toEqual([String(process.pid), processStartToken()]);
      await server.close();
    } finally {
      cleanup();
    }
  });

  // A container restarted after `kill -9` runs the server with the PID it had (PID 1): the lock names a live
  // process, this one, but an earlier start of it.
  it("takes over a lock naming this process's own pid from an earlier start (a restarted container)", async () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const earlier of [`${process.pid}\n`, `${process.pid}\nearlier\n`]) {
        writeFileSync(join(dir, LOCK_FILE), earlier);
        const server = await startServer({ dataDir: dir });
        expect(lockLines(dir)).toEqual([String(process.pid), processStartToken()]);
        await server.close();
        expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
      }
    } finally {
      cleanup();
    }
  });

  it("refuses a lock held by a dev server running in another process", async () => {
    const { dir, cleanup } = tempDir();
    const other = spawn(process.execPath, ["--import", "tsx", MAIN, "--port", "0", "--data-dir", dir], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = "";
        other.stdout.on("data", (d: Buffer) => (out += d.toString()) && /listening on/.test(out) && resolve());
        other.on("exit", () => reject(new Error(`the other server exited: ${out}`)));
      });
      expect(lockLines(dir)[0]).toBe(String(other.pid));
      await expect(startServer({ dataDir: dir })).rejects.toThrow(new RegExp(`^Another dev server \\(pid ${other.pid}\\) is using the data directory`));
    } finally {
      other.kill("SIGTERM");
      await new Promise((resolve) => other.once("exit", resolve));
      cleanup();
    }
  }, 60_000);

  // The lock's pid now belongs to another live process (tini as PID 1 after a restart, a reused pid): held while
  // refreshed, taken over once nobody refreshed it for 30 s.
  it("takes over a lock whose live pid nobody refreshes any more, and refuses one refreshed recently", async () => {
    const { dir, cleanup } = tempDir();
    const stranger = spawn(process.execPath, ["-e", "setInterval(() => undefined, 60_000)"], { stdio: "ignore" });
    try {
      const lock = join(dir, LOCK_FILE);
      writeFileSync(lock, `${stranger.pid}\nother\n`);
      await expect(startServer({ dataDir: dir })).rejects.toThrow(new RegExp(`^Another dev server \\(pid ${stranger.pid}\\)`));
      const minuteAgo = new Date(Date.now() - 60_000);
      utimesSync(lock, minuteAgo, minuteAgo);
      const server = await startServer({ dataDir: dir });
      expect(lockLines(dir)).toEqual([String(process.pid), processStartToken()]);
      await server.close();
    } finally {
      stranger.kill("SIGKILL");
      cleanup();
    }
  });
});

describe("a data directory written by a newer version", () => {
  it("is refused with one line before anything is written, from the API and the CLI", async () => {
    const { dir, cleanup } = tempDir();
    try {
      await seeded(dir);
      const file = join(dir, "honeyhive.db");
      const db = await openDb(file);
      db.pragma("user_version = 99");
      db.close();
      const before = sha(file);
      const opening = startServer({ dataDir: dir });
      await expect(opening).rejects.toThrow(IncompatibleDataError);
      await expect(opening).rejects.toThrow(/written by a newer dev server \(data format 99/);
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
      const cli = await serveCli(dir);
      expect(cli.code).toBe(1);
      expect(cli.stderr.trim().split("\n")).toEqual([expect.stringMatching(/newer dev server .*upgrade honeyhive or use another --data-dir/)]);
      expect(sha(file)).toBe(before);
    } finally {
      cleanup();
    }
  }, 60_000);

  it("upgrades a schema 2 directory in place (additive index) and keeps its data", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const id = await seeded(dir);
      const db = await openDb(join(dir, "honeyhive.db"));
      db.exec("DROP INDEX events_by_time");
      db.pragma("user_version = 2");
      db.close();
      const server = await startServer({ dataDir: dir });
      expect((await client(server).call("GET", `/v1/events/${id}`)).body.event.event_name).toBe("kept");
      await server.close();
      const reopened = await openDb(join(dir, "honeyhive.db"));
      expect(reopened.pragma("user_version", { simple: true })).toBe(5);
      expect(reopened.prepare("SELECT name FROM sqlite_master WHERE name = 'events_by_time'").get()).toBeDefined();
      reopened.close();
    } finally {
      cleanup();
    }
  });

  it("upgrades a schema 3 directory whose datasets list their datapoints in their documents, keeping each list", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const server = await startServer({ dataDir: dir });
      const api = client(server);
      const datasetId = (await api.call("POST", "/v1/datasets", { name: "old" })).body.result.insertedId as string;
      const ids: string[] = [];
      for (const q of ["a", "b", "c"]) ids.push((await api.call("POST", "/v1/datapoints", { inputs: { q }, linked_datasets: [datasetId] })).body.result.insertedId);
      await server.close();
      // as schema 3 stored it: the list inside the dataset's document, no link table
      const db = await openDb(join(dir, "honeyhive.db"));
      const row = db.prepare("SELECT project_id, doc FROM datasets WHERE id = ?").get(datasetId) as { project_id: string; doc: string };
      db.prepare("UPDATE datasets SET doc = ? WHERE id = ?").run(JSON.stringify({ ...JSON.parse(row.doc), datapoints: [ids[2], ids[0], ids[1]] }), datasetId);
      db.exec("DROP TABLE dataset_datapoints");
      db.pragma("user_version = 3");
      db.close();
      const reopened = await startServer({ dataDir: dir });
      const listed = (await client(reopened).call("GET", `/v1/datasets?dataset_id=${datasetId}`)).body.datasets[0];
      expect(listed.datapoints).toEqual([ids[2], ids[0], ids[1]]);
      const added = (await client(reopened).call("POST", `/v1/datasets/${datasetId}/datapoints`, { data: [{ q: "d" }], mapping: { inputs: ["q"], ground_truth: [], history: [] } })).body.datapoint_ids;
      expect((await client(reopened).call("GET", `/v1/datasets?dataset_id=${datasetId}`)).body.datasets[0].datapoints).toEqual([ids[2], ids[0], ids[1], ...added]);
      await reopened.close();
      const file = await openDb(join(dir, "honeyhive.db"));
      expect(JSON.parse((file.prepare("SELECT doc FROM datasets WHERE id = ?").get(datasetId) as { doc: string }).doc).datapoints).toBeUndefined();
      file.close();
    } finally {
      cleanup();
    }
  });
});

describe("an unusable data directory", () => {
  it("a file where the directory should be: one line, nothing changed", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "not-a-dir");
      writeFileSync(file, "precious");
      await expect(startServer({ dataDir: file })).rejects.toThrow(/^Cannot use the data directory .*not-a-dir: a file is in the way/);
      const cli = await serveCli(file);
      expect(cli.code).toBe(1);
      expect(cli.stderr.trim().split("\n")).toEqual([expect.stringMatching(/a file is in the way \(not a directory\); choose another --data-dir/)]);
      expect(readFileSync(file, "utf8")).toBe("precious");
    } finally {
      cleanup();
    }
  }, 60_000);

  // Tests run as root, which ignores file modes, so a read-only file system is made for real: a read-only bind
  // mount of the directory inside a private mount namespace (`unshare -m`), visible only to the server process.
  const canMount = spawnSync("unshare", ["-m", "sh", "-c", "mount -t tmpfs -o ro tmpfs /mnt"], { stdio: "ignore" }).status === 0;
  it.skipIf(!canMount)("a read-only file system (empty, and with existing data): one line, data unchanged", async () => {
    const { dir, cleanup } = tempDir();
    const { dir: empty, cleanup: cleanupEmpty } = tempDir();
    try {
      await seeded(dir);
      const before = sha(join(dir, "honeyhive.db"));
      for (const target of [dir, empty]) {
        const cli = await serveCli(target, ["unshare", "-m", "sh", "-c",
          `mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"`, target]);
        expect(cli.code, cli.stderr).toBe(1);
        expect(cli.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^Cannot use the data directory .*: it is on a read-only file system; choose another --data-dir/)]);
      }
      expect(sha(join(dir, "honeyhive.db"))).toBe(before);
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    } finally {
      cleanup();
      cleanupEmpty();
    }
  }, 60_000);
  if (!canMount) it.skip("a read-only file system: skipped, `unshare -m` with mount is not permitted here (needs root)", () => undefined);
});
