import { describe, expect, it } from "vitest";
import { HoneyHiveConfigError } from "../../packages/honeyhive/src/tracer/config-error";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/facade/honeyhive-tracer";
import { trace } from "../../packages/honeyhive/src/instrument/trace";
import { closestKey, unknownKeyMessage } from "../../packages/core/src/text/closest-key";

/**
 * Req: an unknown tracer option key warns once naming the closest valid one and is ignored (as an unknown `trace()`
 * option is); only `resilience: "strict"` throws.
 */
function tracerWith(options: Record<string, unknown>): { tracer: HoneyHiveTracer; warnings: string[] } {
  const warnings: string[] = [];
  const tracer = new HoneyHiveTracer({ testMode: true, setAsDefault: false, logSink: (level: string, message: string) => void (level === "warn" && warnings.push(message)), ...options } as never);
  return { tracer, warnings };
}

describe("unknown tracer options", () => {
  it("strict: throws HoneyHiveConfigError naming the key and the closest option", () => {
    expect(() => tracerWith({ resilience: "strict", sesionName: "typo" })).toThrowError(HoneyHiveConfigError);
    expect(() => tracerWith({ resilience: "strict", sesionName: "typo" })).toThrowError('unknown option "sesionName" (did you mean "sessionName"?)');
    expect(() => tracerWith({ resilience: "strict", server_url: "http://127.0.0.1:1" })).toThrowError('(did you mean "serverUrl"?)');
  });

  it("balanced (default): never throws; a warning names the key and the closest option, the key is ignored and the tracer records", () => {
    const { tracer, warnings } = tracerWith({ disableBatches: true, sessionName: "kept" });
    expect(warnings).toContain('unknown option "disableBatches" (did you mean "disableBatch"?); ignored');
    expect(warnings.join("\n")).not.toContain("no-op");
    expect(tracer.diagnostics().enabled).toBe(true);
    expect(tracer.sessionName).toBe("kept");
  });

  it("the rule is the one trace() follows: both warn naming the closest key and are ignored; strict throws for both", async () => {
    const { tracer, warnings } = tracerWith({ sesionNme: "typo" });
    const answer = trace((q: string) => q.length, { tracer, evenType: "model" } as never);
    expect(answer("abc")).toBe(3);
    expect(warnings).toEqual([
      'unknown option "sesionNme" (did you mean "sessionName"?); ignored',
      'trace options of "anonymous": unknown option "evenType" (did you mean "eventType"?); ignored',
    ]);
    const strict = tracerWith({ resilience: "strict" }).tracer;
    expect(() => trace((q: string) => q, { tracer: strict, evenType: "model" } as never)).toThrowError(HoneyHiveConfigError);
    await tracer.shutdown();
    await strict.shutdown();
  });

  it("resilient: the key is ignored with the same warning and the tracer records", () => {
    const { tracer, warnings } = tracerWith({ resilience: "resilient", verbos: true });
    expect(warnings).toContain('unknown option "verbos" (did you mean "verbose"?); ignored');
    expect(tracer.diagnostics().enabled).toBe(true);
  });

  it("the old TS SDK's HoneyHiveTracer.init params stay accepted, even in strict mode", () => {
    const old = {
      apiKey: "k", project: "p", sessionId: "3f0b3f4e-6f6a-4bb5-8a64-0c8b7c3f9a11", serverUrl: "http://127.0.0.1:1", sessionName: "s", source: "dev",
      inputs: { a: 1 }, metadata: { b: 2 }, instrumentModules: {}, verbose: false, isEvaluation: false, disableBatch: false,
      disableHttpTracing: true, runId: "r", datasetId: "d", datapointId: "dp",
    };
    const { tracer, warnings } = tracerWith({ ...old, resilience: "strict", skipSessionStart: true });
    expect(tracer.diagnostics().enabled).toBe(true);
    expect(warnings.filter((w) => w.includes("unknown option"))).toEqual([]);
  });
});

describe("closestKey", () => {
  it("ignores case, '_' and '-', and suggests nothing for a far-off key", () => {
    const keys = ["evaluators", "dataset", "datasetId", "serverUrl", "maxConcurrency"];
    expect(closestKey("evaluator", keys)).toBe("evaluators");
    expect(closestKey("datset", keys)).toBe("dataset");
    expect(closestKey("serverURL", keys)).toBe("serverUrl");
    expect(closestKey("server_url", keys)).toBe("serverUrl");
    expect(closestKey("max_concurency", keys)).toBe("maxConcurrency");
    expect(closestKey("colour", keys)).toBeUndefined();
    expect(unknownKeyMessage("colour", keys)).toBe('unknown option "colour" (valid options: evaluators, dataset, datasetId, serverUrl, maxConcurrency)');
    expect(unknownKeyMessage("evaluator", keys)).toBe('unknown option "evaluator" (did you mean "evaluators"?)');
  });
});
