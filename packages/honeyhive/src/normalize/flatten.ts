/**
 * `flattenInto`: writes an arbitrary value as `prefix.<dotted.path>` OpenTelemetry attributes, the way the
 * HoneyHive Python SDK does (`honeyhive_<namespace>.<path>`), within a {@link NormalizeBudget}.
 */
import type { AttributeValue, Attributes } from "@opentelemetry/api";
import { DEFAULT_NORMALIZE_BUDGET, reportCuts, resolveBudget, type NormalizeBudget } from "./budget";
import { KIND_LEAF, KIND_MAP, KIND_OBJECT, KIND_SKIP, classify, mapKeySegment, newClassified, type Classified } from "./classify";
import { noteInternalError } from "../internal/guard";
import { childNode, indexNode, rootNode, type KeyNode } from "./key-cache";
import { MARKER_MAX_DEPTH, TRUNCATED_KEY, endCutCount, normalizeString, startCutCount, truncateString, unreadableMarker } from "./strings";
import { END, type WalkEntry, type WalkFrame, descend, newWalkEntry, nextEntry, openFrame } from "./walk";

/** Entries (including null ones) one call may examine per allowed attribute, so sparse or null-filled inputs stay bounded. */
const VISITS_PER_ATTRIBUTE = 16;
const MIN_VISITS = 1024;

function setAttribute(out: Attributes, key: string, value: AttributeValue): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function omittedEntries(stack: readonly WalkFrame[]): number {
  let total = 1;
  for (let i = 0; i < stack.length; i++) {
    const f = stack[i]!;
    if (f.n > f.i) total += f.n - f.i;
  }
  return total;
}

/** The key-trie node of the entry just read from `f` (only called for entries that are written). */
function entryNode(f: WalkFrame, entry: WalkEntry): KeyNode {
  if (f.kind === KIND_OBJECT) return childNode(f.node!, entry.key);
  if (f.kind === KIND_MAP) return childNode(f.node!, mapKeySegment(entry.mapKey));
  return indexNode(f.node!, entry.index);
}

/** The key of the `_truncated` count under `prefix`. */
function truncatedKeyOf(prefix: string): string {
  return prefix === "" ? TRUNCATED_KEY : prefix + "." + TRUNCATED_KEY;
}

/**
 * Writes one classified entry at `node`: a leaf as its value, a container pushed on `stack` to be expanded (or,
 * when it cannot be, its marker). Returns the number of attributes written (0 or 1).
 */
function writeEntry(out: Attributes, node: KeyNode, c: Classified, stack: WalkFrame[], depth: number, maxDepth: number, maxStr: number): number {
  if (c.kind === KIND_LEAF) {
    setAttribute(out, node.key, c.value as AttributeValue);
    return 1;
  }
  if (c.kind === KIND_SKIP) return 0;
  const marker = descend(c, stack, depth, maxDepth, node);
  if (marker === undefined) return 0;
  setAttribute(out, node.key, normalizeString(marker, maxStr));
  return 1;
}

/** Expands a root container; returns the number of attributes written (stops quietly if `out` refuses writes). */
function expand(out: Attributes, prefix: string, root: Classified, b: Readonly<NormalizeBudget>): number {
  const truncatedKey = truncatedKeyOf(prefix);
  const maxAttributes = b.maxAttributes;
  const maxDepth = b.maxDepth;
  const maxStr = b.maxStringBytes;
  const maxVisits = Math.min(maxAttributes * VISITS_PER_ATTRIBUTE + MIN_VISITS, Number.MAX_SAFE_INTEGER);
  let written = 0;
  try {
    if (maxDepth <= 0) {
      setAttribute(out, prefix, truncateString(MARKER_MAX_DEPTH, maxStr));
      return 1;
    }
    const stack: WalkFrame[] = [];
    try {
      stack.push(openFrame(root, 0, rootNode(prefix)));
    } catch (error) {
      setAttribute(out, prefix, normalizeString(unreadableMarker(error), maxStr));
      return 1;
    }
    const c = root;
    const entry = newWalkEntry();
    let visits = 0;
    while (stack.length > 0) {
      const f = stack[stack.length - 1]!;
      const child = nextEntry(f, entry);
      if (child === END) {
        stack.pop();
        continue;
      }
      if (child === null || child === undefined) {
        if (++visits > maxVisits) break;
        continue;
      }
      const node = entryNode(f, entry);
      if (written >= maxAttributes || ++visits > maxVisits) {
        setAttribute(out, truncatedKey, omittedEntries(stack));
        return written + 1;
      }
      classify(child, c, maxStr);
      written += writeEntry(out, node, c, stack, f.depth, maxDepth, maxStr);
    }
    if (stack.length > 0) {
      setAttribute(out, truncatedKey, omittedEntries(stack));
      written++;
    }
    return written;
  } catch (error) {
    noteInternalError(error); // `out` refused a write (frozen, Proxy): keep what was written
    return written;
  }
}

function safePrefix(prefix: unknown): string {
  try {
    return String(prefix);
  } catch {
    return "";
  }
}

/**
 * Writes `value` into `out` as OpenTelemetry attributes under `prefix` and returns how many attributes were
 * written (writes to a colliding path, e.g. `{ "a.b": 1, a: { b: 2 } }` or Map keys `1` and `"1"`, overwrite
 * the earlier value and each count). Never throws.
 *
 * - A primitive (or a value that normalises to one: Date, Error, function, …) is written at `prefix` itself.
 * - Plain objects, class instances (own enumerable string keys), Maps (stringified keys) are flattened with
 *   "."; arrays and Sets by index: `{ items: [{ name: "a" }] }` → `prefix.items.0.name = "a"`.
 * - `null` / `undefined` are skipped at every depth; empty objects and arrays write nothing. An object with a
 *   `toJSON` method is replaced by its result, as `JSON.stringify` does (Dates are written as ISO strings).
 * - Key segments are used as-is: a key that itself contains "." (`{ "a.b": 1 }`) yields `prefix.a.b`, which
 *   reads back as nested. Keys longer than 1024 code units are truncated; lone surrogates become U+FFFD.
 * - Beyond `maxAttributes` leaves, one more attribute `prefix._truncated` holds the number of entries not
 *   written (a skipped nested container counts once). Containers deeper than `maxDepth` segments become
 *   `"[MaxDepth]"`, cycles `"[Circular]"`, unreadable fields `"[Unreadable: <message>]"`.
 * - With an empty `prefix`, keys start at the first segment (`a.b`) and a primitive is written at key `""`.
 * - Strings over `maxStringBytes` UTF-8 bytes are cut (`…[truncated N bytes]`); the number of values cut goes to
 *   the budget's `onCut`.
 */
export function flattenInto(
  out: Attributes,
  prefix: string,
  value: unknown,
  budget?: Partial<NormalizeBudget>,
): number {
  const b = budget === undefined ? DEFAULT_NORMALIZE_BUDGET : resolveBudget(budget);
  const outer = startCutCount();
  let written: number;
  try {
    written = flattenCounted(out, prefix, value, b);
  } finally {
    reportCuts(b, endCutCount(outer));
  }
  return written;
}

function flattenCounted(out: Attributes, prefix: string, value: unknown, b: Readonly<NormalizeBudget>): number {
  const c = newClassified();
  classify(value, c, b.maxStringBytes);
  if (c.kind === KIND_SKIP) return 0;
  if (typeof prefix !== "string") prefix = safePrefix(prefix);
  try {
    if (b.maxAttributes < 1) {
      setAttribute(out, truncatedKeyOf(prefix), 1);
      return 1;
    }
    if (c.kind === KIND_LEAF) {
      setAttribute(out, prefix, c.value as AttributeValue);
      return 1;
    }
  } catch {
    return 0;
  }
  return expand(out, prefix, c, b);
}
