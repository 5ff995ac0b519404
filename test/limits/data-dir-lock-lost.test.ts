import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startDevServerProcess, type DevServerProcess } from "./dev-server-process";

const STALE_MS = 1500; // HH_DEV_SERVER_LOCK_STALE_MS: the 30 s default, shortened
const LOST = /This dev server lost the data directory .* to another server \(pid \d+\)/;

async function startSession(url: string, name: string): Promise<{ status: number; body: any }> {
  const answer = await fetch(`${url}/session/start`, {
    method: "POST",
    headers: { authorization: "Bearer local", "content-type": "application/json" },
    body: JSON.stringify({ session: { session_name: name } }),
  });
  return { status: answer.status, body: await answer.json() };
}

async function sessionNames(url: string): Promise<string[]> {
  const answer = await fetch(`${url}/events/export`, {
    method: "POST",
    headers: { authorization: "Bearer local", "content-type": "application/json" },
    body: JSON.stringify({ project: "local", filters: [{ field: "event_type", operator: "is", value: "session", type: "string" }] }),
  });
  const body = (await answer.json()) as { events: { event_name: string }[] };
  return body.events.map((event) => event.event_name).sort();
}

describe("two dev servers on one data directory after a pause (child processes, SIGSTOP/SIGCONT)", () => {
  const started: DevServerProcess[] = [];
  let dir = "";
  afterEach(() => {
    for (const server of started.splice(0)) {
      server.child.kill("SIGCONT");
      server.kill();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the resumed server finds its lock taken: it stops writing (503, logged once), reads still work; the new owner writes", async () => {
    dir = mkdtempSync(join(tmpdir(), "hh-lock-lost-"));
    const env = { HH_DEV_SERVER_LOCK_STALE_MS: String(STALE_MS) };
    const first = await startDevServerProcess(["--data-dir", dir], env);
    started.push(first);
    expect((await startSession(first.url, "before-pause")).status).toBe(200);
    first.child.kill("SIGSTOP"); // Ctrl-Z, docker pause
    await new Promise((resolve) => setTimeout(resolve, STALE_MS * 2));
    const second = await startDevServerProcess(["--data-dir", dir], env); // takes the stale lock over
    started.push(second);
    first.child.kill("SIGCONT");
    const refused = await startSession(first.url, "after-resume");
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatch(LOST);
    expect(refused.body.error).toMatch(/no longer writes there/);
    expect((await startSession(first.url, "again")).status).toBe(503);
    expect(await sessionNames(first.url)).toEqual(["before-pause"]); // reads still work
    expect((await startSession(second.url, "new-owner")).status).toBe(200);
    expect(await sessionNames(second.url)).toEqual(["before-pause", "new-owner"]);
    await new Promise((resolve) => setTimeout(resolve, STALE_MS)); // heartbeats of both run on
    expect((await startSession(second.url, "still-owner")).status).toBe(200);
    expect(first.output().match(new RegExp(LOST.source, "g"))).toHaveLength(1); // logged once
  }, 60_000);
});
