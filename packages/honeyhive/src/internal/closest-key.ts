/**
 * The one "did you mean" rule for unknown option keys (tracer options, evaluate() options, eval files): the
 * valid key closest to a mistyped one, ignoring case, `_` and `-` (so `server_url` and `serverURL` find
 * `serverUrl`), within an edit distance that grows with the key's length.
 */

function normalize(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, "");
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The valid key closest to `key`, or undefined when none is close enough to be a likely typo. */
export function closestKey(key: string, valid: Iterable<string>): string | undefined {
  const wanted = normalize(key);
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of valid) {
    const distance = editDistance(wanted, normalize(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `unknown option "evaluator" (did you mean "evaluators"?)`, naming the closest valid key when there is one. */
export function unknownKeyMessage(key: string, valid: Iterable<string>, what = "option"): string {
  const suggestion = closestKey(key, valid);
  return `unknown ${what} "${key}"${suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`}`;
}
