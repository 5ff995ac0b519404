/**
 * Per-server caches. Each dev server owns one {@link ServerCaches}, hands it to every request through the
 * route context and clears it on `close()`: two servers in one process share no cached data (project ids are
 * derived from names, so a process-wide cache keyed by project could serve one server's data to another).
 */

/** One named cache as a route sees it. */
export interface RouteCache<V> {
  /** The value stored under `key`, if any. */
  get(key: string): V | undefined;
  /** Stores `value` under `key`, dropping the oldest entries beyond the cache's capacity. */
  set(key: string, value: V): void;
}

/** The caches of the server a request reached (never shared with another server). */
export interface RouteCaches {
  /** The cache called `name`, created with `capacity` entries on first use. */
  cache<V>(name: string, capacity: number): RouteCache<V>;
}

/** A map holding at most `capacity` entries; the oldest inserted entry is dropped first. */
class BoundedCache<V> implements RouteCache<V> {
  private readonly entries = new Map<string, V>();

  /** @param capacity - the most entries kept (at least 1). */
  constructor(readonly capacity: number) {}

  /** The value stored under `key`, if any. */
  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Stores `value` under `key` (as the newest entry), dropping the oldest entries beyond the capacity. */
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > Math.max(1, this.capacity)) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
  }
}

/** The named caches of one server instance. */
export class ServerCaches implements RouteCaches {
  private readonly caches = new Map<string, BoundedCache<unknown>>();

  /** The cache called `name` (created with `capacity` on first use; later calls return the same cache). */
  cache<V>(name: string, capacity: number): BoundedCache<V> {
    let cache = this.caches.get(name);
    if (cache === undefined) this.caches.set(name, (cache = new BoundedCache<unknown>(capacity)));
    return cache as BoundedCache<V>;
  }

  /** Entry count of each cache (tests, diagnostics). */
  sizes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, cache] of this.caches) out[name] = cache.size;
    return out;
  }

  /** Drops every cached entry (called when the server closes). */
  clear(): void {
    for (const cache of this.caches.values()) cache.clear();
    this.caches.clear();
  }
}
