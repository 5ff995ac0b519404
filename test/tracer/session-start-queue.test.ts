// The session client's queue of session starts (tracer/session-start-queue.ts): at most `window` starts are being sent
// at once, the rest are sent in the order they were started, a hurried one (a write waits for it) next, and an aborted
// one at once outside the window (its request fails unsent); every start is sent exactly once, whatever the order of
// answers, hurries and aborts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SessionStartQueue, sessionStartWindow } from "../../packages/honeyhive/src/tracer/session-start-queue";
import { CallStop } from "../../packages/honeyhive/src/internal/call-stop";

/** A start's request: `answer()` settles it; `sent` says whether (and how often) it was sent. */
interface FakeStart {
  readonly id: string;
  readonly stop: CallStop;
  sends: number;
  answer: () => void;
  result: Promise<string>;
}

/** Queues starts `ids` on `queue`, recording the order in which they are sent. */
function startAll(queue: SessionStartQueue, ids: string[], order: string[]): FakeStart[] {
  return ids.map((id) => {
    const start: FakeStart = { id, stop: new CallStop(), sends: 0, answer: () => undefined, result: Promise.resolve("") };
    start.result = queue.run(id, () => {
      start.sends++;
      order.push(id);
      return new Promise<string>((resolve) => (start.answer = () => resolve(id)));
    }, start.stop);
    return start;
  });
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("the session start queue", () => {
  it("sends `window` starts at once, the rest in order as answers come, a hurried one next", async () => {
    const queue = new SessionStartQueue(2);
    const order: string[] = [];
    const starts = startAll(queue, ["a", "b", "c", "d", "e"], order);
    expect(order).toEqual(["a", "b"]);
    expect(queue.waiting).toBe(3);
    expect(queue.hurry("e")).toBe(true);
    expect(queue.hurry("a")).toBe(false); // already sent: nothing to hurry
    starts[0]!.answer();
    await settle();
    expect(order).toEqual(["a", "b", "e"]);
    starts[1]!.answer();
    starts[4]!.answer();
    await settle();
    expect(order).toEqual(["a", "b", "e", "c", "d"]);
    starts[2]!.answer();
    starts[3]!.answer();
    expect(await Promise.all(starts.map((s) => s.result))).toEqual(["a", "b", "c", "d", "e"]);
    expect(queue.waiting).toBe(0);
  });

  it("an aborted waiting start is sent at once, outside the window, and leaves the queue", async () => {
    const queue = new SessionStartQueue(1);
    const order: string[] = [];
    const starts = startAll(queue, ["a", "b", "c"], order);
    starts[2]!.stop.stop(new Error("aborted"));
    expect(order).toEqual(["a", "c"]);
    expect(queue.waiting).toBe(1);
    starts[0]!.answer();
    await settle();
    expect(order).toEqual(["a", "c", "b"]); // c's send took no room: b went when a was answered
  });

  it("two starts of one session are both sent, once each", async () => {
    const queue = new SessionStartQueue(1);
    const order: string[] = [];
    const starts = startAll(queue, ["a", "s", "s"], order);
    expect(queue.hurry("s")).toBe(true); // the later one
    starts[0]!.answer();
    await settle();
    starts[2]!.answer();
    await settle();
    starts[1]!.answer();
    await Promise.all(starts.map((s) => s.result));
    expect(starts.map((s) => s.sends)).toEqual([1, 1, 1]);
  });

  it("whatever the answers, hurries and aborts: each start sent once, never more than `window` unaborted at once", async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("answer" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("hurry" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("abort" as const), pick: fc.nat() }),
    );
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 12 }), fc.array(step, { maxLength: 40 }), async (window, count, steps) => {
      const queue = new SessionStartQueue(window);
      const order: string[] = [];
      const starts = startAll(queue, Array.from({ length: count }, (_, i) => `s${i % 5}`), order);
      const answered = new Set<FakeStart>();
      const inFlight = (): number => starts.filter((s) => s.sends > 0 && !answered.has(s) && !s.stop.stopped).length;
      for (const { kind, pick } of steps) {
        const start = starts[pick % starts.length]!;
        if (kind === "hurry") queue.hurry(start.id);
        else if (kind === "abort") start.stop.stop(new Error("aborted"));
        else if (start.sends > 0) {
          answered.add(start);
          start.answer();
          await settle();
        }
        expect(inFlight()).toBeLessThanOrEqual(window);
      }
      // answer everything left: every start is sent and settles, once
      for (let round = 0; answered.size < starts.length && round <= starts.length; round++) {
        for (const start of starts) if (start.sends > 0 && !answered.has(start)) {
          answered.add(start);
          start.answer();
        }
        await settle();
      }
      await Promise.all(starts.map((s) => s.result));
      expect(starts.every((s) => s.sends === 1)).toBe(true);
      expect(queue.waiting).toBe(0);
    }), { numRuns: 200 });
  });

  it("has no window where I/O is request-scoped (workerd, Edge): every start is sent from its own request at once", async () => {
    expect(sessionStartWindow(true, false)).toBe(64);
    expect(sessionStartWindow(false, false)).toBe(32);
    const queue = new SessionStartQueue(sessionStartWindow(false, true));
    const order: string[] = [];
    const ids = Array.from({ length: 200 }, (_, i) => `s${i}`);
    const starts = startAll(queue, ids, order);
    expect(order).toEqual(ids); // all sent during run(), none from another start's answer
    expect(queue.waiting).toBe(0);
    starts.forEach((s) => s.answer());
    expect(await Promise.all(starts.map((s) => s.result))).toEqual(ids);
  });
});
