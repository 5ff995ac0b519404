/**
 * Parses a JSON text while leaving out the members a {@link PruneSpec} names, without ever building their values: a
 * large answer's per-item detail is stepped over in its text (brackets and strings matched), so the objects it would
 * become are never allocated. Only the kept parts are parsed (`JSON.parse`, so their syntax is checked); a left-out
 * part is checked only for its brackets and strings being closed.
 */

/** A member left out. */
export const LEFT_OUT = "left out";

/**
 * What to leave out of a JSON value: `LEFT_OUT` for a member dropped whole, an object of member names for an object
 * whose members are pruned in turn (`"[]"`: each element of an array); a value of another shape is kept whole.
 */
export type PruneSpec = typeof LEFT_OUT | { readonly [member: string]: PruneSpec };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string whose opening quote is at `i`. */
function stringEnd(text: string, i: number): number {
  let at = i + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) throw new SyntaxError("unterminated string in JSON");
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** Index just past the JSON value starting at `i` (no leading whitespace). */
function valueEnd(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return stringEnd(text, i);
  if (first !== 0x7b && first !== 0x5b) {
    let j = i;
    while (j < text.length && !/[\s,\]}]/.test(text[j]!)) j++;
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === QUOTE) j = stringEnd(text, j) - 1;
    else if (code === 0x7b || code === 0x5b) depth++;
    else if ((code === 0x7d || code === 0x5d) && --depth === 0) return j + 1;
  }
  throw new SyntaxError("unterminated object or array in JSON");
}

/** Calls `each` with every member (key, value start) of the object at `i`, or every element (`key` undefined) of the array at `i`; returns the index past it. */
function forEachItem(text: string, i: number, each: (key: string | undefined, start: number) => number): number {
  const close = text.charCodeAt(i) === 0x7b ? 0x7d : 0x5d;
  let at = skipSpace(text, i + 1);
  if (text.charCodeAt(at) === close) return at + 1;
  for (;;) {
    let key: string | undefined;
    if (close === 0x7d) {
      const keyEnd = stringEnd(text, at);
      key = JSON.parse(text.slice(at, keyEnd)) as string;
      at = skipSpace(text, keyEnd);
      if (text.charCodeAt(at) !== 0x3a) throw new SyntaxError("expected ':' in JSON");
      at = skipSpace(text, at + 1);
    }
    at = skipSpace(text, each(key, at));
    const code = text.charCodeAt(at);
    if (code === close) return at + 1;
    if (code !== 0x2c) throw new SyntaxError("expected ',' in JSON");
    at = skipSpace(text, at + 1);
  }
}

/** The value at `i` pruned by `spec`, and the index past it. */
function prunedValue(text: string, i: number, spec: PruneSpec | undefined): { value: unknown; end: number } {
  const first = text.charCodeAt(i);
  if (spec === undefined || spec === LEFT_OUT || (first !== 0x7b && first !== 0x5b)) {
    const end = valueEnd(text, i);
    return { value: JSON.parse(text.slice(i, end)), end };
  }
  const isObject = first === 0x7b;
  const out: Record<string, unknown> | unknown[] = isObject ? {} : [];
  const end = forEachItem(text, i, (key, start) => {
    const sub = isObject ? (Object.hasOwn(spec, key!) ? spec[key!] : undefined) : spec["[]"];
    if (sub === LEFT_OUT) return valueEnd(text, start);
    const item = prunedValue(text, start, sub);
    // defined, not assigned: a "__proto__" member is an own member, as JSON.parse makes it
    if (isObject) Object.defineProperty(out, key!, { value: item.value, enumerable: true, writable: true, configurable: true });
    else (out as unknown[]).push(item.value);
    return item.end;
  });
  return { value: out, end };
}

/** `text` parsed without the members `spec` leaves out; throws a SyntaxError when it is not JSON (as `JSON.parse`). */
export function parsePrunedJson(text: string, spec: PruneSpec): unknown {
  const start = skipSpace(text, 0);
  if (start === text.length) throw new SyntaxError("empty JSON text");
  const { value, end } = prunedValue(text, start, spec);
  if (skipSpace(text, end) !== text.length) throw new SyntaxError("unexpected text after JSON");
  return value;
}
