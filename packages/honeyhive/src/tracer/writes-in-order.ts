/**
 * Writes to one event, sent in the order they were made: each starts once the one before it to the same event has
 * settled. Merged writes of one key (`enrichSession({ outputs })` called twice without awaiting, a thumb flipped up
 * then down) must land in call order: sent side by side, a slow or retried earlier write would land last and its value
 * would stay, while both calls reported success. Writes to different events still go side by side.
 */
export class WritesInOrder {
  /** The last write made to each event, while it has not settled. */
  readonly #last = new Map<string, Promise<unknown>>();

  /** Runs `write` once the previous write to `eventId` has settled (at once when there is none). */
  after<T>(eventId: string, write: () => Promise<T>): Promise<T> {
    const previous = this.#last.get(eventId);
    const result = previous === undefined ? write() : previous.then(write, write);
    this.#last.set(eventId, result);
    const forget = (): void => {
      if (this.#last.get(eventId) === result) this.#last.delete(eventId);
    };
    result.then(forget, forget);
    return result;
  }
}
