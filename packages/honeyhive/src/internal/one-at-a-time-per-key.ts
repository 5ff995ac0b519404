/**
 * Work on one key run one at a time, in the order it was asked for: each starts once the one before it on the same key
 * has settled (fulfilled or rejected); work on different keys goes side by side. Used where the last writer must be
 * the last caller: updates of one event (`tracer/session-client.ts`: sent side by side, a slow or retried earlier
 * update would land last and its value would stay, while both calls reported success) and pushes of one dataset name
 * (`datasets/push-dataset.ts`: the later push then finds the rows the earlier one wrote). A key is forgotten once its
 * last work settles, so the map holds only keys with work in flight.
 */
export class OneAtATimePerKey {
  /** The last work asked for on each key, while it has not settled. */
  readonly #last = new Map<string, Promise<unknown>>();

  /** Runs `work` once the previous work on `key` has settled (at once when there is none); its promise is `work`'s. */
  after<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#last.get(key);
    const result = previous === undefined ? work() : previous.then(work, work);
    this.#last.set(key, result);
    const forget = (): void => {
      if (this.#last.get(key) === result) this.#last.delete(key);
    };
    result.then(forget, forget);
    return result;
  }
}
