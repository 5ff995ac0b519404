/**
 * The end of the process that started a command (`honeyhive eval`, `honeyhive serve`). Through `npx` (or `npm exec`,
 * `npm run`, pnpm, yarn, bun) the command runs as a child of the package manager, often through a shell (npm runs
 * `sh -c <command>`). A SIGTERM sent to the package manager alone (a CI step's timeout, a supervisor stopping "the"
 * process) ends it and its shell, and the command, re-parented, used to go on with nobody left to read its output —
 * a dev server holding its port and data directory. A re-parented process sees its parent process id change (to 1 or
 * to a sub-reaper), on every POSIX platform Node runs on; polling it is one system call. When the package manager is
 * killed hard (SIGKILL, or a SIGHUP npm does not forward), its shell lives on and the parent id does not change: the
 * watch then also follows the shell's parent (the package manager), found once at start by the caller.
 * Pure: the reads are passed in (this package is bundled into the runtime-neutral build).
 */

/** How often the parent process id (and the watched ancestors) are read. */
export const PARENT_POLL_MS = 250;

/**
 * True when a package manager started this process: npm, pnpm, yarn and bun all set `npm_config_user_agent` for
 * the commands they run. A command started directly (a shell, `nohup`, a process manager) is left alone: outliving its
 * parent is then what the user asked for.
 */
export function startedByPackageManager(env: Readonly<Record<string, string | undefined>>): boolean {
  return typeof env.npm_config_user_agent === "string" && env.npm_config_user_agent !== "";
}

/** What the watch reads about processes. */
export interface ParentProbe {
  /** This process's parent process id now. */
  ppid(): number;
  /** Whether a process with this id exists (a process of another user counts as existing). */
  isAlive?(pid: number): boolean;
}

/** What else the watch follows. */
export interface ParentWatchOptions {
  /** Ancestors whose end also counts as the parent's (the package manager above npm's shell). */
  ancestors?: readonly number[];
  /** @defaultValue {@link PARENT_POLL_MS} */
  pollMs?: number;
}

/**
 * Calls `onEnded` once when this process's parent ends (its parent process id changes) or one of `ancestors` is gone.
 * Returns the function that stops watching. The timer never keeps the process alive.
 */
export function watchParentExit(onEnded: () => void, probe: ParentProbe, options: ParentWatchOptions = {}): () => void {
  const initial = probe.ppid();
  const ancestors = probe.isAlive ? (options.ancestors ?? []) : [];
  const ended = (): boolean => probe.ppid() !== initial || ancestors.some((pid) => !probe.isAlive!(pid));
  const timer = setInterval(() => {
    if (!ended()) return;
    clearInterval(timer);
    onEnded();
  }, options.pollMs ?? PARENT_POLL_MS);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}

/** Names of the shells package managers run commands through (`sh -c`, `cmd.exe /d /s /c`) and users' shells. */
const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox", "cmd.exe", "cmd"]);

/** True when `name` (a process's command name, possibly a path) is a shell's. */
export function isShellName(name: string): boolean {
  const base = name.trim().replace(/^-/, "").split(/[\\/]/).pop() ?? "";
  return SHELLS.has(base.toLowerCase());
}

/** The parent id and command name of a process, as Linux's `/proc/<pid>/stat` gives them (undefined when unreadable). */
export function parseProcStat(text: string): { ppid: number; name: string } | undefined {
  // "<pid> (<comm>) <state> <ppid> …"; the command name may itself hold spaces and parentheses
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const ppid = Number(text.slice(close + 2).split(" ")[1]);
  return Number.isInteger(ppid) && ppid >= 0 ? { ppid, name: text.slice(open + 1, close) } : undefined;
}
