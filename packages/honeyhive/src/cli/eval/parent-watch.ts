/**
 * The end of the process that started `honeyhive eval`. Through `npx` (or `npm exec`, `npm run`, pnpm, yarn, bun) the
 * command runs as a child of the package manager, through a shell; a SIGTERM sent to the package manager alone (a CI
 * step's timeout, a supervisor stopping "the" process) ends it and its shell, and the command, re-parented, used to
 * finish the whole run and exit 0 with nobody left to read the result. A re-parented process sees its parent
 * process id change (to 1 or to a sub-reaper), on every platform Node runs on; polling it is one system call.
 */

/** How often the parent process id is read. */
const PARENT_POLL_MS = 250;

/**
 * True when a package manager started this process: npm, pnpm, yarn and bun all set `npm_config_user_agent` for
 * the commands they run. A command started directly (a shell, `nohup`, a process manager) is left alone: outliving its
 * parent is then what the user asked for.
 */
export function startedByPackageManager(env: NodeJS.ProcessEnv): boolean {
  return typeof env.npm_config_user_agent === "string" && env.npm_config_user_agent !== "";
}

/**
 * Calls `onEnded` once when this process's parent ends (its parent process id changes). Returns the function that
 * stops watching. The timer never keeps the process alive.
 */
export function watchParentExit(onEnded: () => void, options: { pollMs?: number; ppid?: () => number } = {}): () => void {
  const read = options.ppid ?? (() => process.ppid);
  const initial = read();
  const timer = setInterval(() => {
    if (read() === initial) return;
    clearInterval(timer);
    onEnded();
  }, options.pollMs ?? PARENT_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
