/**
 * How far `honeyhive eval` lets its old generation grow between full collections. An experiment promotes what each
 * datapoint holds across its requests to the server: short-lived garbage that dies in the old generation. V8 lets
 * the old generation grow up to four times its live size before a full collection when a process allocates fast, so
 * a run whose live heap was 22 MB held up to 88 MB of old space, and a 100,000-datapoint run on Node 20 peaked at
 * 258 to 287 MB. With growth held to twice the live heap, the same run peaked at 191 MB, for the same CPU; 1.5 times
 * saved about 9 MB more (at 30,000 datapoints) for 11 % more CPU (decision record 0110).
 *
 * V8 reads this limit each time it sets the next collection's threshold, so the command sets it at run time, before it
 * loads the evaluation files, on every Node version: `NODE_OPTIONS` cannot carry the flag, and a V8 flag the command
 * line does not know stops Node from starting, where `v8.setFlagsFromString` only prints a warning. A growth the user
 * chose on the command's Node command line is left as it is.
 */
import { setFlagsFromString } from "node:v8";
import { setsV8Flag } from "./sets-v8-flag";

/** How much, in percent, the old generation may grow past its live size before the next full collection (twice it). */
export const EVAL_HEAP_GROWING_PERCENT = 100;

/** The V8 flag `honeyhive eval` sets, or undefined when the user's Node command line already sets the growth. */
export function evalHeapGrowthFlag(execArgv: readonly string[]): string | undefined {
  return setsV8Flag(execArgv.join(" "), "heap-growing-percent") ? undefined : `--heap-growing-percent=${EVAL_HEAP_GROWING_PERCENT}`;
}

/**
 * Holds this process's old-generation growth to {@link EVAL_HEAP_GROWING_PERCENT} percent (see the module's comment);
 * `setFlags` is V8's (a seam for tests). Never throws.
 */
export function limitEvalHeapGrowth(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): void {
  const flag = evalHeapGrowthFlag(execArgv);
  if (flag === undefined) return;
  try {
    setFlags(flag);
  } catch {
    // the run goes on with V8's own growth
  }
}
