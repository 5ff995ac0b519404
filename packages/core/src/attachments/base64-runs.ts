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
  /** The file name a data URI's `name=` parameter gives (percent-decoded), when it has one. */
  readonly name?: string;
}

/** 1 for the characters of standard and URL-safe base64 and `=`, 0 for every other code below 128. */
const BASE64 = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=") BASE64[c.charCodeAt(0)] = 1;

/** Longest data-URI prefix read back from a run (`data:` + a MIME type + parameters + `;base64,`). */
const MAX_PREFIX = 200;
const DATA = "data:";
const MARK = ";base64,";

function decodeName(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** The claimed type and start of a data-URI prefix that ends right before `start`, if one does. */
function dataPrefix(value: string, start: number): { from: number; claimedMime: string; name?: string } | undefined {
  if (start < MARK.length + DATA.length || value.slice(start - MARK.length, start) !== MARK) return undefined;
  const floor = Math.max(0, start - MAX_PREFIX);
  const from = value.lastIndexOf(DATA, start - MARK.length);
  if (from < floor) return undefined;
  const params = value.slice(from + DATA.length, start - MARK.length);
  const [type = "", ...rest] = params.split(";");
  const claimedMime = type.trim().toLowerCase();
  const named = rest.find((p) => p.startsWith("name="));
  return named === undefined ? { from, claimedMime } : { from, claimedMime, name: decodeName(named.slice(5)) };
}

function isBase64(code: number): boolean {
  return code < 128 && BASE64[code] === 1;
}

/**
 * A resumable scan for the base64 runs of at least `minChars` characters in `value[from, to)` (a run without a
 * data-URI prefix must look encoded: at least 20 distinct characters among its first 256): {@link advance} reads
 * about as many characters as it is given, so a caller can spread a long value over turns of the event loop. A run
 * ends at the first character that is not base64 (a quote, a space, an escape). `minChars` should be large
 * (kilobytes): shorter runs (ids, tokens, words) are never payloads worth extracting.
 */
export class Base64RunScanner {
  /** The runs found so far, in order. */
  readonly runs: Base64Run[] = [];
  readonly #value: string;
  readonly #limit: number;
  readonly #to: number;
  #at: number;
  /** The run being walked forward: its start, while its end is not found yet. */
  #walking: number | undefined;

  constructor(value: string, minChars: number, from = 0, to = value.length) {
    this.#value = value;
    this.#limit = Math.max(1, minChars);
    this.#at = from;
    this.#to = to;
  }

  /** Reads about `budget` characters; true once the scan is complete. */
  advance(budget: number): boolean {
    const value = this.#value;
    const stop = Math.min(this.#to, this.#at + Math.max(1, budget));
    while (this.#at < stop) {
      if (this.#walking !== undefined) {
        let end = this.#at;
        while (end < stop && isBase64(value.charCodeAt(end))) end++;
        this.#at = end;
        if (end === stop && end < this.#to) return false; // the run goes on past this budget
        this.#found(this.#walking, end);
        this.#walking = undefined;
        this.#at = end + 1;
        continue;
      }
      // skip ahead in steps of the minimum: a run of that length covers every such position
      const probe = this.#at + this.#limit - 1;
      if (probe >= this.#to) {
        this.#at = this.#to;
        break;
      }
      if (!isBase64(value.charCodeAt(probe))) {
        this.#at = probe + 1;
        continue;
      }
      let start = probe;
      while (start > this.#at && isBase64(value.charCodeAt(start - 1))) start--;
      this.#walking = start;
      this.#at = probe + 1;
    }
    if (this.#at < this.#to) return false;
    if (this.#walking !== undefined) this.#found(this.#walking, this.#to);
    this.#walking = undefined;
    return true;
  }

  #found(start: number, end: number): void {
    if (end - start < this.#limit) return;
    const prefix = dataPrefix(this.#value, start);
    if (!prefix && !variedBase64(this.#value, start)) return; // "aaaa...", a long hex id: text, not encoded bytes
    this.runs.push(prefix ? { ...prefix, start, end } : { from: start, start, end });
  }
}

/**
 * The data-URI parameter `attachment()` writes (`data:<type>[;name=<name>];hh-attachment=1;base64,…`): the value was
 * made to be stored, so its payload is extracted whatever its size, not only from the threshold up.
 */
export const EXPLICIT_ATTACHMENT_PARAM = "hh-attachment=1";

/** What precedes an explicit attachment's base64 (`attachment()` writes the parameter last). */
export const EXPLICIT_ATTACHMENT_MARK = `;${EXPLICIT_ATTACHMENT_PARAM}${MARK}`;

/** The runs of the explicit attachments (see {@link EXPLICIT_ATTACHMENT_PARAM}) in `value`, of any length, in order. */
export function findExplicitRuns(value: string): Base64Run[] {
  const runs: Base64Run[] = [];
  for (let at = value.indexOf(EXPLICIT_ATTACHMENT_MARK); at >= 0; at = value.indexOf(EXPLICIT_ATTACHMENT_MARK, at + 1)) {
    const start = at + EXPLICIT_ATTACHMENT_MARK.length;
    const prefix = dataPrefix(value, start);
    let end = start;
    while (end < value.length && isBase64(value.charCodeAt(end))) end++;
    if (prefix !== undefined && end > start) runs.push({ ...prefix, start, end });
  }
  return runs;
}

/** The base64 runs of at least `minChars` characters in `value[from, to)`, in order (one synchronous {@link Base64RunScanner} pass). */
export function findBase64Runs(value: string, minChars: number, from = 0, to = value.length): Base64Run[] {
  const scanner = new Base64RunScanner(value, minChars, from, to);
  scanner.advance(Number.MAX_SAFE_INTEGER);
  return scanner.runs;
}

/** Leading characters {@link looksLikePayload} reads. */
const PAYLOAD_PROBE_CHARS = 256;

/**
 * True when `value` is, by its first characters only, a data URI with base64 content or bare base64: a payload the
 * attachment stage extracts, which a size rule applied earlier must leave whole. Reads at most 256 characters.
 */
export function looksLikePayload(value: string): boolean {
  if (value.startsWith(DATA)) {
    const mark = value.indexOf(MARK);
    return mark > 0 && mark < MAX_PREFIX;
  }
  return value.length >= PAYLOAD_PROBE_CHARS && variedBase64(value, 0);
}

/** Distinct characters the first 256 of a bare run must have: encoded bytes do, a run of one letter does not. */
const MIN_DISTINCT = 20;

/** True when the 256 characters from `start` are base64 with at least 20 distinct characters. */
function variedBase64(value: string, start: number): boolean {
  const seen = new Uint8Array(128);
  let distinct = 0;
  const end = Math.min(value.length, start + PAYLOAD_PROBE_CHARS);
  for (let i = start; i < end; i++) {
    const code = value.charCodeAt(i);
    if (!isBase64(code)) return false;
    if (seen[code] === 0) {
      seen[code] = 1;
      distinct++;
    }
  }
  return distinct >= MIN_DISTINCT;
}
