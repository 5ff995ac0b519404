/**
 * The end of the process that started `honeyhive eval` (the package manager behind `npx`): the watch itself is
 * shared with `honeyhive serve` (`@honeyhive/core/process/parent-watch`, where the reasons are); this reads this
 * process's parent id.
 */
import { startedByPackageManager, watchParentExit as watch } from "@honeyhive/core/process/parent-watch";

export { startedByPackageManager };

/**
 * Calls `onEnded` once when this process's parent ends (its parent process id changes). Returns the function that
 * stops watching. The timer never keeps the process alive.
 */
export function watchParentExit(onEnded: () => void, options: { pollMs?: number; ppid?: () => number } = {}): () => void {
  return watch(onEnded, { ppid: options.ppid ?? (() => process.ppid) }, { pollMs: options.pollMs });
}
