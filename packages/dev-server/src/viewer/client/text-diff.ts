/**
 * Text diffs for the comparison page, with jsdiff: word level for strings, line level over canonical
 * (key-sorted, pretty) JSON for objects, plus a list of the JSON paths that changed. Inputs are capped
 * and the diff is bounded (edit length and time), so a 5 MB output or two unrelated texts never hang
 * the page: a diff too costly to compute comes back as `undefined` and both sides are shown plainly.
 */
import { diffJson, diffWords, type ChangeObject } from "diff";

/** Most characters of one side given to the diff. */
export const MAX_DIFF_CHARS = 100_000;
const DIFF_LIMITS = { maxEditLength: 4000, timeout: 1500 } as const;
/** Most JSON leaves compared for the changed-path list. */
const MAX_LEAVES = 5000;

/** One part of a diff: common, only old (removed) or only new (added). */
export interface DiffPart {
  text: string;
  kind: "same" | "del" | "add";
}

function parts(changes: ChangeObject<string>[]): DiffPart[] {
  return changes.map((c) => ({ text: c.value, kind: c.added ? "add" : c.removed ? "del" : "same" }));
}

/** Word-level diff of two texts (capped), or undefined when too costly. */
export function wordDiff(before: string, after: string): DiffPart[] | undefined {
  const changes = diffWords(before.slice(0, MAX_DIFF_CHARS), after.slice(0, MAX_DIFF_CHARS), DIFF_LIMITS);
  return changes ? parts(changes) : undefined;
}

/** Line-level diff of two JSON values in canonical form, or undefined when too costly. */
export function jsonDiff(before: unknown, after: unknown): DiffPart[] | undefined {
  const changes = diffJson(toDiffable(before), toDiffable(after), DIFF_LIMITS);
  return changes ? parts(changes) : undefined;
}

function toDiffable(value: unknown): string | object {
  return typeof value === "object" && value !== null ? value : JSON.stringify(value ?? null);
}

/** A changed JSON path. */
export interface PathChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

function leaves(value: unknown, out: Map<string, unknown>, path = "$"): void {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0 && out.size < MAX_LEAVES) {
    const [v, p] = stack.pop()!;
    if (Array.isArray(v) && v.length > 0) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${p}[${i}]`]);
    } else if (typeof v === "object" && v !== null && Object.keys(v).length > 0) {
      for (const key of Object.keys(v).sort().reverse()) {
        stack.push([(v as Record<string, unknown>)[key], /^[A-Za-z_$][\w$]*$/.test(key) ? `${p}.${key}` : `${p}[${JSON.stringify(key)}]`]);
      }
    } else {
      out.set(p, v);
    }
  }
}

/** The leaf paths that differ between two JSON values (bounded to the first {@link MAX_LEAVES} leaves of each). */
export function changedPaths(before: unknown, after: unknown): PathChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  leaves(before, a);
  leaves(after, b);
  const out: PathChange[] = [];
  for (const [path, v] of a) {
    if (!b.has(path)) out.push({ path, kind: "removed", before: v });
    else if (JSON.stringify(b.get(path)) !== JSON.stringify(v)) out.push({ path, kind: "changed", before: v, after: b.get(path) });
  }
  for (const [path, v] of b) if (!a.has(path)) out.push({ path, kind: "added", after: v });
  return out;
}
