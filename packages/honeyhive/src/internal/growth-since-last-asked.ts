/**
 * Whether a running count grew since it was last asked: how a flush answers for losses counted while it was not
 * looking (session writes given up, spans refused after shutdown). Each flush asks once, when it is over.
 */
export class GrowthSinceLastAsked {
  /** The total at the previous ask. */
  #asked = 0;

  /** True when `total` is what it was at the previous call (0 before the first); remembers `total`. */
  noneSince(total: number): boolean {
    const none = total === this.#asked;
    this.#asked = total;
    return none;
  }
}
