/**
 * Base64 payloads inside a string (a data URI, a JSON document holding one, or bare base64), found by one linear
 * scan over character codes: no regular expression runs over megabytes, and nothing is decoded here.
 */

/** One base64 run: `[start, end)` are its base64 characters; `from` includes a `data:<type>;base64,` prefix. */
export interface Base64Run {
  /** Where the replaced text starts: the `data:` of a data URI, else `start`. */
  readonly from: number;
  readonly start: number;
  readonly end: number;
  /** The type a data URI's prefix claims (lowercase), when it has one. */
  readonly claimedMime?: string;
}

/** 1 for the characters of standard and URL-safe base64 and `=`, 0 for every other code below 128. */
const BASE64 = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=") BASE64[c.charCodeAt(0)] = 1;

/** Longest data-URI prefix read back from a run (`data:` + a MIME type + parameters + `;base64,`). */
const MAX_PREFIX = 200;
const DATA = "data:";
const MARK = ";base64,";

/** The claimed type and start of a data-URI prefix that ends right before `start`, if one does. */
function dataPrefix(value: string, start: number): { from: number; claimedMime: string } | undefined {
  if (start < MARK.length + DATA.length || value.slice(start - MARK.length, start) !== MARK) return undefined;
  const floor = Math.max(0, start - MAX_PREFIX);
  const from = value.lastIndexOf(DATA, start - MARK.length);
  if (from < floor) return undefined;
  const params = value.slice(from + DATA.length, start - MARK.length);
  const claimedMime = (params.split(";")[0] ?? "").trim().toLowerCase();
  return { from, claimedMime };
}

/**
 * The base64 runs of at least `minChars` characters in `value[from, to)`, in order. A run ends at the first character
 * that is not base64 (a quote, a space, an escape). `minChars` should be large (kilobytes): shorter runs (ids,
 * tokens, words) are never payloads worth extracting.
 */
export function findBase64Runs(value: string, minChars: number, from = 0, to = value.length): Base64Run[] {
  const runs: Base64Run[] = [];
  const limit = Math.max(1, minChars);
  let i = from;
  while (i < to) {
    // skip ahead in steps of `limit`: a run of `limit` characters covers every `limit`-th position
    const probe = i + limit - 1;
    if (probe >= to) break;
    const code = value.charCodeAt(probe);
    if (code >= 128 || BASE64[code] === 0) {
      i = probe + 1;
      continue;
    }
    let start = probe;
    while (start > i) {
      const c = value.charCodeAt(start - 1);
      if (c >= 128 || BASE64[c] === 0) break;
      start--;
    }
    let end = probe + 1;
    while (end < to) {
      const c = value.charCodeAt(end);
      if (c >= 128 || BASE64[c] === 0) break;
      end++;
    }
    if (end - start >= limit) {
      const prefix = dataPrefix(value, start);
      runs.push(prefix ? { from: prefix.from, start, end, claimedMime: prefix.claimedMime } : { from: start, start, end });
    }
    i = end + 1;
  }
  return runs;
}

/** True when `value` may hold a base64 run of `minChars` characters: cheap (length only), for the hot path. */
export function mayHoldBase64(value: unknown, minChars: number): value is string {
  return typeof value === "string" && value.length >= minChars;
}
