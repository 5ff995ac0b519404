/**
 * `unflattenAttributes`: the reverse of {@link flattenInto}, used by the local dev server to turn
 * `honeyhive_<namespace>.<dotted.path>` attributes back into the event's objects and arrays.
 */

/** Key under which a value is kept when the same path is both a leaf and a parent (`a` and `a.b`). */
const LEAF_VALUE_KEY = "_value";

/** Deepest path rebuilt; further segments stay joined with "." in the last key. */
export const MAX_UNFLATTEN_DEPTH = 128;

/** An inner node under construction. Children live in a Map, so no key can reach a prototype. */
class Branch {
  readonly children = new Map<string, unknown>();
  hasLeaf = false;
  leaf: unknown = undefined;
}

function setLeaf(node: Branch, segment: string, value: unknown): void {
  const existing = node.children.get(segment);
  if (existing instanceof Branch) {
    existing.hasLeaf = true;
    existing.leaf = value;
  } else node.children.set(segment, value);
}

function insert(root: Branch, key: string, start: number, value: unknown): void {
  let node = root;
  let depth = 1;
  for (;;) {
    const dot = depth < MAX_UNFLATTEN_DEPTH ? key.indexOf(".", start) : -1;
    if (dot === -1) {
      setLeaf(node, key.slice(start), value);
      return;
    }
    const segment = key.slice(start, dot);
    let next = node.children.get(segment);
    if (!(next instanceof Branch)) {
      const branch = new Branch();
      if (node.children.has(segment)) {
        branch.hasLeaf = true;
        branch.leaf = next;
      }
      node.children.set(segment, branch);
      next = branch;
    }
    node = next as Branch;
    start = dot + 1;
    depth++;
  }
}

/** True for a canonical array index ("0", "7", "12"; not "01", "-1", "1.0") smaller than `n`. */
function isIndexBelow(key: string, n: number): boolean {
  const len = key.length;
  if (len === 0 || len > 10 || (len > 1 && key.charCodeAt(0) === 48)) return false;
  let v = 0;
  for (let i = 0; i < len; i++) {
    const d = key.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    v = v * 10 + d;
  }
  return v < n;
}

/** Keys are exactly "0".."n-1" (they are distinct, so n canonical indexes below n cover that range). */
function isDense(branch: Branch): boolean {
  if (branch.hasLeaf) return false;
  const n = branch.children.size;
  for (const key of branch.children.keys()) {
    if (!isIndexBelow(key, n)) return false;
  }
  return true;
}

function newContainer(branch: Branch, allowArray: boolean): Record<string, unknown> | unknown[] {
  if (allowArray && isDense(branch)) return new Array<unknown>(branch.children.size);
  const obj = Object.create(null) as Record<string, unknown>;
  if (branch.hasLeaf) {
    let key = LEAF_VALUE_KEY;
    while (branch.children.has(key)) key = "_" + key;
    obj[key] = branch.leaf;
  }
  return obj;
}

/** Converts the Branch tree to plain containers, iteratively (paths can be {@link MAX_UNFLATTEN_DEPTH} deep). */
function build(root: Branch): Record<string, unknown> {
  const result = newContainer(root, false) as Record<string, unknown>;
  const branches: Branch[] = [root];
  const containers: (Record<string, unknown> | unknown[])[] = [result];
  while (branches.length > 0) {
    const branch = branches.pop()!;
    const container = containers.pop()!;
    const isArray = Array.isArray(container);
    for (const [key, child] of branch.children) {
      let value = child;
      if (child instanceof Branch) {
        value = newContainer(child, true);
        branches.push(child);
        containers.push(value as Record<string, unknown> | unknown[]);
      }
      if (isArray) container[Number(key)] = value;
      else (container as Record<string, unknown>)[key] = value;
    }
  }
  return result;
}

/**
 * Rebuilds the value written under `prefix` from flat attributes (`prefix.a.b` → `{ a: { b } }`), or
 * returns `undefined` when no key is `prefix` or starts with `prefix.`. Never throws. With an empty
 * `prefix` every key is taken, from its first segment.
 *
 * - The result is always an object. Below it, a container whose keys are exactly `"0".."n-1"` becomes an
 *   array (`prefix.items.0.name` → `{ items: [{ name }] }`); sparse or non-canonical indexes (`"01"`)
 *   keep an object.
 * - Prototype safety: every object in the result has a **null prototype**, so `__proto__`, `constructor` and
 *   `prototype` segments are ordinary own keys and touch no prototype. Serialise with `JSON.stringify`
 *   (works as usual); do not rely on inherited methods such as `hasOwnProperty` or `toString`.
 * - A path that is both a leaf and a parent (`a` = 1 and `a.b` = 2) keeps both: `{ a: { _value: 1, b: 2 } }`
 *   (`__value`, `___value`, … if `_value` is itself taken). A value at `prefix` itself is kept the same way
 *   (`{ _value: v }`).
 * - Values are used as they are (arrays and objects are not copied); `undefined` values are skipped.
 * - Paths are rebuilt {@link MAX_UNFLATTEN_DEPTH} levels deep at most; deeper segments stay joined in the
 *   last key, so hostile keys cannot build structures that overflow the stack of later consumers.
 */
export function unflattenAttributes(
  attributes: Record<string, unknown>,
  prefix: string,
): Record<string, unknown> | undefined {
  try {
    const dotted = prefix + ".";
    const start = prefix === "" ? 0 : dotted.length;
    const root = new Branch();
    let found = false;
    for (const key of Object.keys(attributes)) {
      const atRoot = key === prefix;
      if (!atRoot && start > 0 && !key.startsWith(dotted)) continue;
      let value: unknown;
      try {
        value = attributes[key];
      } catch {
        continue;
      }
      if (value === undefined) continue;
      found = true;
      if (atRoot) {
        root.hasLeaf = true;
        root.leaf = value;
      } else insert(root, key, start, value);
    }
    return found ? build(root) : undefined;
  } catch {
    return undefined;
  }
}
