import { describe, expect, it } from "vitest";
import { HoneyHiveTracer, discoverTracer, enrichSession, getDefaultTracer, setDefaultTracer, trace } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, createTestTracer } from "../../packages/honeyhive/src/testing";

describe("tracer discovery: explicit > active in context > default > none", () => {
  it("finds the explicit tracer first, then the one in context, then the default", async () => {
    const a = createTestTracer({ sessionName: "A" });
    const b = createTestTracer({ sessionName: "B" });
    const d = createTestTracer({ sessionName: "D" });
    setDefaultTracer(d.tracer);
    expect(getDefaultTracer()).toBe(d.tracer);
    expect(discoverTracer()).toBe(d.tracer);
    expect(discoverTracer(b.tracer)).toBe(b.tracer);
    a.tracer.trace(() => {
      expect(discoverTracer()).toBe(a.tracer);
      expect(discoverTracer(b.tracer)).toBe(b.tracer);
    });
    await a.tracer.trace(async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(discoverTracer()).toBe(a.tracer);
    });
    setDefaultTracer(undefined);
    expect(discoverTracer()).toBeUndefined();
  });

  it("inside a span of tracer B nested in tracer A's span, B is found (and B's session is stamped)", async () => {
    const a = createTestTracer({ sessionName: "A" });
    const b = createTestTracer({ sessionName: "B" });
    let foundInner: unknown;
    const tracedInner = trace(function inner() {
      foundInner = discoverTracer();
      return trace(function leaf() { return 1; })();
    }, { tracer: b.tracer });
    const tracedOuter = trace(function outer() { return tracedInner(); }, { tracer: a.tracer });
    tracedOuter();
    expect(foundInner).toBe(b.tracer);
    const spansA = await a.spans();
    const spansB = await b.spans();
    expect(spansA.map((s) => s.name)).toEqual(["outer"]);
    expect(spansB.map((s) => s.name).sort()).toEqual(["inner", "leaf"]);
    expect(spansB.every((s) => s.attributes["honeyhive.session_id"] === b.tracer.sessionId)).toBe(true);
    expect(spansA[0]!.attributes["honeyhive.session_id"]).toBe(a.tracer.sessionId);
    // one trace; inner's parent (outer) is in A's session, so B's HoneyHive export makes inner a root of B's session
    const innerSpan = spansB.find((s) => s.name === "inner")!;
    expect(innerSpan.spanContext().traceId).toBe(spansA[0]!.spanContext().traceId);
    expect(innerSpan.parentSpanContext).toBeUndefined();
    expect(spansB.find((s) => s.name === "leaf")!.parentSpanContext?.spanId).toBe(innerSpan.spanContext().spanId);
  });

  it("with no tracer anywhere, traced functions run untraced with one warning and free functions return false", async () => {
    setDefaultTracer(undefined);
    const logs = captureSdkLogs();
    try {
      const f = trace((x: number) => x + 1);
      expect(f(1)).toBe(2);
      expect(f(2)).toBe(3);
      expect(await enrichSession({ metadata: { a: 1 } })).toBe(false);
      expect(await enrichSession({ metadata: { a: 2 } })).toBe(false);
    } finally {
      logs.restore();
    }
    expect(logs.lines.map((l) => l.level)).toEqual(["warn", "warn"]);
    expect(logs.lines[0]!.message).toMatch(/^trace\("anonymous"\): no HoneyHive tracer in context and no default tracer; the function runs untraced$/);
    expect(logs.lines[1]!.message).toBe("enrichSession: no HoneyHive tracer in context and no default tracer; nothing sent");
  });

  it("the first tracer created becomes the default unless one was chosen explicitly", () => {
    setDefaultTracer(undefined); // explicit choice: none
    const t = new HoneyHiveTracer({ testMode: true });
    expect(getDefaultTracer()).toBeUndefined();
    setDefaultTracer(t);
    expect(getDefaultTracer()).toBe(t);
  });

  it("project, source and session never leak between instances through context", async () => {
    const a = createTestTracer({ project: "pa", source: "sa" });
    const b = createTestTracer({ source: "sb" });
    await a.tracer.trace(async () => {
      await trace(async function viaB() { await new Promise((r) => setTimeout(r, 1)); }, { tracer: b.tracer })();
    });
    const [span] = await b.spans();
    expect(span!.attributes["honeyhive.source"]).toBe("sb");
    expect(span!.attributes["honeyhive.project"]).toBeUndefined();
    expect(span!.attributes["honeyhive.session_id"]).toBe(b.tracer.sessionId);
  });
});
