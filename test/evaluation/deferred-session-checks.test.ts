/**
 * The read-backs of failed session writes that could not be read during an outage are made again once the run's
 * datapoints are done (`deferred-session-checks.ts`): what a read finds is kept, a read that could not be made is
 * held until then (at most MAX_DEFERRED_CHECKS), and one made after the end is made at once. The session reads here
 * are a table the test fills (the end-to-end case is in `outage-mid-run.test.ts`, over real HTTP).
 */
import { describe, expect, it } from "vitest";
import { DeferredSessionChecks, MAX_DEFERRED_CHECKS } from "../../packages/honeyhive/src/evaluation/deferred-session-checks";
import type { SessionCheck } from "../../packages/honeyhive/src/evaluation/session-holds";

/** A backend whose answer for each session the test sets, counting the reads. */
function backend(initial: SessionCheck): { answer: Map<string, SessionCheck>; reads: string[]; checks: DeferredSessionChecks } {
  const answer = new Map<string, SessionCheck>();
  const reads: string[] = [];
  const checks = new DeferredSessionChecks(async (id) => {
    reads.push(id);
    return answer.get(id) ?? initial;
  }, new AbortController().signal);
  return { answer, reads, checks };
}

const settledYet = async (p: Promise<unknown>): Promise<boolean> => {
  let settled = false;
  void p.then(() => (settled = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
  return settled;
};

describe("read-backs of failed session writes", () => {
  it("what a first read finds is final: held values count stored, lacking ones lost, nothing read twice", async () => {
    const { answer, reads, checks } = backend("lacks");
    answer.set("a", "holds");
    expect(await checks.holds("a", { outputs: { result: 1 } })).toBe(true);
    expect(await checks.holds("b", { outputs: { result: 1 } })).toBe(false);
    checks.datapointsDone(5_000);
    expect(reads).toEqual(["a", "b"]);
  });

  it("a session that could not be read is read again once the datapoints are done, and counts as what that read finds", async () => {
    const { answer, reads, checks } = backend("unread");
    const applied = checks.holds("applied", { outputs: { result: 1 } });
    const missing = checks.holds("missing", { outputs: { result: 2 } });
    expect(await settledYet(applied)).toBe(false); // held while the run goes on
    answer.set("applied", "holds").set("missing", "lacks"); // the backend is back
    checks.datapointsDone(5_000);
    expect([await applied, await missing]).toEqual([true, false]);
    expect(reads).toEqual(["applied", "missing", "applied", "missing"]);
  });

  it("once the datapoints are done, a read that fails is made again at once; a second failure keeps the write lost", async () => {
    const { answer, reads, checks } = backend("unread");
    checks.datapointsDone(5_000);
    const late = checks.holds("late", {});
    answer.set("late", "holds");
    expect(await late).toBe(true);
    answer.set("down", "unread");
    expect(await checks.holds("down", {})).toBe(false);
    expect(reads).toEqual(["late", "late", "down", "down"]);
  });

  it(`holds at most ${MAX_DEFERRED_CHECKS} reads: one beyond that counts lost at once`, async () => {
    const { answer, checks } = backend("unread");
    const held = Array.from({ length: MAX_DEFERRED_CHECKS }, (_, i) => checks.holds(`s${i}`, {}));
    await new Promise((r) => setImmediate(r));
    expect(await checks.holds("beyond", {})).toBe(false);
    for (let i = 0; i < MAX_DEFERRED_CHECKS; i++) answer.set(`s${i}`, "holds");
    checks.datapointsDone(5_000);
    expect((await Promise.all(held)).every(Boolean)).toBe(true);
  });

  it("a read that throws counts as lacking, never rejects", async () => {
    const checks = new DeferredSessionChecks(() => Promise.reject(new Error("boom")), new AbortController().signal);
    expect(await checks.holds("x", {})).toBe(false);
  });

  /** Reads answered "unread" until `end()`; after it, each waits for its signal (a hung backend) and is then "lacks". */
  function hungAtTheEnd(run: AbortController): { checks: DeferredSessionChecks; aborted: string[]; end: (budgetMs: number) => void } {
    const aborted: string[] = [];
    let ended = false;
    const checks = new DeferredSessionChecks((id, _values, signal) => {
      if (!ended) return Promise.resolve("unread");
      if (signal.aborted) return Promise.resolve("lacks"); // as a real read with an aborted signal
      return new Promise((resolve) => signal.addEventListener("abort", () => {
        aborted.push(id);
        resolve("lacks");
      }));
    }, run.signal);
    const end = (budgetMs: number): void => {
      ended = true;
      checks.datapointsDone(budgetMs);
    };
    return { checks, aborted, end };
  }

  it("the reads made at the end share one budget: a backend that hangs holds the run's end no longer, and its writes stay lost", async () => {
    const { checks, aborted, end } = hungAtTheEnd(new AbortController());
    const held = Array.from({ length: 20 }, (_, i) => checks.holds(`s${i}`, {}));
    await new Promise((r) => setImmediate(r));
    const started = performance.now();
    end(200);
    expect(await Promise.all(held)).toEqual(Array.from({ length: 20 }, () => false));
    expect(performance.now() - started).toBeLessThan(2_000); // 20 reads 8 at a time would otherwise never end
    expect(aborted.length).toBeGreaterThan(0);
    expect(await checks.holds("after", {})).toBe(false); // made after the budget was spent: lost at once
  });

  it("the run's cancellation aborts the reads held for its end", async () => {
    const run = new AbortController();
    const { checks, end } = hungAtTheEnd(run);
    const held = checks.holds("s", {});
    await new Promise((r) => setImmediate(r));
    end(60_000);
    run.abort();
    expect(await held).toBe(false);
  });
});
