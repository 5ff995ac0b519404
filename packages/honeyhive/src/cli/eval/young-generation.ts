/**
 * The young generation `honeyhive eval` runs with. From Node 22 on, V8 sizes its young generation by the machine's
 * memory: on a 24 GB machine an experiment's new space grew to 128 MB on Node 24, where Node 20 stops at 32 MB. An
 * experiment keeps promoting what its datapoints hold across a request to the server, so the young generation reaches
 * its largest size and stays there: a 100,000-datapoint run peaked at about 400 MB on Node 24 and 300 MB with 16 MB
 * semi-spaces, for the same CPU (decision record 0109).
 *
 * So on a Node whose `process.execve` exists (22.15 and later, not on Windows), the command restarts itself in place
 * with `--max-semi-space-size=16` before it loads anything: the same process id (a signal or SIGKILL reaches the run
 * as before), the same arguments, flags and environment. A semi-space size the user chose (a flag of the command's
 * Node or `NODE_OPTIONS`) is left as it is.
 */
import { setsV8Flag } from "./sets-v8-flag";

/** The semi-space size, in MB, that `honeyhive eval` runs with (Node 20's default on a 64-bit machine). */
export const EVAL_SEMI_SPACE_MB = 16;

/** The flag that sets it. */
const SEMI_SPACE_FLAG = `--max-semi-space-size=${EVAL_SEMI_SPACE_MB}`;

/** What decides the restart: the running process's facts. */
export interface ProcessFacts {
  /** `process.versions.node`. */
  nodeVersion: string;
  /** `process.platform`. */
  platform: string;
  /** `process.execPath`. */
  execPath: string;
  /** `process.execArgv`: the Node flags of the command line. */
  execArgv: readonly string[];
  /** `process.argv`: the executable, the script and the command's arguments. */
  argv: readonly string[];
  /** `NODE_OPTIONS`, if set. */
  nodeOptions: string | undefined;
  /** Whether `process.execve` exists. */
  canExecve: boolean;
}

/** True when `flags` (Node's command-line or `NODE_OPTIONS` flags) set the semi-space size (dashes or underscores). */
function setsSemiSpace(flags: string): boolean {
  return setsV8Flag(flags, "max-semi-space-size");
}

/**
 * The argument vector to restart with (executable first), or undefined to go on as is: Node 20 and 21 (their young
 * generation is already this size), no `process.execve`, Windows, no script path, or a semi-space size already chosen.
 */
export function restartArgs(facts: ProcessFacts): string[] | undefined {
  const major = Number(facts.nodeVersion.split(".")[0]);
  if (!(major >= 22) || !facts.canExecve || facts.platform === "win32") return undefined;
  const [, script, ...args] = facts.argv;
  if (script === undefined) return undefined;
  if (setsSemiSpace(facts.execArgv.join(" ")) || setsSemiSpace(facts.nodeOptions ?? "")) return undefined;
  return [facts.execPath, ...facts.execArgv, SEMI_SPACE_FLAG, script, ...args];
}

/** The facts of this process. */
function thisProcess(): ProcessFacts {
  return {
    nodeVersion: process.versions.node,
    platform: process.platform,
    execPath: process.execPath,
    execArgv: process.execArgv,
    argv: process.argv,
    nodeOptions: process.env.NODE_OPTIONS,
    canExecve: typeof (process as { execve?: unknown }).execve === "function",
  };
}

/**
 * Restarts this process in place with {@link EVAL_SEMI_SPACE_MB} MB semi-spaces when {@link restartArgs} says so;
 * returns (and the command goes on in this process) when it does not, or when the restart fails.
 */
export function restartWithEvalYoungGeneration(facts: ProcessFacts = thisProcess()): void {
  const args = restartArgs(facts);
  if (args === undefined) return;
  try {
    const execve = (process as unknown as { execve: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
    execve(args[0]!, args, process.env);
  } catch {
    // no restart: the run goes on with the default young generation
  }
}
