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
import { MARKER_CIRCULAR, MARKER_MAX_DEPTH, TRUNCATED_KEY, normalizeKey, unreadableMarker } from "./strings";

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
  /** Path of this container plus ".", or "" for the root under an empty prefix. */
  readonly base: string;
  /** Path segments between the prefix and this container. */
  readonly depth: number;
}

function openFrame(c: Classified, base: string, depth: number): Frame {
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
  return { kind, source: c.source ?? obj, obj, keys, iter, i: 0, n, base, depth };
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
  const base = prefix === "" ? "" : prefix + ".";
  const maxAttributes = b.maxAttributes;
  const maxDepth = b.maxDepth;
  const maxStr = b.maxStringLength;
  const maxVisits = Math.min(maxAttributes * VISITS_PER_ATTRIBUTE + MIN_VISITS, Number.MAX_SAFE_INTEGER);
  let written = 0;
  try {
    if (maxDepth <= 0) {
      setAttribute(out, prefix, MARKER_MAX_DEPTH);
      return 1;
    }
    const stack: Frame[] = [];
    try {
      stack.push(openFrame(root, base, 0));
    } catch (error) {
      setAttribute(out, prefix, unreadableMarker(error));
      return 1;
    }
    const c = root;
    let visits = 0;
    while (stack.length > 0) {
      const f = stack[stack.length - 1]!;
      let key: string;
      let child: unknown;
      if (f.kind === KIND_OBJECT) {
        if (f.i >= f.n) {
          stack.pop();
          continue;
        }
        key = f.keys![f.i++]!;
        try {
          child = (f.obj as Record<string, unknown>)[key];
        } catch (error) {
          child = unreadableMarker(error);
        }
        key = normalizeKey(key);
      } else if (f.kind === KIND_ARRAY) {
        if (f.i >= f.n) {
          stack.pop();
          continue;
        }
        const index = f.i++;
        key = "" + index;
        try {
          child = (f.obj as unknown[])[index];
        } catch (error) {
          child = unreadableMarker(error);
        }
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
          key = mapKeySegment(entry[0]);
          child = entry[1];
        } else {
          key = "" + index;
          child = step.value;
        }
      }
      if (child === null || child === undefined) {
        if (++visits > maxVisits) break;
        continue;
      }
      if (written >= maxAttributes || ++visits > maxVisits) {
        setAttribute(out, base + TRUNCATED_KEY, omittedEntries(stack));
        return written + 1;
      }
      const path = f.base + key;
      classify(child, c, maxStr);
      if (c.kind === KIND_LEAF) {
        setAttribute(out, path, c.value as AttributeValue);
        written++;
      } else if (c.kind !== KIND_SKIP) {
        if (isAncestor(c, stack)) {
          setAttribute(out, path, MARKER_CIRCULAR);
          written++;
        } else if (f.depth + 1 >= maxDepth) {
          setAttribute(out, path, MARKER_MAX_DEPTH);
          written++;
        } else {
          try {
            stack.push(openFrame(c, path + ".", f.depth + 1));
          } catch (error) {
            setAttribute(out, path, unreadableMarker(error));
            written++;
          }
        }
      }
    }
    if (stack.length > 0) {
      setAttribute(out, base + TRUNCATED_KEY, omittedEntries(stack));
      written++;
    }
    return written;
  } catch {
    return written;
  }
}

/**
 * Writes `value` into `out` as OpenTelemetry attributes under `prefix` and returns how many attributes were
 * written. Never throws.
 *
 * - A primitive (or a value that normalises to one: Date, Error, function, …) is written at `prefix` itself.
 * - Plain objects, class instances (own enumerable string keys), Maps (stringified keys) are flattened with
 *   "."; arrays and Sets by index: `{ items: [{ name: "a" }] }` → `prefix.items.0.name = "a"`.
 * - `null` / `undefined` are skipped at every depth; empty objects and arrays write nothing.
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
