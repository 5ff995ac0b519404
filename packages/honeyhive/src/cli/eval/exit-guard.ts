/**
 * While `honeyhive eval` runs eval files, a `process.exit()` in their code (the old SDK's
 * `main().then(() => process.exit(0))`) would end the command with that code: no summary, no reports, and the
 * failures of every other file hidden behind exit 0. The guard replaces `process.exit` for that time: the call is
 * recorded (a non-zero code becomes an execution failure of the file, a zero one a note) and returns, so the command
 * finishes the run and exits with its own code; once the run is reported it ends at once, handles left open or not
 * (`end-of-run.ts`): the file wanted to exit. The command's own exits go through {@link exitProcess}.
 */

/** The real `process.exit`, for the command's own exits (a second Ctrl-C, the cancel deadline). */
export const exitProcess: (code?: number) => never = process.exit.bind(process) as (code?: number) => never;

/** Replaces `process.exit` until the returned function is called; `onExit` gets each call's code (as a number). */
export function guardProcessExit(onExit: (code: number) => void): () => void {
  const original = process.exit;
  const guarded = ((code?: number | string | null) => {
    const number = Number(code ?? process.exitCode ?? 0);
    onExit(Number.isInteger(number) ? number : 1);
  }) as typeof process.exit;
  process.exit = guarded;
  return () => {
    if (process.exit === guarded) process.exit = original;
  };
}
