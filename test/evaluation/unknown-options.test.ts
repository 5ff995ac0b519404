import { describe, expect, it } from "vitest";
import { evaluate, EvaluationConfigError } from "../../packages/honeyhive/src/index";

const dataset = [{ inputs: { x: 1 } }, { inputs: { x: 2 } }];

describe("evaluate() rejects unknown option keys", () => {
  it("names the typo and the closest valid key instead of ignoring it (evaluator → evaluators)", async () => {
    const options = { function: (i: { x: number }) => i.x, dataset, evaluator: [() => false], offline: true };
    const error = await evaluate(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvaluationConfigError);
    expect((error as Error).message).toBe('evaluate(): unknown option "evaluator" (did you mean "evaluators"?)');
  });

  it("names `datset` before complaining about the missing dataset", async () => {
    const error = await evaluate({ function: () => 1, datset: dataset } as never).catch((e: unknown) => e);
    expect((error as Error).message).toContain('unknown option "datset" (did you mean "dataset"?)');
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
