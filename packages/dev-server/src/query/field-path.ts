/**
 * Resolving a filter field (`event_type`, `metadata.run_id`, `metadata.test.unique_id`) on an event.
 * Keys may themselves contain dots, so at each level the longest existing own key wins (greedy, no
 * backtracking: bounded work whatever the stored data looks like).
 */
import { getOwn, isPlainObject } from "../domain/json";
import type { EventRecord } from "../domain/records";

const NAMESPACES = new Set(["inputs", "outputs", "config", "metadata", "metrics", "feedback", "user_properties"]);
const TOP_LEVEL = new Set([
  ...NAMESPACES, "event_id", "session_id", "parent_id", "children_ids", "event_type", "event_name", "source", "error",
  "start_time", "end_time", "duration",
]);
/** The most dotted segments a filter field may have. */
export const MAX_SEGMENTS = 32;

/**
 * The record field a filter field reads (`metadata` for `metadata.run_id`), or undefined when the field is
 * malformed: an unknown top-level name, a dotted path outside the namespaces, an empty segment or too many.
 */
export function fieldColumn(field: string): keyof EventRecord | undefined {
  const segments = field.split(".");
  const head = segments[0] ?? "";
  if (!TOP_LEVEL.has(head) || segments.length > MAX_SEGMENTS) return undefined;
  if (segments.length > 1 && (!NAMESPACES.has(head) || segments.some((s) => s === ""))) return undefined;
  return head as keyof EventRecord;
}

/** Follows dotted `segments` into `root`, preferring the longest key present at each level. */
export function resolvePath(root: unknown, segments: readonly string[]): unknown {
  let current: unknown = root;
  let i = 0;
  while (i < segments.length) {
    if (Array.isArray(current)) {
      const index = Number(segments[i]);
      if (!Number.isInteger(index) || index < 0 || index >= current.length) return undefined;
      current = current[index];
      i += 1;
      continue;
    }
    if (!isPlainObject(current)) return undefined;
    let next = -1;
    for (let j = segments.length; j > i; j--) {
      if (getOwn(current, segments.slice(i, j).join(".")) !== undefined) {
        next = j;
        break;
      }
    }
    if (next < 0) return undefined;
    current = getOwn(current, segments.slice(i, next).join("."));
    i = next;
  }
  return current;
}

/** The value of `field` on `event` (undefined when absent). */
export function eventFieldValue(event: EventRecord, field: string): unknown {
  const direct = getOwn(event, field);
  if (direct !== undefined && !field.includes(".")) return direct;
  const segments = field.split(".").slice(0, MAX_SEGMENTS);
  const head = segments[0] ?? "";
  if (NAMESPACES.has(head)) return resolvePath(getOwn(event, head), segments.slice(1));
  return direct;
}
