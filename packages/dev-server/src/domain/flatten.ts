/**
 * Flattens a stored value to dotted keys (`a.b.0.c`) so that attributes stored flat
 * (`gen_ai.prompt.0.role` as one key) and nested (`{gen_ai: {prompt: [...]}}`) read the same way.
 * Bounded: at most `maxLeaves` leaves, depth 32; own properties only.
 */

/** Leaves of `value` by dotted path (insertion order). */
export function flatten(value: unknown, maxLeaves = 5000): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const stack: [unknown, string, number][] = [[value, "", 0]];
  while (stack.length > 0 && out.size < maxLeaves) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === "object" && v !== null && depth < 32) {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Record<string, unknown>);
      if (entries.length === 0 && path !== "") out.set(path, v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        stack.push([x, path === "" ? k : `${path}.${k}`, depth + 1]);
      }
    } else if (path !== "") {
      out.set(path, v);
    }
  }
  return out;
}

/** Every dotted prefix of `paths` (`a`, `a.b` and `a.b.c` for `a.b.c`): what {@link flattenPaths} follows. */
export function pathPrefixes(paths: Iterable<string>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const path of paths) {
    for (let dot = path.indexOf("."); dot >= 0; dot = path.indexOf(".", dot + 1)) out.add(path.slice(0, dot));
    out.add(path);
  }
  return out;
}

/**
 * The leaves of `value` whose dotted path is in `wanted` ({@link pathPrefixes} of the paths looked up): for those
 * paths, what {@link flatten} gives, without visiting (or counting towards `maxLeaves`) a property no wanted path
 * goes through. A path is joined at every level, so each level of a wanted path is one of the prefixes.
 */
export function flattenPaths(value: unknown, wanted: ReadonlySet<string>, maxLeaves = 5000): Map<string, unknown> {
  const out = new Map<string, unknown>();
  addPaths(out, value, "", 0, wanted, maxLeaves);
  return out;
}

/**
 * Adds to `out` the leaves {@link flattenPaths} follows under `value` at `path` (depth `depth`; "" for the top): depth
 * first, keys in order (the order {@link flatten}'s stack gives), stopping once `out` holds `maxLeaves`. Recursive (the
 * depth is bounded at 32), so no stack entry is allocated per property followed: a model span's usage reading is
 * walked at ingest for its price and again for its roll-up record.
 */
function addPaths(out: Map<string, unknown>, value: unknown, path: string, depth: number, wanted: ReadonlySet<string>, maxLeaves: number): void {
  if (out.size >= maxLeaves) return;
  if (typeof value !== "object" || value === null || depth >= 32) {
    if (path !== "") out.set(path, value);
    return;
  }
  const keys = Object.keys(value);
  if (keys.length === 0 && path !== "") out.set(path, value);
  for (let i = 0; i < keys.length && out.size < maxLeaves; i++) {
    const key = path === "" ? keys[i]! : `${path}.${keys[i]!}`;
    if (wanted.has(key)) addPaths(out, (value as Record<string, unknown>)[keys[i]!], key, depth + 1, wanted, maxLeaves);
  }
}

/** Leaves by dotted path, read as {@link flattenPaths} gives them (a Map is one): how many, each in order, one by path. */
export interface PathLeaves {
  readonly size: number;
  get(path: string): unknown;
  forEach(visit: (value: unknown, path: string) => void): void;
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** No leaves. */
const NO_LEAVES: PathLeaves = new Map();

/**
 * The leaves of an object none of whose wanted properties holds an object: those properties, read in place, in key
 * order (`for…in` over own keys: the order `Object.keys` gives, without building its list).
 */
class FlatLeaves implements PathLeaves {
  constructor(private readonly object: Readonly<Record<string, unknown>>, private readonly wanted: ReadonlySet<string>, readonly size: number) {}

  get(path: string): unknown {
    return this.wanted.has(path) && hasOwn(this.object, path) ? this.object[path] : undefined;
  }

  forEach(visit: (value: unknown, path: string) => void): void {
    const { object, wanted } = this;
    for (const key in object) if (wanted.has(key) && hasOwn(object, key)) visit(object[key], key);
  }
}

/**
 * {@link flattenPaths}' leaves, without building a Map when `value` is an object whose wanted properties all hold
 * leaves (the usual metadata: flat token counts beside other keys): then its leaves are those properties, in key
 * order, each path once. Any other value is flattened as before. A model span's usage is read twice at ingest.
 */
export function pathLeaves(value: unknown, wanted: ReadonlySet<string>, maxLeaves = 5000): PathLeaves {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return flattenPaths(value, wanted, maxLeaves);
  const object = value as Readonly<Record<string, unknown>>;
  let size = 0;
  for (const key in object) {
    if (!wanted.has(key) || !hasOwn(object, key)) continue;
    const leaf = object[key];
    if (typeof leaf === "object" && leaf !== null) return flattenPaths(value, wanted, maxLeaves);
    size++;
  }
  if (size === 0) return NO_LEAVES;
  return size <= maxLeaves ? new FlatLeaves(object, wanted, size) : flattenPaths(value, wanted, maxLeaves);
}
