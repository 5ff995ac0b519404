import { describe, expect, it } from "vitest";
import { CircuitBreaker, INITIAL_COOLDOWN_MS } from "../../packages/honeyhive/src/transport/circuit-breaker";
import { BreakerWaiters, MAX_BREAKER_WAITERS } from "../../packages/honeyhive/src/transport/breaker-waiters";

/**
 * Req (decision record 0095): calls that meet an open breaker with a wait budget wait for it to close, bounded. One
 * shared timer lets the first waiter probe when the cool-down ends; the probe's success wakes every waiter, its failure
 * leaves them waiting; a waiter gives up at its deadline, when its caller's signal aborts, or when the run's end
 * limits the waits; beyond {@link MAX_BREAKER_WAITERS} a call is refused at once. Real timers (the cool-down is 2 s).
 */
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A waiter whose outcome can be read while it is pending. */
function waiter(breaker: CircuitBreaker, signal?: AbortSignal): { outcome: boolean | undefined; done: Promise<boolean> } {
  const w: { outcome: boolean | undefined; done: Promise<boolean> } = { outcome: undefined, done: Promise.resolve(false) };
  w.done = breaker.waitToSend(breaker.waitDeadline(), signal).then((ok) => (w.outcome = ok));
  return w;
}

function openBreaker(waitMs: number): CircuitBreaker {
  const breaker = new CircuitBreaker();
  breaker.waitUpTo(waitMs, (now) => new BreakerWaiters(now));
  breaker.record("unreachable", "POST /v1/sessions: ECONNREFUSED", false);
  expect(breaker.decide().kind).toBe("reject");
  return breaker;
}

describe("calls waiting on an open circuit breaker", () => {
  it("the first waiter probes when the cool-down ends; the probe's success wakes the others", async () => {
    const breaker = openBreaker(10_000);
    const [first, second, third] = [waiter(breaker), waiter(breaker), waiter(breaker)];
    await sleep(INITIAL_COOLDOWN_MS - 300);
    expect([first.outcome, second.outcome, third.outcome]).toEqual([undefined, undefined, undefined]); // no busy loop, no early wake
    await first.done;
    expect([first.outcome, second.outcome, third.outcome]).toEqual([true, undefined, undefined]);
    expect(breaker.decide().kind).toBe("probe"); // the woken waiter's turn
    breaker.record("answered", "", true);
    await Promise.all([second.done, third.done]);
    expect([second.outcome, third.outcome]).toEqual([true, true]);
    expect(breaker.waiting).toBe(0);
    expect(breaker.decide().kind).toBe("send");
  }, 10_000);

  it("a failed probe leaves the others waiting (and the prober waits again); aborting their callers releases them", async () => {
    const breaker = openBreaker(10_000);
    const callers = new AbortController();
    const [first, second] = [waiter(breaker, callers.signal), waiter(breaker, callers.signal)];
    await first.done;
    expect(breaker.decide().kind).toBe("probe");
    breaker.record("unreachable", "POST /v1/sessions: ECONNREFUSED", true);
    const again = waiter(breaker, callers.signal);
    await sleep(300);
    expect([second.outcome, again.outcome, breaker.waiting]).toEqual([undefined, undefined, 2]);
    callers.abort();
    await Promise.all([second.done, again.done]);
    expect([second.outcome, again.outcome, breaker.waiting]).toEqual([false, false, 0]);
  }, 10_000);

  it("a waiter gives up at its deadline or when the waits are limited; beyond the bound, and without a wait budget, calls are refused at once", async () => {
    const refusing = new CircuitBreaker();
    refusing.record("unreachable", "refused", false);
    expect(await refusing.waitToSend(refusing.waitDeadline(), undefined)).toBe(false); // no budget: refused as before

    const short = openBreaker(200);
    const started = performance.now();
    expect(await waiter(short).done).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(performance.now() - started).toBeLessThan(INITIAL_COOLDOWN_MS);

    const breaker = openBreaker(10_000);
    const callers = new AbortController();
    const waiting = Array.from({ length: MAX_BREAKER_WAITERS }, () => waiter(breaker, callers.signal));
    expect(await waiter(breaker).done).toBe(false); // one more than the bound
    expect(breaker.waiting).toBe(MAX_BREAKER_WAITERS);
    const limited = performance.now();
    breaker.limitWaits(50);
    await Promise.all(waiting.map((w) => w.done));
    expect(performance.now() - limited).toBeLessThan(1_000);
    expect(waiting.every((w) => w.outcome === false)).toBe(true);
    expect(await waiter(breaker).done).toBe(false); // later calls get no more time than the limit either
    expect(breaker.waiting).toBe(0);
  }, 10_000);
});
