import { SpanStatusCode, context, trace as otelTrace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { trace } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

describe("the SDK's own spans behave as OpenTelemetry spans", () => {
  it("parent links, trace ids, events, links, status rules, rename, ended spans ignore writes", async () => {
    const { tracer, spans } = createTestTracer();
    const thirdParty = otelTrace.getTracer("third-party");
    tracer.startSpan("outer", (outer) => {
      outer.addEvent("checkpoint", { step: 1 });
      outer.addLink({ context: outer.spanContext() });
      outer.setStatus({ code: SpanStatusCode.OK });
      outer.setStatus({ code: SpanStatusCode.ERROR, message: "ignored after OK" });
      outer.updateName("outer-renamed");
      thirdParty.startActiveSpan("child", (child) => child.end());
      trace(function inner() { return 1; })();
    });
    const all = await spans();
    const outer = all.find((s) => s.name === "outer-renamed")!;
    const child = all.find((s) => s.name === "child")!;
    const innerSpan = all.find((s) => s.name === "inner")!;
    expect(outer.parentSpanContext).toBeUndefined();
    for (const s of [child, innerSpan]) {
      expect(s.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
      expect(s.spanContext().traceId).toBe(outer.spanContext().traceId);
      expect(s.attributes["honeyhive.session_id"]).toBe(tracer.sessionId);
    }
    expect(outer.status).toEqual({ code: SpanStatusCode.OK });
    expect(outer.events.map((e) => e.name)).toEqual(["checkpoint"]);
    expect(outer.links).toHaveLength(1);
    expect(outer.ended).toBe(true);
    expect(outer.spanContext().spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(outer.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    const endNs = outer.endTime[0] * 1e9 + outer.endTime[1];
    const startNs = outer.startTime[0] * 1e9 + outer.startTime[1];
    expect(endNs).toBeGreaterThanOrEqual(startNs);
    expect(Math.abs(startNs / 1e6 - Date.now())).toBeLessThan(60_000);
    const written = outer as unknown as { setAttribute(k: string, v: unknown): void; attributes: Record<string, unknown> };
    written.setAttribute("late", 1);
    expect(written.attributes.late).toBeUndefined();
  });

  it("caps attributes at 1024 and counts the dropped ones; core attributes are never the ones dropped", async () => {
    const { tracer, spans } = createTestTracer({ project: "p" });
    tracer.startSpan("many", (span) => {
      for (let i = 0; i < 1100; i++) span.setAttribute(`k${i}`, i);
    });
    const [span] = await spans();
    expect(Object.keys(span!.attributes).length).toBe(1024);
    expect(span!.droppedAttributesCount).toBeGreaterThan(0);
    expect(span!.attributes["honeyhive.session_id"]).toBe(tracer.sessionId);
    expect(span!.attributes["honeyhive.project"]).toBe("p");
  });

  it("a shut-down tracer's spans are not recorded, but the function still runs", async () => {
    const { tracer } = createTestTracer();
    await tracer.shutdown();
    const ran = tracer.startSpan("after", (span) => {
      expect(span.isRecording()).toBe(false);
      expect(otelTrace.getSpan(context.active())).toBe(span);
      return "ran";
    });
    expect(ran).toBe("ran");
    expect(tracer.diagnostics().dropped.shutdown).toBe(1);
  });
});
