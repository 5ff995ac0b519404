import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isShellName, parseProcStat, watchParentExit } from "../../packages/core/src/process/parent-watch";
import { launcherAncestors } from "../../packages/dev-server/src/launcher-watch";
import { tempDir } from "./helpers";

/**
 * `honeyhive serve` started through a package manager stops when that ends. Real processes: `npm exec -c` runs the
 * dev server's bin the way `npx honeyhive serve` runs the command (npm, then `sh -c`, then node); the signal goes to
 * npm alone, as a supervisor or a CI step's timeout sends it. The server used to be re-parented and run on, holding
 * its port and its data directory's lock.
 */
const ROOT = join(__dirname, "..", "..");
const DEV_BIN = join(ROOT, "packages", "dev-server", "src", "bin.ts");
const NPM_CLI = join(ROOT, "node_modules", "npm", "bin", "npm-cli.js");

interface Ended { stdout: string; npm: { code: number | null; signal: NodeJS.Signals | null }; serverPid: number; serverGone: boolean }

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (at most `ms`) until `check` holds; resolves with whether it did. */
async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** Starts the server under `npm exec -c` in its own process group, sends `signal` to npm alone once it listens. */
async function serveThroughNpm(dir: string, signal: NodeJS.Signals): Promise<Ended> {
  const npm = existsSync(NPM_CLI) ? [process.execPath, NPM_CLI] : ["npm"];
  const command = `"${process.execPath}" --import tsx "${DEV_BIN}" --port 0 --data-dir "${dir}"`;
  const child = spawn(npm[0]!, [...npm.slice(1), "exec", "--yes=false", "-c", command], { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.resume();
  const npmExit = new Promise<Ended["npm"]>((done) => child.on("exit", (code, sig) => done({ code, signal: sig })));
  try {
    if (!(await eventually(() => stdout.includes("Press Ctrl+C to stop."), 30_000))) throw new Error(`never listened: ${stdout}`);
    const serverPid = Number(readFileSync(join(dir, "honeyhive.lock"), "utf8").split("\n")[0]);
    child.kill(signal); // npm only: the server, two processes down, gets no signal
    const npmEnded = await npmExit;
    const serverGone = await eventually(() => !isAlive(serverPid), 10_000);
    await eventually(() => stdout.includes("Stopped."), 2_000);
    return { stdout, npm: npmEnded, serverPid, serverGone };
  } finally {
    try {
      process.kill(-child.pid!, "SIGKILL"); // whatever is left of the group this test started
    } catch {
      // none left
    }
  }
}

describe("honeyhive serve started through a package manager", () => {
  for (const signal of ["SIGTERM", "SIGKILL", "SIGHUP"] as const) {
    it(`stops gracefully when npm alone gets ${signal} (lock released, data saved, no orphan)`, async () => {
      const { dir, cleanup } = tempDir();
      try {
        const ended = await serveThroughNpm(dir, signal);
        expect(ended.serverGone, ended.stdout).toBe(true);
        expect(ended.stdout).toContain("The package manager that started this command (npx, npm) ended; stopping as on SIGTERM");
        expect(ended.stdout).toContain("Stopped. All data is saved.");
        expect(existsSync(join(dir, "honeyhive.lock"))).toBe(false);
      } finally {
        cleanup();
      }
    }, 60_000);
  }
});

describe("the launcher watch", () => {
  it("follows the shell's parent when the parent is a shell, only the parent otherwise", () => {
    const table: Record<number, { ppid: number; name: string }> = { 10: { ppid: 9, name: "sh" }, 20: { ppid: 9, name: "node" }, 30: { ppid: 1, name: "bash" } };
    const info = (pid: number) => table[pid];
    expect(launcherAncestors(10, info)).toEqual([10, 9]);
    expect(launcherAncestors(20, info)).toEqual([20]);
    expect(launcherAncestors(30, info)).toEqual([30]); // a shell already orphaned: nothing above it to follow
    expect(launcherAncestors(40, info)).toEqual([40]); // unreadable
    expect(isShellName("/bin/sh")).toBe(true);
    expect(isShellName("-zsh")).toBe(true);
    expect(isShellName("cmd.exe")).toBe(true);
    expect(isShellName("npm exec honeyh")).toBe(false);
    expect(parseProcStat("4597 (sh) S 4574 4574 4574 0 -1")).toEqual({ ppid: 4574, name: "sh" });
    expect(parseProcStat("12 (a (b) c) R 7 12 12")).toEqual({ ppid: 7, name: "a (b) c" });
    expect(parseProcStat("garbage")).toBeUndefined();
  });

  it("reports an ancestor's end once, and the parent id's change", async () => {
    const alive = new Set([9]);
    let calls = 0;
    await new Promise<void>((done) => watchParentExit(() => (calls++, done()), { ppid: () => 10, isAlive: (pid) => alive.has(pid) }, { ancestors: [9], pollMs: 5 }) && alive.delete(9));
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(1);
    let ppid = 10;
    const changed = new Promise<void>((done) => watchParentExit(done, { ppid: () => ppid }, { pollMs: 5 }));
    ppid = 1;
    await changed;
  });
});
