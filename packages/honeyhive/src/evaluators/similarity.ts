import { levenshteinDistance } from "@honeyhive/core/text/levenshtein";
import { asText, named } from "./fields";
import { type Score, type Scorer, type ScorerOptions, resolveScorerOptions } from "./score";
import { READY_METRIC_NAMES } from "./metric-names";

/** Options of {@link levenshtein}. */
export interface LevenshteinOptions extends ScorerOptions {
  /** Longer texts are an error (the distance costs length × length). @defaultValue 5000 characters */
  maxLength?: number;
}

/** `1 - distance / longer length`, in [0, 1]; 1 for two empty strings. Symmetric. */
export function levenshteinSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - levenshteinDistance(a, b) / longer;
}

function checkLength(value: unknown, where: string, fallback: number): number {
  const n = value ?? fallback;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new TypeError(`${where}: maxLength must be a non-negative integer`);
  return n;
}

/** `levenshtein`: {@link levenshteinSimilarity} of the output and expected texts (a number in [0, 1]). */
export function levenshtein(options?: LevenshteinOptions): Scorer {
  const o = resolveScorerOptions(options, "levenshtein", READY_METRIC_NAMES.levenshtein, ["maxLength"]);
  const maxLength = checkLength(options?.maxLength, "levenshtein", 5_000);
  return named((...args: [unknown, unknown, unknown]): Score => {
    const a = asText(o.output(args));
    const b = asText(o.expected(args));
    const longer = Math.max(a.length, b.length);
    if (longer > maxLength) throw new RangeError(`levenshtein: a text has ${longer} characters, over maxLength ${maxLength}`);
    return { score: levenshteinSimilarity(a, b) };
  }, o.name);
}

/** Options of {@link numericCloseness}. */
export interface NumericClosenessOptions extends ScorerOptions {
  /** Differences up to this (absolute) score 1. @defaultValue 0 */
  tolerance?: number;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isNaN(value) ? undefined : value;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value.trim().replace(/,/g, ""));
    return Number.isNaN(n) ? undefined : n;
  }
  return undefined;
}

/**
 * Closeness of two numbers in [0, 1]: 1 when `|a - b| <= tolerance`, else `1 - |a - b| / max(|a|, |b|)`
 * floored at 0. Symmetric; infinities are close only to themselves.
 */
export function numericClosenessOf(a: number, b: number, tolerance = 0): number {
  if (a === b) return 1;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return 0;
  const difference = Math.abs(a - b);
  if (difference <= tolerance) return 1;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return Math.max(0, Math.min(1, 1 - difference / scale));
}

/** `numeric_closeness`: {@link numericClosenessOf} output and expected (numbers or numeric strings; anything else scores 0). */
export function numericCloseness(options?: NumericClosenessOptions): Scorer {
  const o = resolveScorerOptions(options, "numericCloseness", READY_METRIC_NAMES.numericCloseness, ["tolerance"]);
  const tolerance = options?.tolerance ?? 0;
  if (typeof tolerance !== "number" || !(tolerance >= 0)) throw new TypeError("numericCloseness: tolerance must be a number >= 0");
  return named((...args: [unknown, unknown, unknown]): Score => {
    const a = toNumber(o.output(args));
    const b = toNumber(o.expected(args));
    if (a === undefined || b === undefined) return { score: 0, explanation: `${a === undefined ? "output" : "expected value"} is not a number` };
    return { score: numericClosenessOf(a, b, tolerance) };
  }, o.name);
}

/**
 * Cosine similarity of two vectors, in [-1, 1]. Throws a `RangeError` for vectors of different or zero length,
 * non-finite entries, or a zero vector (whose direction is undefined).
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`cosineSimilarity: vectors must have the same non-zero length (got ${a.length} and ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`cosineSimilarity: entry ${i} is not a finite number`);
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) throw new RangeError("cosineSimilarity: a zero vector has no direction");
  return Math.max(-1, Math.min(1, dot / (Math.sqrt(na) * Math.sqrt(nb))));
}

/** Options of {@link embeddingSimilarity}. */
export interface EmbeddingSimilarityOptions extends ScorerOptions {
  /** Your embedding function, e.g. `(text) => openai.embeddings.create(...).then((r) => r.data[0].embedding)`. */
  embed: (text: string) => ArrayLike<number> | Promise<ArrayLike<number>>;
}

/** `embedding_similarity`: {@link cosineSimilarity} of the embeddings of the output and expected texts. */
export function embeddingSimilarity(options: EmbeddingSimilarityOptions): Scorer {
  const o = resolveScorerOptions(options, "embeddingSimilarity", READY_METRIC_NAMES.embeddingSimilarity, ["embed"]);
  const embed = options?.embed;
  if (typeof embed !== "function") throw new TypeError("embeddingSimilarity: embed must be a function (text) => number[] | Promise<number[]>");
  return named(async (...args: [unknown, unknown, unknown]): Promise<Score> => {
    const [a, b] = await Promise.all([embed(asText(o.output(args))), embed(asText(o.expected(args)))]);
    if (!a || !b || typeof a.length !== "number" || typeof b.length !== "number") throw new TypeError("embeddingSimilarity: embed must return an array of numbers");
    return { score: cosineSimilarity(a, b) };
  }, o.name);
}
