/**
 * Req: a trace() option of the wrong type is never used as given nor dropped silently. Each one warns once per
 * process and wrap site, naming the option, the type expected, the value given (describeValue) and what is recorded
 * instead; the safe result is used: captureInputs/captureOutputs not a boolean capture nothing, eventName not a string
 * is the function's name, metadata/config not a plain object and inputNames not an array are ignored. A strict tracer
 * throws HoneyHiveConfigError at wrap time, as for an unknown option key. The decorators, traceClass, the old
 * traceFunction helpers and tracer.startSpan() (its shared fields; it only warns) follow the same rule.
 */
import { afterEach, describe, expect, it } from "vitest";
import { HoneyHiveConfigError, trace, traceClass, traceFunction, traceModel } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

type Test = ReturnType<typeof createTestTracer>;

function sinkTracer(options: Record<string, unknown> = {}): { test: Test; warnings: string[] } {
  const warnings: string[] = [];
  const test = createTestTracer({ logSink: (level: string, message: string) => void (level === "warn" && warnings.push(message)), ...options } as never);
  return { test, warnings };
}

const attrs = async (test: Test, name: string): Promise<Record<string, unknown>> => {
  const [span] = await test.spansNamed(name);
  expect(span, `a span named ${name}`).toBeDefined();
  return span!.attributes;
};

const keysUnder = (attributes: Record<string, unknown>, prefix: string): string[] => Object.keys(attributes).filter((k) => k.startsWith(prefix));

afterEach(() => resetHoneyHiveGlobals());

describe("trace(fn, options): an option of the wrong type", () => {
  it('captureInputs: "no" records no inputs (the outputs still) and warns once, however often the site is wrapped', async () => {
    const { test, warnings } = sinkTracer();
    const opts = { tracer: test.tracer, captureInputs: "no" } as never;
    const wrap = (): ((secret: string) => Promise<string>) => trace(async function d(secret: string) { return `done:${secret.length}`; }, opts);
    const traced = wrap();
    wrap(); // the same site wrapped again (per request)
    expect(await traced("s3cret")).toBe("done:6");
    expect(await traced("s3cret")).toBe("done:6");
    expect(warnings).toEqual(['trace options of "d": captureInputs must be true or false (got the string "no"); inputs are not recorded']);
    const recorded = await attrs(test, "d");
    expect(keysUnder(recorded, "honeyhive_inputs")).toEqual([]);
    expect(JSON.stringify(recorded)).not.toContain("s3cret");
    expect(recorded["honeyhive_outputs.result"]).toBe("done:6");
  });

  it("captureOutputs: 0 records no outputs (the inputs still), with a warning", async () => {
    const { test, warnings } = sinkTracer();
    expect(trace(function answer(q: string) { return `a:${q}`; }, { tracer: test.tracer, captureOutputs: 0 as never })("q")).toBe("a:q");
    expect(warnings).toEqual(['trace options of "answer": captureOutputs must be true or false (got 0); outputs are not recorded']);
    const recorded = await attrs(test, "answer");
    expect(keysUnder(recorded, "honeyhive_outputs")).toEqual([]);
    expect(recorded["honeyhive_inputs.q"]).toBe("q");
  });

  it("eventName: 42 names the span after the function, with a warning", async () => {
    const { test, warnings } = sinkTracer();
    expect(trace(function answer() { return 1; }, { tracer: test.tracer, eventName: 42 as never })()).toBe(1);
    expect(warnings).toEqual(['trace options of "answer": eventName must be a string (got 42); the function\'s name is used']);
    expect((await attrs(test, "answer")).honeyhive_event_name).toBe("answer");
  });

  it('metadata: "oops" and config: [1] are not recorded (no _value, no indexed keys), each with a warning', async () => {
    const { test, warnings } = sinkTracer();
    expect(trace(function step() { return 1; }, { tracer: test.tracer, metadata: "oops" as never, config: [1] as never })()).toBe(1);
    expect(warnings).toEqual([
      'trace options of "step": metadata must be a plain object (got the string "oops"); ignored',
      'trace options of "step": config must be a plain object (got an array); ignored',
    ]);
    const recorded = await attrs(test, "step");
    expect(keysUnder(recorded, "honeyhive_metadata")).toEqual([]);
    expect(keysUnder(recorded, "honeyhive_config")).toEqual([]);
  });

  it('inputNames: "x" is ignored (the parameter names are used); a bad entry becomes arg<i>; each with a warning', async () => {
    const { test, warnings } = sinkTracer();
    trace(function search(query: string) { return query; }, { tracer: test.tracer, inputNames: "x" as never })("q");
    trace(function pair(a: string, b: string) { return a + b; }, { tracer: test.tracer, inputNames: ["left", 3] as never })("l", "r");
    expect(warnings).toEqual([
      'trace options of "search": inputNames must be an array of strings (got the string "x"); ignored: the parameter names are used',
      'trace options of "pair": inputNames[1] must be a non-empty string (got 3); that argument is recorded as "arg1"',
    ]);
    expect(keysUnder(await attrs(test, "search"), "honeyhive_inputs")).toEqual(["honeyhive_inputs.query"]);
    expect(await attrs(test, "pair")).toMatchObject({ "honeyhive_inputs.left": "l", "honeyhive_inputs.arg1": "r" });
  });

  it("tracer: not a tracer uses the default tracer, with a warning", async () => {
    const { test, warnings } = sinkTracer({ setAsDefault: true });
    expect(trace(function step() { return 1; }, { tracer: "main" as never })()).toBe(1);
    expect(warnings).toEqual(['trace options of "step": tracer must be a HoneyHive tracer (got the string "main"); the tracer in context, else the default tracer, is used']);
    expect(await test.spansNamed("step")).toHaveLength(1);
  });

  it("options of the right type (null for the records and names: not given) are quiet and recorded as before", async () => {
    const logs = captureSdkLogs();
    const { test, warnings } = sinkTracer();
    const options = { tracer: test.tracer, eventName: "named", metadata: { a: 1 }, config: null, inputNames: null, captureInputs: true, captureOutputs: false } as never;
    expect(trace(function step(x: number) { return x; }, options)(1)).toBe(1);
    expect(warnings).toEqual([]);
    expect(logs.lines).toEqual([]);
    const recorded = await attrs(test, "named");
    expect(recorded).toMatchObject({ "honeyhive_metadata.a": 1, "honeyhive_inputs.x": 1 });
    expect(keysUnder(recorded, "honeyhive_outputs")).toEqual([]);
  });
});

describe("the other wrap sites follow the same rule", () => {
  it("trace(options)(fn), traceModel, traceFunction and traceClass (once for the class) warn and record safely", async () => {
    const { test, warnings } = sinkTracer({ setAsDefault: true });
    trace({ captureInputs: "no" as never })(function curried(secret: string) { return secret.length; })("s3cret");
    traceModel(function callModel(prompt: string) { return prompt.length; }, { metadata: "oops" as never })("p");
    traceFunction({ captureOutputs: "no" as never }, { tier: "gold" })(function legacy() { return "out"; })();
    const Tools = traceClass({ captureInputs: "false" as never })(class Tools {
      a(secret: string): number { return secret.length; }
      b(secret: string): number { return secret.length; }
    });
    expect(new Tools().a("s3cret") + new Tools().b("s3cret")).toBe(12);
    expect(warnings).toEqual([
      'trace options of "curried": captureInputs must be true or false (got the string "no"); inputs are not recorded',
      'trace options of "callModel": metadata must be a plain object (got the string "oops"); ignored',
      'trace options of "legacy": captureOutputs must be true or false (got the string "no"); outputs are not recorded',
      'trace options of "Tools": captureInputs must be true or false (got the string "false"); inputs are not recorded',
    ]);
    for (const name of ["curried", "Tools.a", "Tools.b"]) expect(keysUnder(await attrs(test, name), "honeyhive_inputs")).toEqual([]);
    expect(keysUnder(await attrs(test, "callModel"), "honeyhive_metadata")).toEqual([]);
    const legacyAttrs = await attrs(test, "legacy");
    expect(keysUnder(legacyAttrs, "honeyhive_outputs")).toEqual([]);
    expect(legacyAttrs["honeyhive_metadata.tier"]).toBe("gold");
  });

  it("with no tracer around the warning goes to the SDK's logger", () => {
    const logs = captureSdkLogs();
    expect(trace(function lonely() { return 1; }, { eventName: 42 as never })()).toBe(1);
    expect(logs.lines.filter((l) => l.message.startsWith("trace options")).map((l) => l.message)).toEqual([
      'trace options of "lonely": eventName must be a string (got 42); the function\'s name is used',
    ]);
  });

  it("tracer.startSpan(): a record option or captureOutput of the wrong type is ignored with a warning, never thrown (even strict)", async () => {
    const { test, warnings } = sinkTracer({ resilience: "strict" });
    const options = { metadata: "oops", inputs: 7, attributes: "ab", captureOutput: "yes" } as never;
    expect(test.tracer.startSpan("manual", () => "secret-out", options)).toBe("secret-out");
    expect(warnings).toEqual([
      'startSpan("manual"): attributes must be a plain object (got the string "ab"); ignored',
      'startSpan("manual"): inputs must be a plain object (got 7); ignored',
      'startSpan("manual"): metadata must be a plain object (got the string "oops"); ignored',
      'startSpan("manual"): captureOutput must be true or false (got the string "yes"); outputs are not recorded',
    ]);
    const recorded = await attrs(test, "manual");
    expect(Object.keys(recorded).filter((k) => /^(honeyhive_(metadata|inputs|outputs)|0|1)\b/.test(k))).toEqual([]);
  });
});

describe("a strict tracer", () => {
  it("throws HoneyHiveConfigError at wrap time naming every problem, as for an unknown option key", () => {
    const { test, warnings } = sinkTracer({ resilience: "strict" });
    let thrown: unknown;
    try {
      trace(function d(secret: string) { return secret; }, { tracer: test.tracer, captureInputs: "no", metadata: "oops", evenType: "tool" } as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HoneyHiveConfigError);
    expect((thrown as HoneyHiveConfigError).problems).toEqual([
      'trace options of "d": unknown option "evenType" (did you mean "eventType"?); ignored',
      'trace options of "d": metadata must be a plain object (got the string "oops"); ignored',
      'trace options of "d": captureInputs must be true or false (got the string "no"); inputs are not recorded',
    ]);
    expect(warnings).toEqual([]);
  });

  it("throws for the decorator form, traceFunction and traceClass too; the strict tracer in context counts", () => {
    const { test } = sinkTracer({ resilience: "strict" });
    const problem = "captureOutputs must be true or false (got 1); outputs are not recorded";
    expect(() => trace({ tracer: test.tracer, captureOutputs: 1 as never })(function f() { return 1; })).toThrowError(problem);
    expect(() => test.tracer.traceFunction({ eventName: 42 as never })(() => 1)).toThrowError("eventName must be a string (got 42)");
    expect(() => test.tracer.trace(() => traceClass({ metadata: "oops" as never })(class C { m(): number { return 1; } }))).toThrowError(HoneyHiveConfigError);
    expect(trace(function fine() { return 1; }, { tracer: test.tracer, captureInputs: false })()).toBe(1);
  });
});
