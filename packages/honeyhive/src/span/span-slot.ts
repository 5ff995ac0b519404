import { noteInternalError } from "../internal/guard";

/**
 * A value attached to a live span. It is stored on the span object itself under a symbol (a property write
 * and read), and only in a WeakMap for spans that cannot take properties (non-extensible objects).
 *
 * Routing needs two such values per span (its sink and its tracer) for the span's lifetime; as WeakMap
 * entries they cost two ephemeron inserts, lookups and deletes per span, the most expensive part of
 * routing a third-party span (measured: −0.25 µs CPU, −7%, per routed span on the thirdParty workload).
 * The symbol is not enumerable by `Object.keys`/`JSON.stringify`, and the value is cleared when the span
 * ends, so nothing outlives the span.
 */
export class SpanSlot<T> {
  readonly #key: symbol;
  readonly #fallback: () => SlotFallback<T>;

  /**
   * @param key - the property key (`Symbol.for(...)` when copies of the package must share the slot).
   * @param fallback - the store for non-extensible spans (shared the same way as `key`).
   */
  constructor(key: symbol, fallback: () => SlotFallback<T>) {
    this.#key = key;
    this.#fallback = fallback;
  }

  /** The value attached to `span`, if any. */
  get(span: object): T | undefined {
    const value = (span as Record<symbol, T | undefined>)[this.#key];
    if (value !== undefined) return value;
    const fallback = this.#fallback();
    return fallback.used ? fallback.map.get(span) : undefined;
  }

  /** Attaches `value` to `span`. Never throws. */
  set(span: object, value: T): void {
    try {
      if (Object.isExtensible(span)) {
        (span as Record<symbol, T | undefined>)[this.#key] = value;
        return;
      }
    } catch {
      // a Proxy or an exotic span refused the write: use the WeakMap
    }
    const fallback = this.#fallback();
    fallback.used = true;
    fallback.map.set(span, value);
  }

  /** Detaches the value from `span` (the property stays, set to undefined: no shape change). Never throws. */
  delete(span: object): void {
    if ((span as Record<symbol, T | undefined>)[this.#key] !== undefined) {
      try {
        (span as Record<symbol, T | undefined>)[this.#key] = undefined;
      } catch (error) {
        noteInternalError(error); // frozen after the value was attached: it goes away with the span
      }
    } else {
      const fallback = this.#fallback();
      if (fallback.used) fallback.map.delete(span);
    }
  }
}

/** Where a {@link SpanSlot} keeps values of spans that cannot take properties. */
export interface SlotFallback<T> {
  readonly map: WeakMap<object, T>;
  /** False until the map is first written: lookups skip it until then. */
  used: boolean;
}

/** A fresh fallback store. */
export function newSlotFallback<T>(): SlotFallback<T> {
  return { map: new WeakMap(), used: false };
}
