import { describe, expect, it } from "vitest";
import { runWorkerPool } from "../../packages/honeyhive/src/runtime/worker-pool";

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("runWorkerPool", () => {
  it("keeps exactly `concurrency` tasks in flight and stores results by index", async () => {
    let inFlight = 0;
    const samples: number[] = [];
    // No turn budget here: on a starved machine a 20 ms stall makes the workers let the event loop turn (see
    // the microtask-only test below), a legitimate moment with fewer in flight; this test is about the refill alone.
    const outcome = await runWorkerPool(40, 7, async (i) => {
      inFlight += 1;
      samples.push(inFlight);
      await delay(i % 3 === 0 ? 15 : 2);
      inFlight -= 1;
      return i * 2;
    }, undefined, Number.POSITIVE_INFINITY);
    expect(outcome.results).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
    expect(Math.max(...samples)).toBe(7);
    // Every start after the first seven happens while the other six are still running (no batch drain).
    expect(samples.slice(7, 33).every((n) => n === 7)).toBe(true);
    expect(outcome).toMatchObject({ completed: 40, cancelled: false });
  });

  it("does not wait for a slow item before starting the next ones (not fixed batches)", async () => {
    const started: number[] = [];
    await runWorkerPool(6, 2, async (i) => {
      started.push(i);
      await delay(i === 0 ? 80 : 5);
    });
    // While item 0 runs, the second worker goes through 1..5.
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("stops starting items when the signal aborts and reports partial results", async () => {
    const controller = new AbortController();
    const outcome = await runWorkerPool(
      100,
      4,
      async (i) => {
        if (i === 9) controller.abort();
        await delay(1);
        return i;
      },
      controller.signal,
    );
    expect(outcome.cancelled).toBe(true);
    expect(outcome.completed).toBeLessThan(20);
    expect(outcome.results.slice(0, 10).every((r, i) => r === i)).toBe(true);
    expect(outcome.results[99]).toBeUndefined();
  });

  it("handles empty input, concurrency above total and throwing tasks", async () => {
    expect(await runWorkerPool(0, 5, async () => 1)).toEqual({ results: [], completed: 0, cancelled: false });
    const outcome = await runWorkerPool(3, 50, async (i) => {
      if (i === 1) throw new Error("x");
      return i;
    });
    expect(outcome.results).toEqual([0, undefined, 2]);
  });

  it("a task may keep its slot after it settles (holdSlot): the worker's next item waits for it, unless none is left", async () => {
    const releases: (() => void)[] = [];
    const started: number[] = [];
    const pending = runWorkerPool(3, 1, async (i, holdSlot) => {
      started.push(i);
      holdSlot(new Promise<void>((resolve) => releases.push(resolve)));
      return i;
    });
    await delay(20);
    expect(started).toEqual([0]); // item 0 settled, its slot still held
    releases[0]!();
    await delay(20);
    expect(started).toEqual([0, 1]);
    releases[1]!();
    // item 2 is the last one: nothing would use its slot, so its hold (never released) is not waited for
    expect(await pending).toEqual({ results: [0, 1, 2], completed: 3, cancelled: false });
  });

  it("a held slot is given back at once when the signal aborts", async () => {
    const controller = new AbortController();
    const pending = runWorkerPool(5, 2, async (i, holdSlot) => {
      holdSlot(new Promise<void>(() => undefined)); // never released
      return i;
    }, controller.signal);
    await delay(20);
    controller.abort();
    const outcome = await pending;
    expect(outcome).toMatchObject({ completed: 2, cancelled: true });
    expect(outcome.results).toEqual([0, 1, undefined, undefined, undefined]);
  });

  it("lets timers and I/O run while tasks settle in microtasks only (a synchronous function never yields)", async () => {
    let timerFiredAt = -1;
    let done = 0;
    setTimeout(() => (timerFiredAt = done), 0);
    const busyFor = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end); };
    await runWorkerPool(200, 8, async () => {
      busyFor(1); // ~200 ms of microtask-only work in all
      done += 1;
    });
    // the timer ran while the pool was still working, not after all 200 items
    expect(timerFiredAt).toBeGreaterThanOrEqual(0);
    expect(timerFiredAt).toBeLessThan(200);
  });
});
