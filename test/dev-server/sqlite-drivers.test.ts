/**
 * Both SQLite drivers behind the one Store: the run-time choice, the node:sqlite adapter's bridging, and
 * the same behaviour suite run on every driver the running Node can load (a driver it cannot load is
 * skipped with the reason in the test name: node:sqlite needs Node ≥ 22.13, better-sqlite3 a binary built
 * for this Node).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  chooseSqliteDriver, loadSqliteDriver, parseSqliteDriverPreference, type SqliteDriverName,
} from "../../packages/dev-server/src/index";
import {
  adaptParams, isSqliteExperimentalWarning, namedParameters,
} from "../../packages/dev-server/src/store/node-sqlite-driver";
import { DATABASE_FILE } from "../../packages/dev-server/src/store/data-dir";
import { client, startServer, tempDir } from "./helpers";

async function availability(name: SqliteDriverName): Promise<string | undefined> {
  try {
    await loadSqliteDriver(name);
    return undefined;
  } catch (error) {
    return (error as Error).message.split("(")[0]?.trim().slice(0, 120);
  }
}

const NODE = process.versions.node;
const drivers: { name: SqliteDriverName; missing: string | undefined }[] = [
  { name: "node:sqlite", missing: await availability("node:sqlite") },
  { name: "better-sqlite3", missing: await availability("better-sqlite3") },
];

describe("choosing the driver", () => {
  it("auto prefers node:sqlite where the running Node has it, else better-sqlite3; a named driver is used as asked", () => {
    expect(chooseSqliteDriver("auto", true)).toBe("node:sqlite");
    expect(chooseSqliteDriver("auto", false)).toBe("better-sqlite3");
    expect(chooseSqliteDriver("better-sqlite3", true)).toBe("better-sqlite3");
    expect(chooseSqliteDriver("node:sqlite", false)).toBe("node:sqlite");
  });

  it("parses the option / HH_DEV_SERVER_SQLITE values and refuses unknown names", async () => {
    expect(parseSqliteDriverPreference(undefined)).toBe("auto");
    expect(parseSqliteDriverPreference(" node:sqlite ")).toBe("node:sqlite");
    expect(() => parseSqliteDriverPreference("sqlite3")).toThrow(/unknown SQLite driver "sqlite3"/);
    await expect(startServer({ sqliteDriver: "nope" as never })).rejects.toThrow(/unknown SQLite driver/);
  });

  it(`on this Node (${NODE}) auto loads ${drivers[0]?.missing ? "better-sqlite3" : "node:sqlite"}`, async () => {
    const auto = await loadSqliteDriver("auto");
    expect(auto.name).toBe(drivers[0]?.missing ? "better-sqlite3" : "node:sqlite");
    const server = await startServer({ sqliteDriver: "auto" }); // explicit: HH_DEV_SERVER_SQLITE may force one
    expect(server.store.driver).toBe(auto.name);
    await server.close();
  });

  it("asking for node:sqlite where it is missing fails with one line of advice", async () => {
    if (!drivers[0]?.missing) return; // available here: nothing to refuse
    await expect(loadSqliteDriver("node:sqlite")).rejects.toThrow(/^node:sqlite is not available in Node .*use the better-sqlite3 driver/);
  });
});

describe("a driver forced by HH_DEV_SERVER_SQLITE (CI runs this file on Node 22 with node:sqlite)", () => {
  const forced = process.env.HH_DEV_SERVER_SQLITE?.trim() || undefined;

  it(`${forced ?? "(not set here)"}: loads on this Node — never skipped — and is the driver servers started without the option use`, async () => {
    if (forced === undefined) return; // nothing forced: the auto test above covers this run
    const name = parseSqliteDriverPreference(forced);
    if (name !== "auto") expect(drivers.find((d) => d.name === name)?.missing).toBeUndefined();
    const server = await startServer();
    expect(server.store.driver).toBe(name === "auto" ? (await loadSqliteDriver("auto")).name : name);
    await server.close();
  });
});

describe("node:sqlite's ExperimentalWarning", () => {
  it("is recognised by type and message, whichever way emitWarning was called; other warnings are not", () => {
    const text = "SQLite is an experimental feature and might change at any time";
    expect(isSqliteExperimentalWarning(text, "ExperimentalWarning")).toBe(true);
    expect(isSqliteExperimentalWarning(text, { type: "ExperimentalWarning" })).toBe(true);
    expect(isSqliteExperimentalWarning(Object.assign(new Error(text), { name: "ExperimentalWarning" }), undefined)).toBe(true);
    expect(isSqliteExperimentalWarning("The Fetch API is an experimental feature", "ExperimentalWarning")).toBe(false);
    expect(isSqliteExperimentalWarning(text, "DeprecationWarning")).toBe(false);
  });

  it.skipIf(drivers[0]?.missing !== undefined)("is not printed when the dev server loads node:sqlite; other warnings still are", () => {
    const script = [
      `const { loadSqliteDriver } = await import(${JSON.stringify(new URL("../../packages/dev-server/src/index.ts", import.meta.url).href)});`,
      `const db = (await loadSqliteDriver("node:sqlite")).open(":memory:", { timeout: 1000 });`,
      `process.stdout.write(String(db.prepare("SELECT 1 + 1 AS two").pluck().get())); db.close();`,
      `process.emitWarning("still here", "ExperimentalWarning");`,
    ].join("\n");
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toBe("2");
    expect(child.stderr).not.toMatch(/SQLite/);
    expect(child.stderr).toMatch(/ExperimentalWarning: still here/);
  });
});

describe("the node:sqlite adapter's parameter bridging", () => {
  it("spreads arrays, narrows named objects to the statement's names, binds undefined as NULL", () => {
    const names = namedParameters("UPDATE runs SET name = @name WHERE project_id = @project_id AND id = :id AND x = $x");
    expect([...names].sort()).toEqual(["id", "name", "project_id", "x"]);
    expect(adaptParams([[1, "a", undefined]], names)).toEqual([1, "a", null]);
    expect(adaptParams([1, 2], names)).toEqual([1, 2]);
    expect(adaptParams([{ name: "n", id: "i", created_at: "dropped", x: undefined }], names)).toEqual([{ name: "n", id: "i", x: null }]);
    const bytes = new Uint8Array([1]);
    expect(adaptParams([bytes], names)).toEqual([bytes]);
  });
});

for (const { name, missing } of drivers) {
  describe.skipIf(missing !== undefined)(`the ${name} driver${missing ? ` — skipped on Node ${NODE}: ${missing}` : ""}`, () => {
    it("stores, queries (filters, cursor pages), rolls back failed transactions and persists across restarts", async () => {
      const { dir, cleanup } = tempDir();
      try {
        const server = await startServer({ dataDir: dir, sqliteDriver: name });
        expect(server.store.driver).toBe(name);
        const api = client(server);
        const session = "abababab-0000-4000-8000-0000000d01fe";
        const events = Array.from({ length: 40 }, (_, i) => ({
          event_type: i % 2 ? "tool" : "model", event_name: `e${i}`, session_id: session, start_time: 1000 + (i % 5),
          metadata: { k: i }, metrics: { score: i / 40 }, inputs: {},
        }));
        expect((await api.call("POST", "/events/batch", { events })).status).toBe(200);
        const filters = [{ field: "metrics.score", operator: "greater than", value: "0.5", type: "number" }];
        const names: string[] = [];
        let cursor: string | undefined;
        do {
          const page = (await api.call("POST", "/v1/events/export", { filters, limit: 7, cursor })).body;
          expect(page.totalEvents).toBe(19);
          names.push(...page.events.map((e: { event_name: string }) => e.event_name));
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
        expect(new Set(names).size).toBe(19);
        const one = (await api.call("POST", "/v1/events/export", { filters: [{ field: "event_type", operator: "is", value: "tool" }], limit: 1 })).body;
        expect(one.totalEvents).toBe(20);
        const project = (await api.call("GET", "/viewer/whoami")).body.project.id as string;
        const target = one.events[0].event_id as string;
        await expect(server.store.updateEvent(project, target, () => {
          throw new Error("updater failed");
        })).rejects.toThrow("updater failed");
        const failing = { sessions: [], events: [{ event: { ...one.events[0], event_name: "changed" } }, { event: { ...one.events[0], event_id: "x" } }],
          merge: () => {
            throw new Error("merge failed");
          } };
        await expect(server.store.writeEvents(project, failing as never)).rejects.toThrow("merge failed");
        expect((await server.store.getEvent(project, target))?.event_name).toBe(one.events[0].event_name);
        expect(await server.store.getEvent(project, "x")).toBeUndefined();
        const run = await api.call("POST", "/v1/runs", { name: "r", event_ids: [session] });
        expect(run.status).toBe(200);
        await server.close();
        const reopened = await startServer({ dataDir: dir, sqliteDriver: name });
        expect((await client(reopened).call("GET", "/v1/events?limit=1")).body.totalEvents).toBe(41);
        expect((await client(reopened).call("GET", `/v1/runs/${run.body.run_id}`)).body.evaluation.name).toBe("r");
        await reopened.close();
      } finally {
        cleanup();
      }
    });

    it("creates a new data file with 16 KiB pages and leaves the page size of an existing one as it is", async () => {
      const driver = await loadSqliteDriver(name);
      const pageSize = (file: string): number => {
        const db = driver.open(file, { timeout: 5000 });
        try {
          return Number(db.pragma("page_size", { simple: true }));
        } finally {
          db.close();
        }
      };
      const fresh = tempDir();
      const existing = tempDir();
      try {
        await (await startServer({ dataDir: fresh.dir, sqliteDriver: name })).close();
        expect(pageSize(join(fresh.dir, DATABASE_FILE))).toBe(16384);
        const old = driver.open(join(existing.dir, DATABASE_FILE), { timeout: 5000 });
        old.pragma("page_size = 4096");
        old.pragma("journal_mode = WAL");
        old.exec("CREATE TABLE earlier (x)");
        old.close();
        const server = await startServer({ dataDir: existing.dir, sqliteDriver: name });
        expect((await client(server).call("POST", "/events/batch", { events: [{ event_type: "tool", event_name: "t", inputs: {} }] })).status).toBe(200);
        await server.close();
        expect(pageSize(join(existing.dir, DATABASE_FILE))).toBe(4096);
      } finally {
        fresh.cleanup();
        existing.cleanup();
      }
    });
  });
}
