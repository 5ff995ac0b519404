/**
 * The event order (`ORDER BY start_time, seq`) kept in JS for rows read in sequence order: a session's rows come from
 * the session index by row id (`ORDER BY seq` needs no sorter), and a stable sort by start time then gives
 * SQLite's order, cheaper than SQLite's sorter copying every row (and, for a whole session, the join back to the
 * rows it needs).
 */

/** SQLite's ordering class of a stored value: NULL, then numbers, then text, then blobs. */
function classOf(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number" || typeof value === "bigint") return 1;
  return typeof value === "string" ? 2 : 3;
}

/**
 * Compares two stored `start_time` values as SQLite's `ORDER BY` does: NULL first, numbers by value, then text and
 * blobs by their bytes (only a row another tool wrote holds either).
 */
export function compareStart(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const byClass = classOf(a) - classOf(b);
  if (byClass !== 0) return byClass;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "bigint" || typeof b === "bigint") return Number(a) - Number(b);
  if (classOf(a) === 0) return 0;
  const bytes = (v: unknown): Buffer => (typeof v === "string" ? Buffer.from(v, "utf8") : Buffer.from(v as Uint8Array));
  return Buffer.compare(bytes(a), bytes(b));
}

/**
 * `items` (read in sequence order, `starts[i]` the stored start time of `items[i]`) in the event order: a stable sort
 * by start time keeps sequence order among equal times. Returns `items` itself when already in order.
 */
export function inStartOrder<T>(items: T[], starts: readonly unknown[]): T[] {
  let sorted = true;
  for (let i = 1; i < starts.length && sorted; i++) sorted = compareStart(starts[i - 1], starts[i]) <= 0;
  if (sorted) return items;
  const order = Array.from(items.keys()).sort((i, j) => compareStart(starts[i], starts[j]) || i - j);
  return order.map((i) => items[i]!);
}
