import { afterEach, describe, expect, it, vi } from "vitest";
import { EvaluationConfigError, HoneyHiveConfigError, evaluate, evaluator } from "../../packages/honeyhive/src/index";
import { exactMatch } from "../../packages/honeyhive/src/evaluators";

afterEach(() => {
  vi.unstubAllEnvs();
});

const dataset = [{ inputs: { x: 1 } }, { inputs: { x: 2 } }];

describe("evaluate(): unknown option keys", () => {
  // The options decide the verdict: a typo is an error whatever HH_RESILIENCE says, before any datapoint runs.
  it.each(["balanced", "strict"])("HH_RESILIENCE=%s: an EvaluationConfigError naming the typo and the closest key; no datapoint runs", async (mode) => {
    let calls = 0;
    const options = { function: (i: { x: number }) => (calls++, i.x), dataset, evaluators: [function score(o: number) { return o / 10; }], passingRange: { score: { min: 0.25 } }, offline: true, progress: false };
    vi.stubEnv("HH_RESILIENCE", mode);
    const error = await evaluate(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvaluationConfigError);
    expect((error as Error).message).toBe('evaluate(): unknown option "passingRange" (did you mean "passingRanges"?)');
    expect(calls).toBe(0);
  });

  it("names every typo at once, and `datset` before complaining about the missing dataset", async () => {
    const error = await evaluate({ function: () => 1, datset: dataset, evaluatr: [() => false] } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvaluationConfigError);
    expect((error as Error).message).toBe('evaluate(): unknown option "datset" (did you mean "dataset"?); evaluate(): unknown option "evaluatr" (did you mean "evaluators"?)');
  });

  it("a typo inside sample, in evaluator()'s options or in a ready evaluator's options is an error too", async () => {
    const error = await evaluate({ function: () => 1, dataset, sample: { n: 1, sed: 1 }, offline: true } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvaluationConfigError);
    expect((error as Error).message).toBe('sample: unknown option "sed" (did you mean "seed"?)');
    expect(() => evaluator((o: unknown) => o === 1, { nmae: "one" } as never)).toThrowError(EvaluationConfigError);
    expect(() => exactMatch({ nmae: "exact" } as never)).toThrowError(HoneyHiveConfigError);
    expect(() => exactMatch({ nmae: "exact" } as never)).toThrowError('exactMatch: unknown option "nmae" (did you mean "name"?)');
  });
  it("keeps accepting the old TS SDK's option names", async () => {
    const result = await evaluate({
      function: (i: { x: number }) => i.x, dataset, evaluators: [function big(o: number) { return o > 1; }],
      maxWorkers: 2, runConcurrently: false, suite: "old", project: "p", verbose: false, disableHttpTracing: true,
      instrumentModules: {}, metadata: { a: 1 }, serverUrl: "http://127.0.0.1:9", apiKey: "unused", offline: true,
      progress: false,
    });
    expect(result.suite).toBe("old");
    expect(result.verdict).toMatchObject({ passed: 1, failed: 1, total: 2 });
    expect(result.uploaded).toBe(false);
  });
});
