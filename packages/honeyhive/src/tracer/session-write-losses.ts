/**
 * The session writes (starts and updates) a session client gave up: not sent because too many starts were waiting,
 * failed for good (retries exhausted, stopped by an open breaker, refused, aborted at shutdown) and not kept in the
 * disk spool. Counted in `diagnostics().sessionWritesLost`; any loss since the previous flush makes that flush false.
 */

import { GrowthSinceLastAsked } from "../internal/growth-since-last-asked";

/** Which kind of session write was lost. */
export type SessionWriteKind = "start" | "update";

/** Session writes given up, by kind. */
export interface SessionWritesLost {
  starts: number;
  updates: number;
}

/** See the module comment. */
export class SessionWriteLosses {
  #starts = 0;
  #updates = 0;
  /** The total the last flush was told about. */
  readonly #reported = new GrowthSinceLastAsked();

  /** One write given up. */
  lost(kind: SessionWriteKind): void {
    if (kind === "start") this.#starts++;
    else this.#updates++;
  }

  /** Writes given up so far (a copy). */
  counts(): SessionWritesLost {
    return { starts: this.#starts, updates: this.#updates };
  }

  /** What a flush starting now compares against when it is over (see `GrowthSinceLastAsked`). */
  baseline(): number {
    return this.#reported.baseline();
  }

  /**
   * True when no write was given up since `baseline` (by default: since the previous call). Each flush asks once, when
   * it is over, with the baseline it took when it started.
   */
  noneSinceLastAsked(baseline?: number): boolean {
    return this.#reported.noneSince(this.#starts + this.#updates, baseline);
  }
}
