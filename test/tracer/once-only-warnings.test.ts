/**
 * MIGRATION.md §1: a traced function with no tracer anywhere runs untraced with one warning. The same function
 * wrapped again (per request, per call site) and the same invalid `sessionId` set again add no line: identical
 * warnings of this kind are given once per process (until `resetHoneyHiveGlobals()`).
 */
import { afterEach, describe, expect, it } from "vitest";
import { HoneyHiveTracer, setDefaultTracer, trace } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

afterEach(() => resetHoneyHiveGlobals());

describe("once-only warnings", () => {
  it("wrapping the same untraced function five times warns once; another function gets its own line", () => {
    setDefaultTracer(undefined);
    const logs = captureSdkLogs();
    function g(x: number): number { return x * 2; }
    for (let i = 0; i < 5; i++) expect(trace(g)(i)).toBe(i * 2);
    expect(trace(function h() { return 1; })()).toBe(1);
    expect(logs.lines).toEqual([
      { level: "warn", message: 'trace("g"): no HoneyHive tracer in context and no default tracer; the function runs untraced' },
      { level: "warn", message: 'trace("h"): no HoneyHive tracer in context and no default tracer; the function runs untraced' },
    ]);
  });

  it("resetHoneyHiveGlobals() forgets the warnings given", () => {
    setDefaultTracer(undefined);
    const first = captureSdkLogs();
    trace(function g() { return 1; })();
    expect(first.lines).toHaveLength(1);
    resetHoneyHiveGlobals();
    setDefaultTracer(undefined);
    const second = captureSdkLogs();
    trace(function g() { return 1; })();
    expect(second.lines).toHaveLength(1);
  });

  it("setting an invalid sessionId warns once and leaves the session unchanged", async () => {
    const logs = captureSdkLogs();
    const { tracer } = createTestTracer();
    const before = tracer.sessionId;
    for (const bad of ["not-a-uuid", "not-a-uuid", "also bad", 42 as never]) tracer.sessionId = bad;
    expect(tracer.sessionId).toBe(before);
    expect(logs.lines.filter((l) => l.message.includes("sessionId"))).toEqual([{ level: "warn", message: "sessionId must be a UUID; unchanged" }]);
    await tracer.shutdown();
    expect(tracer).toBeInstanceOf(HoneyHiveTracer);
  });
});
