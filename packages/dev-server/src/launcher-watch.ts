/**
 * `honeyhive serve` started through a package manager (`npx honeyhive serve`, `npm run dev`) stops, as on SIGTERM,
 * when the package manager ends: a SIGTERM to the `npx` process reaches only npm and the `sh -c` it runs the command
 * through, and the server, re-parented, held its port and data directory with nobody left to stop it. The watch
 * (`@honeyhive/core/process/parent-watch`) sees the parent id change; when the parent is such a shell, it also follows
 * the shell's parent, so a package manager killed hard (SIGKILL; a SIGHUP, which npm does not forward) is noticed too.
 * Finding the shell's parent is one read of `/proc` on Linux, one `ps` on macOS and the BSDs; on Windows only the
 * parent itself is followed.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { isShellName, parseProcStat, startedByPackageManager, watchParentExit } from "@honeyhive/core/process/parent-watch";
import { isProcessAlive } from "./store/data-dir";

/** The parent id and command name of process `pid`, or undefined when they cannot be read. */
export function processInfo(pid: number): { ppid: number; name: string } | undefined {
  try {
    if (process.platform === "linux") return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
    if (process.platform === "win32") return undefined;
    const [ppid, ...name] = execFileSync("ps", ["-o", "ppid=,comm=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 2000 })
      .trim()
      .split(/\s+/);
    const parent = Number(ppid);
    return Number.isInteger(parent) && name.length > 0 ? { ppid: parent, name: name.join(" ") } : undefined;
  } catch {
    return undefined;
  }
}

/** The processes whose end stops the server: the parent, and the parent's parent when the parent is a shell. */
export function launcherAncestors(ppid: number, info: typeof processInfo = processInfo): number[] {
  const parent = info(ppid);
  if (parent === undefined || !isShellName(parent.name) || parent.ppid <= 1) return [ppid];
  return [ppid, parent.ppid];
}

/**
 * Calls `onEnded` once when the package manager that started this process ends; does nothing (returns a no-op) when
 * no package manager started it (`honeyhive serve` run directly, under `nohup` or a process manager, runs on).
 */
export function watchLauncher(onEnded: () => void, env: NodeJS.ProcessEnv = process.env, pollMs?: number): () => void {
  if (!startedByPackageManager(env)) return () => undefined;
  const ppid = process.ppid;
  return watchParentExit(onEnded, { ppid: () => process.ppid, isAlive: isProcessAlive }, { ancestors: launcherAncestors(ppid), pollMs });
}
