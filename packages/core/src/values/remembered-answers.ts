/**
 * The answers of a pure function of a string key, remembered: for rules asked about the same few dozen keys over and
 * over (an exporter sends the same attribute keys on every span). Bounded, so that hostile input cannot grow it: past
 * `maxKeys` distinct keys the memory starts over, and a key longer than `maxKeyLength` is answered each time without
 * being kept.
 */
export class RememberedAnswers<V> {
  readonly #answers = new Map<string, V>();

  /**
   * @param answer - the rule (pure: the same key always gets the same answer).
   * @param maxKeys - keys remembered at most before the memory starts over.
   * @param maxKeyLength - longest key remembered.
   */
  constructor(
    private readonly answer: (key: string) => V,
    private readonly maxKeys = 4096,
    private readonly maxKeyLength = 128,
  ) {}

  /** The rule's answer for `key`. */
  get(key: string): V {
    let answer = this.#answers.get(key);
    if (answer === undefined) {
      answer = this.answer(key);
      if (key.length > this.maxKeyLength) return answer;
      if (this.#answers.size >= this.maxKeys) this.#answers.clear();
      this.#answers.set(key, answer);
    }
    return answer;
  }
}
