import { describe, expect, it } from "vitest";
import { evaluate, EvaluationConfigError } from "../../packages/honeyhive/src/index";
import { inStrictMode, sdkWarnings } from "../helpers/option-rule";

const dataset = [{ inputs: { x: 1 } }, { inputs: { x: 2 } }];

describe("evaluate(): unknown option keys", () => {
  it("warn once naming the closest valid key and are ignored (evaluator → evaluators); the run goes on", async () => {
    const options = { function: (i: { x: number }) => i.x, dataset, evaluator: [() => false], offline: true, progress: false };
    const { value: result, warnings } = await sdkWarnings(() => evaluate(options as never));
    expect(warnings).toContain('evaluate(): unknown option "evaluator" (did you mean "evaluators"?); ignored');
    expect(result.verdict).toMatchObject({ total: 2 });
  });

  it("strict mode (HH_RESILIENCE=strict): an EvaluationConfigError naming the typo and the closest valid key", async () => {
    const options = { function: (i: { x: number }) => i.x, dataset, evaluatr: [() => false], offline: true };
    const error = await inStrictMode(() => evaluate(options as never).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(EvaluationConfigError);
    expect((error as Error).message).toBe('evaluate(): unknown option "evaluatr" (did you mean "evaluators"?)');
  });

  it("names `datset` before complaining about the missing dataset", async () => {
    const { value: error, warnings } = await sdkWarnings(() => evaluate({ function: () => 1, datset: dataset } as never).catch((e: unknown) => e));
    expect(warnings).toContain('evaluate(): unknown option "datset" (did you mean "dataset"?); ignored');
    expect((error as Error).message).toContain("give a dataset");
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
