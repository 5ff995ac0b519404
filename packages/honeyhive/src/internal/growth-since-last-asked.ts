/**
 * Whether a running count grew since it was last asked: how a flush answers for losses counted while it was not
 * looking (session writes given up, spans refused after shutdown). Each flush takes the {@link baseline} when it
 * starts and asks once, when it is over: two flushes at once both answer for a loss counted while they waited (the
 * first to finish must not hide it from the other).
 */
export class GrowthSinceLastAsked {
  /** The largest total an ask has seen. */
  #asked = 0;

  /** What a flush starting now compares against: the total the asks before it have seen. */
  baseline(): number {
    return this.#asked;
  }

  /** True when `total` is still `baseline` (by default the last ask's total, 0 before the first); remembers `total`. */
  noneSince(total: number, baseline: number = this.#asked): boolean {
    this.#asked = Math.max(this.#asked, total);
    return total === baseline;
  }
}
