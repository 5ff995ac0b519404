/**
 * The idle rule both Node clients follow (node:http pools and pipelined sockets): a server's `Keep-Alive: timeout=`
 * hint less a second, never more than IDLE_SOCKET_TIMEOUT_MS, and a safe limit whatever the server sends.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IDLE_SOCKET_TIMEOUT_MS, OVERDUE_MARGIN_MS, idleLimitOf, isIdleOverdue } from "../../packages/honeyhive/src/runtime/node/idle-socket-rule";

describe("idleLimitOf", () => {
  it("is the hint less a second, wherever the parameter stands in the header", () => {
    expect(idleLimitOf("timeout=2")).toBe(1000);
    expect(idleLimitOf("timeout=3, max=100")).toBe(2000);
    expect(idleLimitOf("max=100, timeout=3")).toBe(2000);
    expect(idleLimitOf("Timeout = 4 ,max=5")).toBe(3000);
    expect(idleLimitOf("timeout=2.5")).toBe(1500);
  });

  it("never exceeds the default, and is the default without a hint", () => {
    expect(idleLimitOf(undefined)).toBe(IDLE_SOCKET_TIMEOUT_MS);
    expect(idleLimitOf(null)).toBe(IDLE_SOCKET_TIMEOUT_MS);
    expect(idleLimitOf("")).toBe(IDLE_SOCKET_TIMEOUT_MS);
    expect(idleLimitOf("max=100")).toBe(IDLE_SOCKET_TIMEOUT_MS);
    expect(idleLimitOf("timeout=5")).toBe(IDLE_SOCKET_TIMEOUT_MS);
    expect(idleLimitOf("timeout=600")).toBe(IDLE_SOCKET_TIMEOUT_MS);
  });

  it("falls back safely on hostile hints: zero or one second is no reuse, the unreadable is the default", () => {
    expect(idleLimitOf("timeout=0")).toBe(0);
    expect(idleLimitOf("timeout=1")).toBe(0);
    expect(idleLimitOf("timeout=0.9")).toBe(0);
    expect(idleLimitOf("timeout=-5")).toBe(IDLE_SOCKET_TIMEOUT_MS);
    expect(idleLimitOf(`timeout=${"9".repeat(400)}`)).toBe(IDLE_SOCKET_TIMEOUT_MS); // Infinity seconds
    expect(idleLimitOf("timeout=1e9")).toBe(IDLE_SOCKET_TIMEOUT_MS);
    expect(idleLimitOf("timeout=abc")).toBe(IDLE_SOCKET_TIMEOUT_MS);
    expect(idleLimitOf("timeout=")).toBe(IDLE_SOCKET_TIMEOUT_MS);
    expect(idleLimitOf("timeout=NaN")).toBe(IDLE_SOCKET_TIMEOUT_MS);
    expect(idleLimitOf("xtimeout=2")).toBe(IDLE_SOCKET_TIMEOUT_MS);
    expect(idleLimitOf("timeout=2x")).toBe(IDLE_SOCKET_TIMEOUT_MS);
  });

  it("gives an integer limit between 0 and the default for any header, and the same for the same header", () => {
    const headers = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.tuple(fc.constantFrom("timeout=", "max=1, timeout=", "TIMEOUT = ", "timeout=-"), fc.oneof(fc.double().map(String), fc.bigInt().map(String), fc.string())).map(([a, b]) => a + b),
    );
    fc.assert(fc.property(headers, (header) => {
      const limit = idleLimitOf(header);
      idleLimitOf("timeout=3"); // another header read between: the answer for `header` does not change
      return Number.isInteger(limit) && limit >= 0 && limit <= IDLE_SOCKET_TIMEOUT_MS && idleLimitOf(header) === limit;
    }), { numRuns: 2000 });
  });
});

describe("isIdleOverdue", () => {
  it("is true from the limit less the margin on", () => {
    expect(isIdleOverdue(1000 - OVERDUE_MARGIN_MS - 1, 1000)).toBe(false);
    expect(isIdleOverdue(1000 - OVERDUE_MARGIN_MS, 1000)).toBe(true);
    expect(isIdleOverdue(0, 0)).toBe(true); // not to be reused once idle
    expect(isIdleOverdue(3000, IDLE_SOCKET_TIMEOUT_MS)).toBe(false);
  });
});
