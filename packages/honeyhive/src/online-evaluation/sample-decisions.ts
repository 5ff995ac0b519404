import { isSessionSampled } from "./sample";

/** Session ids whose decision is remembered; beyond, the oldest is forgotten (and recomputed if it comes back). */
export const SAMPLE_DECISIONS_MAX = 2048;

/**
 * The sampling decisions of one rate, remembered per session id in a bounded map: a session's spans ending one after
 * another hash its id once (the decision is the same as {@link isSessionSampled}'s, only not recomputed).
 */
export class SampleDecisions {
  readonly #decisions = new Map<string, boolean>();

  /**
   * @param rate - the sampling rate (0 to 1) every decision is made at.
   * @param max - how many session ids are remembered at most.
   */
  constructor(readonly rate: number, readonly max = SAMPLE_DECISIONS_MAX) {}

  /** How many session ids are remembered now (at most `max`). */
  get size(): number {
    return this.#decisions.size;
  }

  /** Whether session `sessionId` is sampled at this rate. */
  sampled(sessionId: string): boolean {
    if (this.rate >= 1) return true;
    if (!(this.rate > 0)) return false;
    const known = this.#decisions.get(sessionId);
    if (known !== undefined) return known;
    const decision = isSessionSampled(sessionId, this.rate);
    if (this.#decisions.size >= this.max) this.#decisions.delete(this.#decisions.keys().next().value as string);
    this.#decisions.set(sessionId, decision);
    return decision;
  }
}
