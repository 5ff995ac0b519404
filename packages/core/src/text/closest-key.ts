/**
 * "Did you mean …?" for option keys: the one definition used wherever unknown keys are rejected (tracer options,
 * evaluate() options, eval-file exports, evaluators). Keys are compared ignoring case, `_` and `-` (so `server_url`
 * and `serverURL` find `serverUrl`). Pure.
 */

function normalize(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, "");
}

/** Edit distance counting insertions, deletions, substitutions and swaps of adjacent characters. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) rows.push([i]);
  for (let j = 1; j <= b.length; j += 1) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Options of {@link closestKey}. */
export interface ClosestKeyOptions {
  /**
   * Also accept a key containing the other (`evaluator` in `evaluators`) or a typo of another's start (`treshold` of
   * `thresholdBytes`). Off where unknown keys are legitimate data
   * (enrichment extra keys: `model_config` is metadata, not a typo of `config`). @defaultValue true
   */
  containment?: boolean;
}

/**
 * Whether `wanted` is a typo of the start of `other` (`treshold` of `thresholdBytes`, `sampleRat` of `sampleRate`): its
 * edit distance to `other`'s first characters (as many as `wanted` has, one more or one fewer) is within a third of
 * its length. Only for keys of 4 characters or more: a shorter one starts too many names.
 */
function typoOfPrefix(wanted: string, other: string): boolean {
  if (wanted.length < 4 || other.length <= wanted.length) return false;
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  for (let length = wanted.length - 1; length <= wanted.length + 1; length += 1) {
    if (editDistance(wanted, other.slice(0, length)) <= limit) return true;
  }
  return false;
}

/**
 * The valid key closest to `key` (normalised edit distance, at most a third of the longer name and at least 1,
 * or one key containing the other, or a typo of another's start), or undefined when none is close enough to be a
 * likely typo.
 */
export function closestKey(key: string, validKeys: Iterable<string>, options: ClosestKeyOptions = {}): string | undefined {
  const containment = options.containment !== false;
  const wanted = normalize(key);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of validKeys) {
    const other = normalize(candidate);
    const distance = editDistance(wanted, other);
    const limit = Math.max(1, Math.floor(Math.max(wanted.length, other.length) / 3));
    const contained = containment && wanted.length >= 3 && (other.includes(wanted) || wanted.includes(other) || typoOfPrefix(wanted, other));
    if ((distance <= limit || contained) && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The own enumerable string keys of `object` that are not in `validKeys`, in their order. */
export function unknownKeys(object: object, validKeys: readonly string[]): string[] {
  const valid = new Set(validKeys);
  return Object.keys(object).filter((key) => !valid.has(key));
}

/** `unknown option "evaluator" (did you mean "evaluators"?)`, or `unknown option "x" (valid options: a, b, …)`. */
export function unknownKeyMessage(key: string, validKeys: Iterable<string>, what = "option"): string {
  const valid = [...validKeys];
  const closest = closestKey(key, valid);
  const printable = JSON.stringify(key);
  if (closest !== undefined) return `unknown ${what} ${printable} (did you mean "${closest}"?)`;
  return `unknown ${what} ${printable} (valid ${what}s: ${valid.join(", ")})`;
}
