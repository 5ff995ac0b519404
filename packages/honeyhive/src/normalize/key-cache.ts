/**
 * A bounded cache of attribute keys (`prefix.a.b`) organised as a trie of path segments. Building a new key
 * string and storing it in an attributes object costs far more than writing a value under a key V8 has
 * already seen, and traced calls repeat the same shapes, so {@link flattenInto} reuses key strings.
 */
import { normalizeKey } from "./strings";
import { registerModuleCache } from "../internal/process-state";

/** One attribute path: its full key and the paths below it. */
export interface KeyNode {
  readonly key: string;
  /** Children by raw (un-normalised) key segment. */
  children: Map<string, KeyNode> | undefined;
  /** Children by array index. */
  items: KeyNode[] | undefined;
  /** True only for the node of an empty prefix: its children's keys have no leading ".". */
  readonly prefixless: boolean;
}

/** Total nodes kept before the cache starts over (bounded memory under high-cardinality keys). */
const MAX_NODES = 8192;
/** Segments longer than this are not cached (their nodes are built per call). */
const MAX_CACHED_SEGMENT = 256;
/** Array indexes cached per node. */
const MAX_CACHED_INDEX = 1024;

let roots = new Map<string, KeyNode>();
let nodeCount = 0;
registerModuleCache("normalize/key-cache", {
  clear: () => {
    roots = new Map();
    nodeCount = 0;
  },
  size: () => roots.size + nodeCount,
});

function newNode(key: string, prefixless = false): KeyNode {
  return { key, children: undefined, items: undefined, prefixless };
}

function count(): boolean {
  if (nodeCount >= MAX_NODES) {
    roots = new Map();
    nodeCount = 0;
    return false;
  }
  nodeCount++;
  return true;
}

/** The node of `prefix` itself. */
export function rootNode(prefix: string): KeyNode {
  let node = roots.get(prefix);
  if (node === undefined) {
    node = newNode(prefix, prefix === "");
    if (prefix.length <= MAX_CACHED_SEGMENT && count()) roots.set(prefix, node);
  }
  return node;
}

function join(parent: KeyNode, segment: string): string {
  return parent.prefixless ? segment : parent.key + "." + segment;
}

/**
 * The child of `parent` for an object key (normalised with {@link normalizeKey}). With an empty prefix the
 * root's children have no leading ".".
 */
export function childNode(parent: KeyNode, segment: string): KeyNode {
  let children = parent.children;
  if (children !== undefined) {
    const hit = children.get(segment);
    if (hit !== undefined) return hit;
  }
  const node = newNode(join(parent, normalizeKey(segment)));
  if (segment.length <= MAX_CACHED_SEGMENT && count()) {
    if (children === undefined) children = parent.children = new Map();
    children.set(segment, node);
  }
  return node;
}

/** The child of `parent` for an array (or Set) index. */
export function indexNode(parent: KeyNode, index: number): KeyNode {
  let items = parent.items;
  if (items !== undefined) {
    const hit = items[index];
    if (hit !== undefined) return hit;
  }
  const node = newNode(join(parent, "" + index));
  if (index < MAX_CACHED_INDEX && count()) {
    if (items === undefined) items = parent.items = [];
    items[index] = node;
  }
  return node;
}
