/**
 * Composed abort signals on a runtime without `AbortSignal.any` (the Edge runtime's primitives): the composed signal
 * follows its sources, and `release()` leaves no listener behind on a long-lived source.
 */
import { afterEach, describe, expect, it } from "vitest";
import { anySignal, scopedAnySignal } from "../../packages/honeyhive/src/internal/any-signal";

const nativeAny = Object.getOwnPropertyDescriptor(AbortSignal, "any");
afterEach(() => {
  if (nativeAny) Object.defineProperty(AbortSignal, "any", nativeAny);
});

function withoutAbortSignalAny(): void {
  Object.defineProperty(AbortSignal, "any", { value: undefined, configurable: true, writable: true });
}

describe("scopedAnySignal / anySignal", () => {
  it("follows whichever source aborts first, with its reason", () => {
    withoutAbortSignalAny();
    const a = new AbortController();
    const b = new AbortController();
    const composed = anySignal([a.signal, undefined, b.signal])!;
    expect(composed.aborted).toBe(false);
    b.abort("b first");
    expect(composed.aborted).toBe(true);
    expect(composed.reason).toBe("b first");
  });

  it("releases its listeners: 1,000 requests under one long-lived signal leave none", () => {
    withoutAbortSignalAny();
    const outer = new AbortController();
    let added = 0;
    let removed = 0;
    const add = outer.signal.addEventListener.bind(outer.signal);
    const remove = outer.signal.removeEventListener.bind(outer.signal);
    outer.signal.addEventListener = ((...args: Parameters<typeof add>) => (added++, add(...args))) as typeof add;
    outer.signal.removeEventListener = ((...args: Parameters<typeof remove>) => (removed++, remove(...args))) as typeof remove;
    for (let i = 0; i < 1000; i++) scopedAnySignal([AbortSignal.timeout(60_000), outer.signal]).release();
    expect(added).toBe(1000);
    expect(removed).toBe(1000);
  });

  it("one or no signal is returned as is; an aborted source aborts at once", () => {
    const only = new AbortController().signal;
    expect(anySignal([undefined, only])).toBe(only);
    expect(anySignal([undefined])).toBeUndefined();
    withoutAbortSignalAny();
    expect(anySignal([AbortSignal.abort("done"), new AbortController().signal])!.reason).toBe("done");
  });
});
