import { stableJson } from "@honeyhive/core/values/stable-json";
import { asText, named } from "./fields";
import { type Score, type Scorer, type ScorerOptions, excerpt, resolveScorerOptions } from "./score";
import { READY_METRIC_NAMES } from "./metric-names";

/** The JSON text (sorted keys) `exact_match` compares `value` by, or why it has none (`what`: "the output", …). */
function comparedText(value: unknown, what: string): { text: string } | { why: string } {
  switch (typeof value) {
    case "undefined":
    case "function":
    case "symbol":
      return { why: `${what} is ${typeof value === "undefined" ? "undefined" : `a ${typeof value}`} (no JSON value)` };
    case "bigint":
      return { why: `${what} is a BigInt (no JSON value)` };
    default: {
      const text = stableJson(value, undefined, true);
      return text === undefined ? { why: `${what} holds a cycle, a BigInt, NaN or Infinity (no JSON value)` } : { text };
    }
  }
}

/**
 * `exact_match`: true when the output equals the expected value — strings exactly, numbers by value (NaN equals NaN,
 * 0 equals −0), other values by their JSON with sorted keys (so key order does not matter). A value JSON cannot hold
 * (undefined, a function, a cycle, a BigInt, NaN or Infinity inside an object) never matches, and the explanation
 * says which side it is.
 *
 * @example evaluate({ ..., evaluators: [exactMatch()] })
 */
export function exactMatch(options?: ScorerOptions): Scorer {
  const o = resolveScorerOptions(options, "exactMatch", READY_METRIC_NAMES.exactMatch);
  return named((...args: [unknown, unknown, unknown]): Score => {
    const output = o.output(args);
    const expected = o.expected(args);
    if (typeof output === "string" && typeof expected === "string") return { score: output === expected };
    if (typeof output === "number" && typeof expected === "number") return { score: output === expected || (Number.isNaN(output) && Number.isNaN(expected)) };
    const a = comparedText(output, "the output");
    if ("why" in a) return { score: false, explanation: a.why };
    const b = comparedText(expected, "the expected value");
    if ("why" in b) return { score: false, explanation: b.why };
    return { score: a.text === b.text };
  }, o.name);
}

/**
 * The normalisation of {@link normalizedMatch}: Unicode NFKC, lower case, punctuation removed, runs of white
 * space collapsed to one space, trimmed, then NFKC once more. Idempotent: removing a symbol can leave combining marks
 * out of canonical order (U+0385 U+1D15E), so the result is normalised again after the removals.
 */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[\p{P}\p{S}]+/gu, "").replace(/\s+/gu, " ").trim().normalize("NFKC");
}

/** Options of {@link normalizedMatch}. */
export interface NormalizedMatchOptions extends ScorerOptions {
  /** Replaces {@link normalizeText}. */
  normalize?: (text: string) => string;
}

/** `normalized_match`: true when both sides are equal after {@link normalizeText} (non-strings compared as JSON text). */
export function normalizedMatch(options?: NormalizedMatchOptions): Scorer {
  const o = resolveScorerOptions(options, "normalizedMatch", READY_METRIC_NAMES.normalizedMatch, ["normalize"]);
  const normalize = options?.normalize ?? normalizeText;
  if (typeof normalize !== "function") throw new TypeError("normalizedMatch: normalize must be a function (text) => string");
  return named((...args: [unknown, unknown, unknown]): Score => {
    const a = normalize(asText(o.output(args)));
    const b = normalize(asText(o.expected(args)));
    return a === b ? { score: true } : { score: false, explanation: `${excerpt(a)} != ${excerpt(b)} after normalisation` };
  }, o.name);
}

/** Options of {@link includes}. */
export interface IncludesOptions extends ScorerOptions {
  /** @defaultValue false (case-insensitive) */
  caseSensitive?: boolean;
  /** With several needles: true requires all of them, false any one. @defaultValue true */
  all?: boolean;
}

/** The needles given to {@link includes} as strings (finite numbers as their text); throws for anything else. */
function needleTexts(needles: unknown): string[] | undefined {
  if (needles === undefined) return undefined;
  const list: unknown[] = Array.isArray(needles) ? [...(needles as unknown[])] : [needles];
  const usable = (n: unknown) => typeof n === "string" || (typeof n === "number" && Number.isFinite(n));
  if (!list.every(usable)) throw new TypeError("includes: needles must be strings or finite numbers (one, or an array of them)");
  return list.map(String);
}

/**
 * `includes`: true when the output text contains the needle(s) — the given ones (strings, or numbers as their text),
 * or else the expected value (a string or an array of strings). Nothing to look for (no needles and an empty
 * expected value) is an error when the scorer runs: an evaluator error for that datapoint.
 */
export function includes(needles?: string | number | readonly (string | number)[], options?: IncludesOptions): Scorer {
  const o = resolveScorerOptions(options, "includes", READY_METRIC_NAMES.includes, ["caseSensitive", "all"]);
  const fixed = needleTexts(needles);
  const fold = options?.caseSensitive === true ? (s: string) => s : (s: string) => s.toLowerCase();
  const all = options?.all !== false;
  return named((...args: [unknown, unknown, unknown]): Score => {
    const expected = fixed ?? o.expected(args);
    const list = Array.isArray(expected) ? expected.map(asText) : [asText(expected)];
    if (list.length === 0 || list.every((n) => n === "")) throw new TypeError("includes: nothing to look for (no needles and an empty expected value)");
    const text = fold(asText(o.output(args)));
    const missing = list.filter((n) => !text.includes(fold(n)));
    const score = all ? missing.length === 0 : missing.length < list.length;
    return score ? { score } : { score, explanation: `missing ${missing.map((n) => excerpt(n, 40)).join(", ")}` };
  }, o.name);
}

/** Options of {@link regexMatch}. */
export interface RegexMatchOptions extends Omit<ScorerOptions, "expected"> {
  /** Longer outputs are an error (a bound on backtracking patterns). @defaultValue 100000 characters */
  maxLength?: number;
}

/**
 * `regex_match`: true when the pattern matches the output text. `g`/`y` flags are ignored (no `lastIndex`
 * state between datapoints). An output over `maxLength` characters is an error.
 */
export function regexMatch(pattern: RegExp | string, options?: RegexMatchOptions): Scorer {
  const o = resolveScorerOptions(options, "regexMatch", READY_METRIC_NAMES.regexMatch, ["maxLength"]);
  if (!(pattern instanceof RegExp) && typeof pattern !== "string") throw new TypeError("regexMatch: pattern must be a RegExp or a string");
  const regex = pattern instanceof RegExp ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "")) : new RegExp(pattern);
  const maxLength = options?.maxLength ?? 100_000;
  if (!Number.isInteger(maxLength) || maxLength < 0) throw new TypeError("regexMatch: maxLength must be a non-negative integer");
  return named((...args: [unknown, unknown, unknown]): Score => {
    const text = asText(o.output(args));
    if (text.length > maxLength) throw new RangeError(`regexMatch: output has ${text.length} characters, over maxLength ${maxLength}`);
    const score = regex.test(text);
    return score ? { score } : { score, explanation: `${String(regex)} does not match ${excerpt(text)}` };
  }, o.name);
}
