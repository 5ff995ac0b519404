// Issue 47.9: the caller's context in an MCP request's params._meta (integrations/mcp-meta.ts). What travels (W3C
// trace context; baggage with the safe keys only, the session only when the caller opts in), and how a server reads it:
// a caller of this process is continued with its own context, one of another process as extractContext continues one.
import { type Context, ROOT_CONTEXT, context, trace as otelTrace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { trace } from "../../packages/honeyhive/src/index";
import { contextFromMeta, metaWithContext, noteCallInFlight } from "../../packages/honeyhive/src/integrations/mcp-meta";
import { createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

afterEach(() => resetHoneyHiveGlobals());

function caller(propagateSessionId: boolean) {
  return createTestTracer({ runId: "run-1", datasetId: "ds-1", datapointId: "dp-1", propagateSessionId, project: "secret-project", apiKey: "hh-secret-key" });
}

function baggageKeys(meta: Record<string, unknown> | undefined): string[] {
  return String(meta?.baggage ?? "").split(",").map((entry) => entry.split("=")[0]!.trim()).filter(Boolean).sort();
}

/** The caller's `_meta` as a client inside `callTool` writes it, and the span it was written under. */
function callerMeta(t: ReturnType<typeof caller>, meta?: unknown) {
  return t.tracer.trace(() => trace(function callTool() {
    return { meta: metaWithContext(meta), span: otelTrace.getActiveSpan()!.spanContext() };
  })());
}

describe("MCP _meta propagation", () => {
  it("carries traceparent and baggage with the safe keys and the session (opted in); never project or key; the caller's object untouched", () => {
    const t = caller(true);
    const own = { progressToken: 7 };
    const { meta, span } = callerMeta(t, own);
    expect(meta).toMatchObject({ progressToken: 7, traceparent: `00-${span.traceId}-${span.spanId}-01` });
    expect(baggageKeys(meta)).toEqual(["datapoint_id", "dataset_id", "run_id", "session_id"]);
    expect(String(meta?.baggage)).toContain(`session_id=${t.tracer.sessionId}`);
    expect(JSON.stringify(meta)).not.toMatch(/secret-project|hh-secret-key/);
    expect(own).toEqual({ progressToken: 7 });
  });

  it("without propagateSessionId the session stays home; without a tracer nothing is added", () => {
    expect(baggageKeys(callerMeta(caller(false)).meta)).toEqual(["datapoint_id", "dataset_id", "run_id"]);
    resetHoneyHiveGlobals();
    expect(metaWithContext(undefined)).toBeUndefined();
    const own = { progressToken: 1 };
    expect(metaWithContext(own)).toBe(own);
  });

  /** Runs `check` inside a span of a caller tracer, with that span's context and the `_meta` a request sent under it carries. */
  function underCallerSpan(check: (ctx: Context, meta: ReturnType<typeof metaWithContext>) => void): void {
    caller(false).tracer.trace(() => trace(function callTool() {
      const ctx = context.active();
      check(ctx, metaWithContext(undefined, ctx));
    })());
  }

  it("a server of this process continues the caller's own context while the call is in flight", () => {
    underCallerSpan((ctx, meta) => {
      const done = noteCallInFlight(ctx);
      expect(contextFromMeta(meta, ROOT_CONTEXT)).toBe(ctx);
      done();
      expect(contextFromMeta(meta, ROOT_CONTEXT)).not.toBe(ctx);
    });
  });

  it("requests sent under one span share its entry until the last one settles; settling twice counts once", () => {
    underCallerSpan((ctx, meta) => {
      const first = noteCallInFlight(ctx);
      const second = noteCallInFlight(ctx);
      first();
      first();
      expect(contextFromMeta(meta, ROOT_CONTEXT)).toBe(ctx);
      second();
      expect(contextFromMeta(meta, ROOT_CONTEXT)).not.toBe(ctx);
    });
  });

  it("a server of another process joins the caller's trace, and its session and run when it trusts the caller (else names them as the caller's)", async () => {
    const t = caller(true);
    const { meta, span } = callerMeta(t);
    for (const trustIncomingSession of [true, false]) {
      const server = createTestTracer({ trustIncomingSession });
      server.tracer.trace(() => context.with(contextFromMeta(meta), () => trace(function echo() { return "ok"; }, { eventType: "tool" })()));
      const [echo] = await server.spans();
      expect(echo!.spanContext().traceId).toBe(span.traceId);
      // trusted: a child of the caller's span; untrusted: a root of the server's own session that records its caller
      if (trustIncomingSession) expect(echo!.parentSpanContext?.spanId).toBe(span.spanId);
      // the caller is recorded either way (with another project's key, the link is what connects the two)
      expect(echo!.attributes["honeyhive_metadata.caller_span_id"]).toBe(span.spanId);
      // the run's ids only on a span of the datapoint's own session: a session of the server's own is no datapoint of the run
      expect(echo!.attributes["honeyhive_metadata.datapoint_id"]).toBe(trustIncomingSession ? "dp-1" : undefined);
      expect(echo!.attributes["honeyhive_metadata.run_id"]).toBe(trustIncomingSession ? "run-1" : undefined);
      expect(echo!.attributes["honeyhive_metadata.caller_run_id"]).toBe(trustIncomingSession ? undefined : "run-1");
      expect(echo!.attributes["honeyhive_metadata.caller_datapoint_id"]).toBe(trustIncomingSession ? undefined : "dp-1");
      expect(echo!.attributes["honeyhive.session_id"]).toBe(trustIncomingSession ? t.tracer.sessionId : server.tracer.sessionId);
    }
  });

  it("hostile _meta is ignored, never thrown", () => {
    const base = context.active();
    for (const meta of [undefined, null, "x", [], { traceparent: 42 }, { traceparent: "garbage", baggage: "%%%" }]) {
      expect(() => contextFromMeta(meta, base)).not.toThrow();
    }
    expect(contextFromMeta({ traceparent: 42 }, base)).toBe(base);
  });
});
