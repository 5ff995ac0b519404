/**
 * One rule for every event type a user gives (trace(), decorators, traceClass, the old traceFunction helpers,
 * tracer.startSpan()): HoneyHive knows model|chain|tool for these spans; a case-insensitive, trimmed match is stored
 * lowercase (as the 1.0 SDK did), anything else is "tool" with one warning naming the allowed values and the value.
 * Other SDKs' explicit honeyhive_event_type is read as before (spanEventType).
 */
import { afterEach, describe, expect, it } from "vitest";
import { trace, traceClass, traceFunction } from "../../packages/honeyhive/src/index";
import { spanEventType } from "../../packages/core/src/semconv/event-type";
import { captureSdkLogs, createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

afterEach(() => resetHoneyHiveGlobals());

const typeOf = async (test: ReturnType<typeof createTestTracer>, name: string): Promise<unknown> =>
  (await test.spansNamed(name))[0]?.attributes.honeyhive_event_type;

describe("eventType given by the user", () => {
  it.each([["MODEL", "model"], ["Model", "model"], [" chain ", "chain"], ["TOOL", "tool"], ["tool", "tool"], [undefined, "tool"]])(
    "trace(fn, { eventType: %j }) stores %j, quietly", async (given, stored) => {
      const logs = captureSdkLogs();
      const test = createTestTracer();
      expect(trace(function step() { return 1; }, { tracer: test.tracer, eventType: given })()).toBe(1);
      expect(await typeOf(test, "step")).toBe(stored);
      expect(logs.lines).toEqual([]);
    },
  );

  it("an unknown value is stored as tool with one warning per value (the same site wrapped again adds none)", async () => {
    const logs = captureSdkLogs();
    const test = createTestTracer();
    for (let i = 0; i < 3; i++) trace(function fetchDocs() { return i; }, { tracer: test.tracer, eventType: "retriever" })();
    trace(function open() { return 1; }, { tracer: test.tracer, eventType: "session" })();
    trace(function odd() { return 1; }, { tracer: test.tracer, eventType: 7 as never })();
    expect(await typeOf(test, "fetchDocs")).toBe("tool");
    expect(await typeOf(test, "open")).toBe("tool");
    expect(await typeOf(test, "odd")).toBe("tool");
    expect(logs.lines).toEqual([
      { level: "warn", message: 'trace("fetchDocs"): eventType must be "model", "chain" or "tool", in any case (got the string "retriever"); recorded as "tool"' },
      { level: "warn", message: 'trace("open"): eventType must be "model", "chain" or "tool", in any case (got the string "session"); recorded as "tool"' },
      { level: "warn", message: 'trace("odd"): eventType must be "model", "chain" or "tool", in any case (got 7); recorded as "tool"' },
    ]);
  });

  it("traceFunction, the tracer's traceFunction, traceClass and startSpan follow the same rule", async () => {
    const logs = captureSdkLogs();
    const test = createTestTracer({ setAsDefault: true });
    traceFunction({ eventType: "MODEL" })(function freeLegacy() { return 1; })();
    test.tracer.traceFunction({ eventType: "Chain" })(function ownLegacy() { return 1; })();
    const Tools = traceClass({ eventType: "MODEL" })(class Tools { call(): number { return 1; } });
    new Tools().call();
    test.tracer.startSpan("manual", () => 1, { eventType: "MODEL" });
    test.tracer.startSpan("manualOdd", () => 1, { eventType: "Retriever" });
    expect(await typeOf(test, "freeLegacy")).toBe("model");
    expect(await typeOf(test, "ownLegacy")).toBe("chain");
    expect(await typeOf(test, "Tools.call")).toBe("model");
    expect(await typeOf(test, "manual")).toBe("model");
    expect(await typeOf(test, "manualOdd")).toBe("tool");
    expect(logs.lines).toEqual([
      { level: "warn", message: 'startSpan("manualOdd"): eventType must be "model", "chain" or "tool", in any case (got the string "Retriever"); recorded as "tool"' },
    ]);
  });

  it("a tracer's own logSink gets the warning when the options name that tracer", async () => {
    const warnings: string[] = [];
    const test = createTestTracer({ logSink: (level, message) => void (level === "warn" && warnings.push(message)) });
    trace(function fetchDocs() { return 1; }, { tracer: test.tracer, eventType: "retriever" })();
    expect(warnings).toEqual(['trace("fetchDocs"): eventType must be "model", "chain" or "tool", in any case (got the string "retriever"); recorded as "tool"']);
    expect(await typeOf(test, "fetchDocs")).toBe("tool");
  });

  it("other SDKs' explicit honeyhive_event_type is read as written (not this rule)", () => {
    expect(spanEventType({ honeyhive_event_type: "retriever" }, "x")).toBe("retriever");
  });
});
