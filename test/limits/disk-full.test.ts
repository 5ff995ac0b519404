import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startDevServerProcess, type DevServerProcess } from "./dev-server-process";

const headers = { authorization: "Bearer local", "content-type": "application/json" };

async function post(url: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const answer = await fetch(`${url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: answer.status, body: await answer.json() };
}

describe("a full database answers 507 disk full (child process, SQLite's own SQLITE_FULL)", () => {
  let server: DevServerProcess | undefined;
  let dir = "";
  afterEach(() => {
    server?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("HH_DEV_SERVER_MAX_DB_BYTES reached: writes get 507 with a message that says so, logged once; reads still work", async () => {
    dir = mkdtempSync(join(tmpdir(), "hh-disk-full-"));
    server = await startDevServerProcess(["--data-dir", dir], { HH_DEV_SERVER_MAX_DB_BYTES: String(2 * 1024 * 1024) });
    const answers: { status: number; body: any }[] = [];
    for (let i = 0; i < 40 && answers.at(-1)?.status !== 507; i++) {
      answers.push(await post(server.url, "/session/start", { session: { session_name: `s${i}`, inputs: { text: "x".repeat(128 * 1024) } } }));
    }
    const full = answers.at(-1) as { status: number; body: any };
    expect(answers[0]?.status).toBe(200); // room at first
    expect(full.status).toBe(507);
    expect(full.body.error).toMatch(/^disk full: the database .*honeyhive\.db cannot grow/);
    const again = await post(server.url, "/events", { event: { event_type: "tool", event_name: "e", inputs: { text: "y".repeat(256 * 1024) } } });
    expect(again.status).toBe(507);
    const stored = await post(server.url, "/events/export", { project: "local", filters: [] });
    expect(stored.status).toBe(200);
    expect(stored.body.events.length).toBe(answers.length - 1);
    expect(server.output().match(/disk full:/g)).toHaveLength(1);
    expect(server.output()).not.toMatch(/internal error/);
  }, 60_000);
});
