/**
 * While `honeyhive eval` runs eval files, a rejection nobody handles would end the command at once with Node's stack
 * trace and exit 1: an `evaluate()` promise that is neither awaited nor caught (`export const result = evaluate(…)`,
 * `evaluate(…).then(report)`) rejecting for a configuration error, or any promise of the file's own. The guard hears
 * each such rejection instead, so the command records it as the file's execution failure and exits with its own code
 * (2: the run did not execute), as it does for a file that awaits its `evaluate()`.
 */

/** Hears unhandled rejections until the returned function is called; `onRejection` gets each one's reason. */
export function guardUnhandledRejections(onRejection: (reason: unknown) => void): () => void {
  const listener = (reason: unknown): void => onRejection(reason);
  process.on("unhandledRejection", listener);
  return () => {
    process.off("unhandledRejection", listener);
  };
}
