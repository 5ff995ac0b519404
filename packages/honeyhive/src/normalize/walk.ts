/**
 * The one value walker behind `flattenInto` (attributes) and `toJsonString` (JSON): an explicit stack of open
 * containers, read entry by entry with the hostile-value rules (unreadable fields become a marker, Map and Set
 * read through their intrinsic iterators, a throwing iterator ends the container), and the shared descent
 * rule (cycle → `[Circular]`, too deep → `[MaxDepth]`, unopenable → `[Unreadable: …]`). The two consumers only
 * decide how an entry is written. Never throws, except for the documented `openFrame` of a root.
 */
import { KIND_ARRAY, KIND_MAP, KIND_OBJECT, type Classified, containerIterator, containerSize, isAncestor } from "./classify";
import type { KeyNode } from "./key-cache";
import { MARKER_CIRCULAR, MARKER_MAX_DEPTH, unreadableMarker } from "./strings";

/** One open container. Every frame has the same shape (both consumers' fields), which keeps V8's access monomorphic. */
export interface WalkFrame {
  readonly kind: number;
  /** The original object (before `toJSON`), for cycle detection. */
  readonly source: object;
  readonly obj: object;
  readonly keys: string[] | undefined;
  readonly iter: Iterator<unknown> | undefined;
  /** Entries consumed so far. */
  i: number;
  /** Entries at opening time. */
  readonly n: number;
  /** Path segments between the root and this container. */
  readonly depth: number;
  /** Flattening: the cached key-trie node of this container's path. */
  readonly node: KeyNode | undefined;
  /** JSON: no entry written yet (no comma needed). */
  first: boolean;
}

/** Returned by {@link nextEntry} when the container is exhausted. */
export const END: unique symbol = Symbol("end");

/** Where {@link nextEntry} puts the entry's key and position: reused across calls (no allocation per entry). */
export interface WalkEntry {
  /** Object entries: the own key. */
  key: string;
  /** Map entries: the raw key (consumers turn it into a segment only when the entry is written). */
  mapKey: unknown;
  /** Position in the container. */
  index: number;
}

/** A fresh entry slot. */
export function newWalkEntry(): WalkEntry {
  return { key: "", mapKey: undefined, index: 0 };
}

/** Opens a classified container (throws if its keys or size cannot be read: callers mark it unreadable). */
export function openFrame(c: Classified, depth: number, node: KeyNode | undefined): WalkFrame {
  const obj = c.value as object;
  const kind = c.kind;
  const keys = kind === KIND_OBJECT ? Object.keys(obj) : undefined;
  const n = keys !== undefined ? keys.length : containerSize(kind, obj);
  const iter = kind === KIND_OBJECT || kind === KIND_ARRAY ? undefined : containerIterator(kind, obj);
  return { kind, source: c.source ?? obj, obj, keys, iter, i: 0, n, depth, node, first: true };
}

/**
 * Reads the next entry of `f`: returns its value (an unreadable one as its marker) with its key and position
 * in `entry`, or {@link END} when the container is exhausted. Never throws.
 */
export function nextEntry(f: WalkFrame, entry: WalkEntry): unknown {
  const kind = f.kind;
  if (kind === KIND_OBJECT) {
    if (f.i >= f.n) return END;
    const key = f.keys![f.i++]!;
    entry.key = key;
    try {
      return (f.obj as Record<string, unknown>)[key];
    } catch (error) {
      return unreadableMarker(error);
    }
  }
  if (kind === KIND_ARRAY) {
    if (f.i >= f.n) return END;
    const index = f.i++;
    entry.index = index;
    try {
      return (f.obj as unknown[])[index];
    } catch (error) {
      return unreadableMarker(error);
    }
  }
  return nextIterated(f, entry);
}

function nextIterated(f: WalkFrame, entry: WalkEntry): unknown {
  let step: IteratorResult<unknown>;
  try {
    step = f.iter!.next();
  } catch {
    return END; // a throwing iterator ends the container, as if exhausted
  }
  if (step.done === true) return END;
  entry.index = f.i++;
  if (f.kind !== KIND_MAP) return step.value;
  const pair = step.value as [unknown, unknown];
  entry.mapKey = pair[0];
  return pair[1];
}

/**
 * Descends into the classified container `c` found in the top frame of `stack` (at `depth`): pushes its frame
 * and returns undefined, or returns the marker to write instead (`[Circular]`, `[MaxDepth]`, `[Unreadable: …]`).
 */
export function descend(c: Classified, stack: WalkFrame[], depth: number, maxDepth: number, node: KeyNode | undefined): string | undefined {
  if (isAncestor(c, stack)) return MARKER_CIRCULAR;
  if (depth + 1 >= maxDepth) return MARKER_MAX_DEPTH;
  try {
    stack.push(openFrame(c, depth + 1, node));
    return undefined;
  } catch (error) {
    return unreadableMarker(error);
  }
}
