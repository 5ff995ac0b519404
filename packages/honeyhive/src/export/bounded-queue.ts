/**
 * A fixed-capacity FIFO ring buffer: O(1) `push` that refuses (returns false) when full, and `take(n)`
 * that removes up to `n` items from the head. Memory is allocated lazily and never exceeds the capacity.
 */
export class BoundedQueue<T> {
  readonly capacity: number;
  private items: (T | undefined)[] = [];
  private head = 0;
  private size = 0;

  /** @param capacity - maximum number of items held (at least 1). */
  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
  }

  /** Number of items queued. */
  get length(): number {
    return this.size;
  }

  /** Appends `item`; returns false (and keeps nothing) when the queue is full. */
  push(item: T): boolean {
    if (this.size >= this.capacity) return false;
    const items = this.items;
    const index = (this.head + this.size) % this.capacity;
    if (index === items.length) items.push(item);
    else items[index] = item;
    this.size++;
    return true;
  }

  /** Removes and returns up to `n` items from the head, oldest first. */
  take(n: number): T[] {
    const count = Math.min(n, this.size);
    const out = new Array<T>(count);
    const items = this.items;
    for (let i = 0; i < count; i++) {
      const index = (this.head + i) % this.capacity;
      out[i] = items[index] as T;
      items[index] = undefined;
    }
    this.head = (this.head + count) % this.capacity;
    this.size -= count;
    if (this.size === 0) this.head = 0;
    return out;
  }
}
