/**
 * Req: "Unknown option keys are errors that name the closest key", applied to every entry point that takes options,
 * each by its own rule: trace()/traceFunction options warn once per wrap site (a strict tracer throws), withSession
 * options warn and never throw, an enrichment key near a field is still metadata (documented) but warned about; and
 * identical configuration warnings of per-request tracers print once per process.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveConfigError, HoneyHiveTracer, enrichSession, enrichSpan, trace, traceFunction, traceModel, traceClass } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

function sinkTracer(options: Record<string, unknown> = {}): { test: ReturnType<typeof createTestTracer>; warnings: string[] } {
  const warnings: string[] = [];
  const test = createTestTracer({ logSink: (level: string, message: string) => void (level === "warn" && warnings.push(message)), ...options } as never);
  return { test, warnings };
}

const attrs = async (test: ReturnType<typeof createTestTracer>, name: string): Promise<Record<string, unknown>> => (await test.spansNamed(name))[0]!.attributes;

afterEach(() => resetHoneyHiveGlobals());

describe("trace() and the old traceFunction helpers: unknown option keys", () => {
  it("trace(fn, { evenType }) warns once per wrap site naming eventType, and records a tool event as before", async () => {
    const { test, warnings } = sinkTracer();
    const answer = (): string => "ok";
    const wrapped = trace(answer, { tracer: test.tracer, evenType: "model" } as never);
    trace(answer, { tracer: test.tracer, evenType: "model" } as never); // the same site again (a per-request wrap)
    expect(wrapped()).toBe("ok");
    expect(wrapped()).toBe("ok");
    expect(warnings).toEqual(['trace options of "answer": unknown option "evenType" (did you mean "eventType"?); ignored']);
    expect((await attrs(test, "answer")).honeyhive_event_type).toBe("tool");
  });

  it("traceFunction({ evenType })(fn) warns naming eventType; association properties take any key", async () => {
    const { test, warnings } = sinkTracer({ setAsDefault: true });
    const legacy = traceFunction({ evenType: "model" } as never, { customer_tier: "gold" })(function findAccount() { return 1; });
    expect(legacy()).toBe(1);
    const own = test.tracer.traceFunction({ evenType: "model" } as never)(function fetchDocs() { return 2; });
    expect(own()).toBe(2);
    traceModel(function callModel() { return 3; }, { evenType: "chain" } as never)();
    expect(warnings).toEqual([
      'trace options of "findAccount": unknown option "evenType" (did you mean "eventType"?); ignored',
      'trace options of "fetchDocs": unknown option "evenType" (did you mean "eventType"?); ignored',
      'trace options of "callModel": unknown option "evenType" (did you mean "eventType"?); ignored',
    ]);
    const account = await attrs(test, "findAccount");
    expect(account.honeyhive_event_type).toBe("tool");
    expect(account["honeyhive_metadata.customer_tier"]).toBe("gold");
    expect((await attrs(test, "callModel")).honeyhive_event_type).toBe("model");
  });

  it("traceClass warns once for the class; with no tracer around the warning goes to the SDK's logger", () => {
    const logs = captureSdkLogs();
    const Tools = traceClass({ evenType: "tool" } as never)(class Tools {
      a(): number { return 1; }
      b(): number { return 2; }
    });
    expect(new Tools().a() + new Tools().b()).toBe(3);
    expect(logs.lines.filter((l) => l.message.includes("unknown option")).map((l) => l.message)).toEqual([
      'trace options of "Tools": unknown option "evenType" (did you mean "eventType"?); ignored',
    ]);
  });

  it("a strict tracer throws HoneyHiveConfigError at wrap time, as its own options do; calls of a wrapper never throw", () => {
    const { test } = sinkTracer({ resilience: "strict" });
    expect(() => trace(() => 1, { tracer: test.tracer, evenType: "model" } as never)).toThrowError(HoneyHiveConfigError);
    expect(() => test.tracer.traceFunction({ evenType: "model" } as never)(() => 1)).toThrowError('unknown option "evenType" (did you mean "eventType"?)');
  });
});

describe("withSession() and enrichment: unknown keys", () => {
  let server: HoneyHiveRecorder;
  beforeAll(async () => {
    server = await startHoneyHiveRecorder();
  });
  afterAll(() => server.close());

  const recordingTracer = (warnings: string[], resilience = "balanced"): HoneyHiveTracer =>
    new HoneyHiveTracer({ apiKey: "hh_typo_key", serverUrl: server.url, sessionName: "service", setAsDefault: false, resilience, logSink: (level: string, message: string) => void (level === "warn" && warnings.push(message)) } as never);

  it("withSession({ sesionName }) warns naming sessionName and never throws (even strict); the tracer's name is used", async () => {
    const warnings: string[] = [];
    const tracer = recordingTracer(warnings, "strict");
    const ids = [tracer.withSession({ sesionName: "s" } as never, (id) => id), tracer.withSession({ sesionName: "s" } as never, (id) => id)];
    expect(warnings).toEqual(['withSession: unknown option "sesionName" (did you mean "sessionName"?); ignored']);
    await tracer.flush();
    const starts = server.requestsTo("/v1/sessions").filter((r) => ids.includes(r.json.session_id));
    expect(starts.map((r) => r.json.session_name)).toEqual(["service", "service"]);
    await tracer.shutdown();
  });

  it("enrichSession({ metdata }) still stores metadata.metdata and returns true, with a warning naming metadata", async () => {
    const warnings: string[] = [];
    const tracer = recordingTracer(warnings);
    expect(await enrichSession({ metdata: { a: 1 }, model_config: { t: 0 } }, tracer)).toBe(true);
    expect(await tracer.enrichSession({ metdata: { a: 2 }, session_id: "x" })).toBe(true);
    expect(warnings).toEqual([
      'enrichSession: "metdata" is not a field and is recorded as metadata.metdata (did you mean "metadata"?)',
      'enrichSession: "session_id" is not a field and is recorded as metadata.session_id (did you mean "sessionId"?)',
    ]);
    const updates = server.requestsTo("/v1/events/").filter((r) => r.method === "PUT").map((r) => r.json.metadata);
    expect(updates).toEqual([{ metdata: { a: 1 }, model_config: { t: 0 } }, { metdata: { a: 2 }, session_id: "x" }]);
    await tracer.shutdown();
  });

  it("enrichSpan({ metdata, metric }) still records them as metadata, returns true, and warns naming the fields", async () => {
    const { test, warnings } = sinkTracer();
    const results = trace(function step() {
      return [enrichSpan({ metdata: { a: 1 }, metric: 2, model_config: "x" }), test.tracer.enrichSpan({ metdata: { a: 1 } })];
    }, { tracer: test.tracer })();
    expect(results).toEqual([true, true]);
    expect(warnings).toEqual([
      'enrichSpan: "metdata" is not a field and is recorded as metadata.metdata (did you mean "metadata"?)',
      'enrichSpan: "metric" is not a field and is recorded as metadata.metric (did you mean "metrics"?)',
    ]);
    expect(await attrs(test, "step")).toMatchObject({ "honeyhive_metadata.metdata.a": 1, "honeyhive_metadata.metric": 2, "honeyhive_metadata.model_config": "x" });
  });
});

describe("per-request tracers: identical configuration warnings print once per process", () => {
  it("20 tracers with sesionName print one warning; 20 with an invalid sessionId one more; each still records", () => {
    const logs = captureSdkLogs();
    const typo = Array.from({ length: 20 }, () => new HoneyHiveTracer({ testMode: true, setAsDefault: false, sesionName: "req" } as never));
    const badIds = Array.from({ length: 20 }, () => new HoneyHiveTracer({ testMode: true, setAsDefault: false, sessionId: "not-a-uuid" }));
    expect(logs.lines.map((l) => l.message)).toEqual([
      'unknown option "sesionName" (did you mean "sessionName"?); ignored',
      "sessionId is not a valid UUID; a new session id was generated",
    ]);
    expect(typo.every((t) => t.diagnostics().enabled)).toBe(true);
    expect(new Set(badIds.map((t) => t.sessionId)).size).toBe(20);
    // A tracer with its own logSink is another destination: it is told once too.
    const own: string[] = [];
    const sink = (_level: string, message: string): void => void own.push(message);
    for (let i = 0; i < 3; i++) new HoneyHiveTracer({ testMode: true, setAsDefault: false, sessionId: "not-a-uuid", logSink: sink });
    expect(own).toEqual(["sessionId is not a valid UUID; a new session id was generated"]);
    expect(logs.lines).toHaveLength(2);
  });
});

describe("a tracer option of the wrong type: the message names what was given", () => {
  it("timeoutMs, verbose and project of the wrong type each say what they got, in the wording evaluate() uses", () => {
    const logs = captureSdkLogs();
    const wrongTypes = { testMode: true, setAsDefault: false, timeoutMs: "5000", verbose: "yes", project: 7 };
    const tracer = new HoneyHiveTracer(wrongTypes as never);
    expect(tracer.diagnostics().enabled).toBe(false);
    expect(logs.lines.map((l) => l.message)).toEqual([
      'configuration problem(s): option "project" must be a string (got 7); option "timeoutMs" must be a positive integer (got the string ' +
        '"5000"); option "verbose" must be a boolean (got the string "yes"); this tracer is a no-op (nothing is recorded or sent; ' +
        "flush() and shutdown() resolve false)",
    ]);
  });
});
