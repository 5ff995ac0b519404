/**
 * The read-backs of a run's failed session writes (`session-holds.ts`) that could not be read while the backend was
 * down: each is read again once the run's datapoints are done, when an outage that outlived the writes' wait budget
 * is usually over. A write the server applied just as it went down (its answer lost with its connection) is then
 * counted stored, as the server holds it, instead of lost. At most {@link MAX_DEFERRED_CHECKS} are held (with the
 * values they check); one beyond that keeps its write lost, as a check that cannot be made does. The reads made once
 * the datapoints are done share one time budget (a backend still down or hung must not hold the run's end): those not
 * answered by then are aborted and their writes stay lost.
 */
import type { EvaluationEnrichment } from "./tracer-contract";
import type { SessionCheck } from "./session-holds";
import { createLimiter } from "./limiter";

/** Read-backs held for the end of the run, at most. */
export const MAX_DEFERRED_CHECKS = 1_024;
/** Read-backs made at once at the end of the run. */
const CHECKS_AT_ONCE = 8;

/** Reads one session back; `signal` aborts the read (the run's signal, or the end's budget once it began). */
export type CheckSession = (sessionId: string, values: EvaluationEnrichment, signal: AbortSignal) => Promise<SessionCheck>;

/** See the module comment. */
export class DeferredSessionChecks {
  readonly #check: CheckSession;
  readonly #held: (() => void)[] = [];
  readonly #limiter = createLimiter(CHECKS_AT_ONCE);
  readonly #runSignal: AbortSignal;
  /** Aborted when the end's budget is spent or the run's signal aborts; undefined until the datapoints are done. */
  #end: AbortController | undefined;

  constructor(check: CheckSession, runSignal: AbortSignal) {
    this.#check = check;
    this.#runSignal = runSignal;
  }

  /**
   * Whether the session holds `values`: read now, and when it could not be read, again once {@link datapointsDone}
   * was called (at once when it was). Settles true when it holds them, never rejects.
   */
  readonly holds = async (sessionId: string, values: EvaluationEnrichment): Promise<boolean> => {
    const now = await this.#check(sessionId, values, this.#end?.signal ?? this.#runSignal).catch((): SessionCheck => "lacks");
    if (now !== "unread") return now === "holds";
    if (this.#end === undefined) {
      if (this.#held.length >= MAX_DEFERRED_CHECKS) return false;
      await new Promise<void>((resolve) => this.#held.push(resolve));
    }
    const end = this.#end!.signal;
    const later = (): Promise<SessionCheck> => (end.aborted ? Promise.resolve("lacks") : this.#check(sessionId, values, end));
    return this.#limiter.run(later).then((found) => found === "holds", () => false);
  };

  /** The run's datapoints are done: the held read-backs are made now, and later ones at once, all within `budgetMs`. */
  datapointsDone(budgetMs: number): void {
    const end = new AbortController();
    this.#end = end;
    const timer = setTimeout(() => end.abort(), budgetMs);
    (timer as { unref?: () => void }).unref?.();
    if (this.#runSignal.aborted) end.abort();
    else this.#runSignal.addEventListener("abort", () => end.abort(), { once: true });
    for (const release of this.#held.splice(0)) release();
  }
}
