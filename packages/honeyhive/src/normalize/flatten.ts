/**
 * `flattenInto`: writes an arbitrary value as `prefix.<dotted.path>` OpenTelemetry attributes, the way the
 * HoneyHive Python SDK does (`honeyhive_<namespace>.<path>`), within a {@link NormalizeBudget}.
 */
import type { AttributeValue, Attributes } from "@opentelemetry/api";
import { DEFAULT_NORMALIZE_BUDGET, resolveBudget, type NormalizeBudget } from "./budget";
import {
  KIND_ARRAY,
  KIND_LEAF,
  KIND_MAP,
  KIND_OBJECT,
  KIND_SKIP,
  classify,
  containerIterator,
  containerSize,
  isAncestor,
  mapKeySegment,
  newClassified,
  type Classified,
} from "./classify";
import { childNode, indexNode, rootNode, type KeyNode } from "./key-cache";
import {
  MARKER_CIRCULAR,
  MARKER_MAX_DEPTH,
  TRUNCATED_KEY,
  normalizeString,
  truncateString,
  unreadableMarker,
} from "./strings";

/** Entries (including null ones) one call may examine per allowed attribute, so sparse or null-filled inputs stay bounded. */
const VISITS_PER_ATTRIBUTE = 16;
const MIN_VISITS = 1024;

/** One container being expanded. */
interface Frame {
  readonly kind: number;
  readonly source: object;
  readonly obj: object;
  readonly keys: string[] | undefined;
  readonly iter: Iterator<unknown> | undefined;
  /** Entries consumed so far. */
  i: number;
  /** Entries at opening time. */
  readonly n: number;
  /** Path of this container (cached key trie node). */
  readonly node: KeyNode;
  /** Path segments between the prefix and this container. */
  readonly depth: number;
}

function openFrame(c: Classified, node: KeyNode, depth: number): Frame {
  const obj = c.value as object;
  const kind = c.kind;
  let keys: string[] | undefined;
  let iter: Iterator<unknown> | undefined;
  let n: number;
  if (kind === KIND_OBJECT) {
    keys = Object.keys(obj);
    n = keys.length;
  } else {
    n = containerSize(kind, obj);
    if (kind !== KIND_ARRAY) iter = containerIterator(kind, obj);
  }
  return { kind, source: c.source ?? obj, obj, keys, iter, i: 0, n, node, depth };
}

function setAttribute(out: Attributes, key: string, value: AttributeValue): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function omittedEntries(stack: readonly Frame[]): number {
  let total = 1;
  for (let i = 0; i < stack.length; i++) {
    const f = stack[i]!;
    if (f.n > f.i) total += f.n - f.i;
  }
  return total;
}

/** Expands a root container; returns the number of attributes written (stops quietly if `out` refuses writes). */
function expand(out: Attributes, prefix: string, root: Classified, b: Readonly<NormalizeBudget>): number {
  const truncatedKey = prefix === "" ? TRUNCATED_KEY : prefix + "." + TRUNCATED_KEY;
  const maxAttributes = b.maxAttributes;
  const maxDepth = b.maxDepth;
  const maxStr = b.maxStringLength;
  const maxVisits = Math.min(maxAttributes * VISITS_PER_ATTRIBUTE + MIN_VISITS, Number.MAX_SAFE_INTEGER);
  let written = 0;
  try {
    if (maxDepth <= 0) {
      setAttribute(out, prefix, truncateString(MARKER_MAX_DEPTH, maxStr));
      return 1;
    }
    const stack: Frame[] = [];
    try {
      stack.push(openFrame(root, rootNode(prefix), 0));
    } catch (error) {
      setAttribute(out, prefix, normalizeString(unreadableMarker(error), maxStr));
      return 1;
    }
    const c = root;
    let visits = 0;
    while (stack.length > 0) {
      const f = stack[stack.length - 1]!;
      let node: KeyNode;
      let child: unknown;
      if (f.kind === KIND_OBJECT) {
        if (f.i >= f.n) {
          stack.pop();
          continue;
        }
        const key = f.keys![f.i++]!;
        try {
          child = (f.obj as Record<string, unknown>)[key];
        } catch (error) {
          child = unreadableMarker(error);
        }
        if (child === null || child === undefined) {
          if (++visits > maxVisits) break;
          continue;
        }
        node = childNode(f.node, key);
      } else if (f.kind === KIND_ARRAY) {
        if (f.i >= f.n) {
          stack.pop();
          continue;
        }
        const index = f.i++;
        try {
          child = (f.obj as unknown[])[index];
        } catch (error) {
          child = unreadableMarker(error);
        }
        if (child === null || child === undefined) {
          if (++visits > maxVisits) break;
          continue;
        }
        node = indexNode(f.node, index);
      } else {
        let step: IteratorResult<unknown>;
        try {
          step = f.iter!.next();
        } catch {
          step = { done: true, value: undefined };
        }
        if (step.done === true) {
          stack.pop();
          continue;
        }
        const index = f.i++;
        if (f.kind === KIND_MAP) {
          const entry = step.value as [unknown, unknown];
          child = entry[1];
          node = child === null || child === undefined ? f.node : childNode(f.node, mapKeySegment(entry[0]));
        } else {
          child = step.value;
          node = child === null || child === undefined ? f.node : indexNode(f.node, index);
        }
        if (child === null || child === undefined) {
          if (++visits > maxVisits) break;
          continue;
        }
      }
      if (written >= maxAttributes || ++visits > maxVisits) {
        setAttribute(out, truncatedKey, omittedEntries(stack));
        return written + 1;
      }
      const path = node.key;
      classify(child, c, maxStr);
      if (c.kind === KIND_LEAF) {
        setAttribute(out, path, c.value as AttributeValue);
        written++;
      } else if (c.kind !== KIND_SKIP) {
        if (isAncestor(c, stack)) {
          setAttribute(out, path, truncateString(MARKER_CIRCULAR, maxStr));
          written++;
        } else if (f.depth + 1 >= maxDepth) {
          setAttribute(out, path, truncateString(MARKER_MAX_DEPTH, maxStr));
          written++;
        } else {
          try {
            stack.push(openFrame(c, node, f.depth + 1));
          } catch (error) {
            setAttribute(out, path, normalizeString(unreadableMarker(error), maxStr));
            written++;
          }
        }
      }
    }
    if (stack.length > 0) {
      setAttribute(out, truncatedKey, omittedEntries(stack));
      written++;
    }
    return written;
  } catch {
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
 */
export function flattenInto(
  out: Attributes,
  prefix: string,
  value: unknown,
  budget?: Partial<NormalizeBudget>,
): number {
  const b = budget === undefined ? DEFAULT_NORMALIZE_BUDGET : resolveBudget(budget);
  const c = newClassified();
  classify(value, c, b.maxStringLength);
  if (c.kind === KIND_SKIP) return 0;
  if (typeof prefix !== "string") prefix = safePrefix(prefix);
  try {
    if (b.maxAttributes < 1) {
      setAttribute(out, prefix === "" ? TRUNCATED_KEY : prefix + "." + TRUNCATED_KEY, 1);
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
