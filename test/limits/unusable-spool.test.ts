import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChild } from "../helpers/run-child";
import { startDevServerProcess, type DevServerProcess } from "./dev-server-process";

const SCRIPT = join(__dirname, "fixtures", "unusable-spool.ts");
interface Done { flushes: boolean[]; sessionId: string; spansExported: number; spansSpooled: number; dropped: Record<string, number> }

async function freePortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`; // nothing listens there any more
}

describe("an unusable spool directory (child processes)", () => {
  let server: DevServerProcess;
  let dir = "";
  beforeAll(async () => {
    server = await startDevServerProcess(["--in-memory"]);
    dir = mkdtempSync(join(tmpdir(), "hh-unusable-spool-"));
    writeFileSync(join(dir, "a-file"), "not a directory");
  });
  afterAll(() => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [what, spoolDir] of [["a file", "a-file"], ["under a file", "a-file/spool"]] as const) {
    it(`HH_SPOOL_DIR is ${what}: one warning, and flush() is true when everything was delivered`, async () => {
      const run = await runChild(SCRIPT, [server.url], { env: { HH_SPOOL_DIR: join(dir, spoolDir) } });
      const done = run.events.find((event) => event.event === "done") as unknown as Done;
      expect(done, run.stderr).toBeDefined();
      expect(done.flushes).toEqual([true, true]);
      expect(done.spansExported).toBe(2);
      expect(run.stderr.match(/spool: cannot use /g), run.stderr).toHaveLength(1);
      const answer = await fetch(`${server.url}/events/export`, {
        method: "POST",
        headers: { authorization: "Bearer hh_spool_key", "content-type": "application/json" },
        body: JSON.stringify({ project: "p", filters: [{ field: "session_id", operator: "is", value: done.sessionId, type: "string" }] }),
      });
      const names = ((await answer.json()) as { events: { event_name: string }[] }).events.map((event) => event.event_name).sort();
      expect(names).toEqual(["first", "second", "spool"]);
    }, 60_000);
  }

  it("with the backend down, flush() stays false and the spans are counted as failed, not spooled", async () => {
    const run = await runChild(SCRIPT, [await freePortUrl()], { env: { HH_SPOOL_DIR: join(dir, "a-file") } });
    const done = run.events.find((event) => event.event === "done") as unknown as Done;
    expect(done, run.stderr).toBeDefined();
    expect(done.flushes).toEqual([false, false]);
    expect(done.spansSpooled).toBe(0);
    expect(done.dropped.exportFailed).toBe(2);
  }, 60_000);
});
