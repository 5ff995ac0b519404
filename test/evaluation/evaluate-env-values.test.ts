// evaluate()'s environment variables follow the tracer's rule: a value that cannot be used is ignored with a warning
// naming the variable, the value and what is used instead, once per run (they were ignored without a word).
import { afterEach, describe, expect, it } from "vitest";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { resolveEvaluateOptions } from "../../packages/honeyhive/src/evaluation/resolve-evaluate-options";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";

const VARS = { HH_MAX_WORKERS: "abc", HH_EVALUATOR_TIMEOUT_MS: "10s", HH_EVALUATOR_CONCURRENCY: "-2" } as const;
const score = (output: number): number => output;
const options = { name: "env-values", offline: true, progress: false, function: (inputs: { i: number }) => inputs.i, dataset: [{ inputs: { i: 1 } }, { inputs: { i: 2 } }], evaluators: [score] };

afterEach(() => {
  for (const name of Object.keys(VARS)) delete process.env[name];
});

const EXPECTED = [
  'environment variable HH_MAX_WORKERS="abc" is not a positive integer: ignored, using maxConcurrency = 10',
  'environment variable HH_EVALUATOR_CONCURRENCY="-2" is not a positive integer: ignored, using evaluatorConcurrency = 10',
  'environment variable HH_EVALUATOR_TIMEOUT_MS="10s" is not a positive integer: ignored, using evaluatorTimeoutMs = 60000',
];

describe("evaluate()'s environment variables with values that cannot be used", () => {
  it("are ignored with one warning each, naming the value used instead", () => {
    Object.assign(process.env, VARS);
    const resolved = resolveEvaluateOptions(options);
    expect(resolved).toMatchObject({ concurrency: 10, evaluatorConcurrency: 10, evaluatorTimeoutMs: 60_000 });
    expect(resolved.envWarnings).toEqual(EXPECTED);
  });

  it("an option wins without reading its variable; valid values give no warning", () => {
    Object.assign(process.env, VARS);
    const resolved = resolveEvaluateOptions({ ...options, maxConcurrency: 3, evaluatorConcurrency: 2, evaluatorTimeoutMs: 500 });
    expect(resolved).toMatchObject({ concurrency: 3, evaluatorConcurrency: 2, evaluatorTimeoutMs: 500, envWarnings: [] });
    Object.assign(process.env, { HH_MAX_WORKERS: "4", HH_EVALUATOR_TIMEOUT_MS: "1500", HH_EVALUATOR_CONCURRENCY: "2" });
    expect(resolveEvaluateOptions(options)).toMatchObject({ concurrency: 4, evaluatorConcurrency: 2, evaluatorTimeoutMs: 1500, envWarnings: [] });
  });

  it("evaluate() says them once per run, and runs on the defaults", async () => {
    Object.assign(process.env, VARS);
    const logs = captureSdkLogs();
    try {
      const first = await evaluate(options);
      const second = await evaluate(options);
      expect([first, second].map((r) => r.metrics.score?.count)).toEqual([2, 2]);
      const warned = logs.lines.filter((line) => line.level === "warn" && line.message.startsWith("environment variable")).map((line) => line.message);
      expect(warned).toEqual([...EXPECTED, ...EXPECTED]);
    } finally {
      logs.restore();
    }
  });
});
