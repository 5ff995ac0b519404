import { describe, expect, it } from "vitest";
import { BoundedQueue } from "../../packages/honeyhive/src/export/bounded-queue";
import { DeliveryTracker } from "../../packages/honeyhive/src/export/delivery-tracker";
import { clampTimeout } from "../../packages/honeyhive/src/internal/timer-delay";

/** Resolves to "pending" if `p` has not settled after the current microtasks. */
async function state<T>(p: Promise<T>): Promise<T | "pending"> {
  return Promise.race([p, new Promise<"pending">((resolve) => setImmediate(() => resolve("pending")))]);
}

describe("DeliveryTracker", () => {
  it("waits for every batch accepted before the flush, whatever order they settle in", async () => {
    const t = new DeliveryTracker();
    for (let i = 0; i < 4; i++) t.accept();
    const a = t.take(2);
    const b = t.take(2);
    const { target, done } = t.waitForAll(10_000);
    expect(target).toBe(4);
    t.settle(b, true);
    expect(await state(done)).toBe("pending");
    t.settle(a, true);
    expect(await done).toBe(true);
  });

  it("reports false when a covered batch fails, then true for the next flush", async () => {
    const t = new DeliveryTracker();
    t.accept();
    const a = t.take(1);
    const first = t.waitForAll(10_000).done;
    t.settle(a, false);
    expect(await first).toBe(false);
    expect(await t.waitForAll(10_000).done).toBe(true);
  });

  it("reports a failure nobody was waiting for in the next flush only", async () => {
    const t = new DeliveryTracker();
    t.accept();
    t.settle(t.take(1), false);
    t.lostBeforeQueueing();
    expect(await t.waitForAll(10_000).done).toBe(false);
    expect(await t.waitForAll(10_000).done).toBe(true);
  });

  it("does not cover spans accepted after the flush call", async () => {
    const t = new DeliveryTracker();
    t.accept();
    const a = t.take(1);
    const { done } = t.waitForAll(10_000);
    t.accept();
    const later = t.take(1);
    t.settle(a, true);
    expect(await done).toBe(true);
    t.settle(later, false);
  });

  it("times out with false, and failAllWaiters resolves pending flushes", async () => {
    const t = new DeliveryTracker();
    t.accept();
    t.take(1);
    expect(await t.waitForAll(1).done).toBe(false);
    const pending = t.waitForAll(10_000).done;
    t.failAllWaiters();
    expect(await pending).toBe(false);
  });

  it("clamps timer delays into what Node accepts", () => {
    expect(clampTimeout(Infinity)).toBe(2_147_483_647);
    expect(clampTimeout(Number.NaN)).toBe(2_147_483_647);
    expect(clampTimeout(-5)).toBe(0);
    expect(clampTimeout(250)).toBe(250);
  });
});

describe("BoundedQueue", () => {
  it("is FIFO across wrap-around and refuses pushes when full", () => {
    const q = new BoundedQueue<number>(3);
    expect([q.push(1), q.push(2), q.push(3), q.push(4)]).toEqual([true, true, true, false]);
    expect(q.take(2)).toEqual([1, 2]);
    expect([q.push(5), q.push(6), q.push(7)]).toEqual([true, true, false]);
    expect(q.length).toBe(3);
    expect(q.take(10)).toEqual([3, 5, 6]);
    expect(q.length).toBe(0);
    expect(q.take(1)).toEqual([]);
    for (let round = 0; round < 5; round++) {
      q.push(round);
      q.push(round + 100);
      expect(q.take(1)).toEqual([round]);
      expect(q.take(1)).toEqual([round + 100]);
    }
  });
});
