/**
 * Total readers for untrusted attribute values: each returns the value in the asked type or undefined, never
 * throws, and reads own properties only.
 */
import { count } from "../../values/count";
import { RememberedAnswers } from "../../values/remembered-answers";

/** An attribute or property, own only. */
export function own(source: unknown, key: string): unknown {
  if (typeof source !== "object" || source === null) return undefined;
  return Object.prototype.hasOwnProperty.call(source, key) ? (source as Record<string, unknown>)[key] : undefined;
}

/** A non-empty trimmed string. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** A finite, non-negative number (numeric strings and bigints count): the one parser, `values/count.ts`. */
export { count };

/** A plain object (not an array). */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A JSON string parsed (a non-string is returned as it is; malformed JSON gives undefined). */
export function json(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** A value as display text: strings as they are, anything else as JSON. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return String(value);
  }
}

/** The first of `keys` whose attribute is a non-empty string. */
export function firstText(attributes: Readonly<Record<string, unknown>>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = text(own(attributes, key));
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The first of `keys` whose attribute is a count. */
export function firstCount(attributes: Readonly<Record<string, unknown>>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = count(own(attributes, key));
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * A fixed list of attribute-key prefixes (one dialect's), asked whether a span has a key starting with one of them.
 * It runs per span per dialect over every key, and spans repeat the same keys: each key's answer is remembered.
 */
export class KeyPrefixes {
  private readonly answers: RememberedAnswers<boolean>;

  /** `except`: exact keys that never match, though they start with a prefix. */
  constructor(prefixes: readonly string[], except: ReadonlySet<string> = new Set()) {
    this.answers = new RememberedAnswers((key) => !except.has(key) && prefixes.some((prefix) => key.startsWith(prefix)));
  }

  /** True when `key` starts with one of the prefixes. */
  matches(key: string): boolean {
    return this.answers.get(key);
  }

  /** True when some attribute key (own) starts with one of the prefixes. Allocates nothing. */
  inAttributes(attributes: Readonly<Record<string, unknown>>): boolean {
    for (const key in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, key) && this.matches(key)) return true;
    }
    return false;
  }
}

/** Per token field of `table` (field → attribute keys, first wins), the count read, or null. */
export function tokenCounts(attributes: Readonly<Record<string, unknown>>, table: Readonly<Record<string, readonly string[]>>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const field in table) out[field] = firstCount(attributes, table[field]!) ?? null;
  return out;
}
