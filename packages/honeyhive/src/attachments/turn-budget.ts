/**
 * Work spread over turns of the event loop by time, not by size: a long job does a small step, asks
 * {@link TurnBudget.spend} after each, and yields once it has run for {@link TURN_BUDGET_MS} in this turn. Steps are
 * small (a few thousand characters), so a step that runs slowly (code not yet optimized, a loaded machine) still
 * ends its turn in time; a fast step costs one clock read.
 */
import { runtime } from "../runtime/platform";

/** Milliseconds of work per turn before yielding. */
export const TURN_BUDGET_MS = 4;

/** Resolves on a later turn of the event loop (after pending I/O: Node's `setImmediate`, elsewhere a zero timer). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => void runtime.soon(resolve));
}

const clock: () => number = typeof globalThis.performance?.now === "function" ? () => globalThis.performance.now() : () => Date.now();

/** One job's clock: see the module comment. */
export class TurnBudget {
  #turnStart = clock();

  /** Resolves at once while this turn's budget lasts, else on the next turn (starting a new budget). */
  spend(): Promise<void> | undefined {
    if (clock() - this.#turnStart < TURN_BUDGET_MS) return undefined;
    return nextTurn().then(() => {
      this.#turnStart = clock();
    });
  }
}
