/**
 * The 1.0 SDK's `evaluator(fn, options)` options through a real `evaluate()` against the dev server (every request
 * checked against HoneyHive's OpenAPI spec): a string `transform` (1.0's type, only stored there) is not applied and
 * warns once; a transform of another type fails at `evaluator()`; `weight`, `asserts`, `target`, `aggregate` and
 * `checker` are recorded in the stored run's configuration.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiClient, type ApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { EvaluationConfigError, evaluate, evaluator } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import type { SpecCheckingProxy } from "../helpers/spec-checking-proxy";

const KEY = "local";
let proxy: SpecCheckingProxy;
let api: ApiClient;

const checked = useCheckedDevServer();
beforeAll(() => {
  proxy = checked.proxy;
  api = createApiClient({ serverUrl: proxy.url, apiKey: KEY });
});
afterEach(() => resetHoneyHiveGlobals());

const dataset = [
  { inputs: { q: "a" }, ground_truth: "A" },
  { inputs: { q: "b" }, ground_truth: "B" },
  { inputs: { q: "c" }, ground_truth: "x" },
];

function run(name: string, evaluators: unknown[]) {
  return evaluate<{ q: string }, string, string>({
    name, apiKey: KEY, serverUrl: proxy.url, dataset, maxConcurrency: 2, printResults: false,
    function: function upper(inputs: { q: string }) { return inputs.q.toUpperCase(); },
    evaluators: evaluators as never,
  } as never);
}

describe("evaluator(fn, { transform }) with 1.0's string transform", () => {
  it("scores every datapoint as returned (the string is not called) and warns once per evaluator", async () => {
    const logs = captureSdkLogs();
    const exact = evaluator(function exactMatch(out: string, _in: unknown, gt: string) { return out === gt ? 1 : 0; }, { transform: "lambda x: x * 100" });
    evaluator(function exactMatch() { return 1; }, { transform: "again" }); // the same evaluator wrapped again
    const result = await run("string-transform", [exact]);
    expect(result.datapoints.map((d) => d.evaluatorErrors)).toEqual([{}, {}, {}]);
    expect(result.datapoints.map((d) => d.metrics.exactMatch)).toEqual([1, 1, 0]);
    const warnings = logs.lines.filter((l) => l.level === "warn" && l.message.includes("transform")).map((l) => l.message);
    expect(warnings).toEqual(['evaluator "exactMatch": a string transform (the 1.0 SDK\'s, which it only stored) is not applied; scores are recorded as returned (pass a function to transform them)']);
  });

  it("a function transform is still applied", async () => {
    const times10 = evaluator(function scaled(out: string, _in: unknown, gt: string) { return out === gt ? 1 : 0; }, { transform: (v) => (v as number) * 10 });
    const result = await run("function-transform", [times10]);
    expect(result.datapoints.map((d) => d.metrics.scaled)).toEqual([10, 10, 0]);
  });

  it.each([[42, "42"], [{}, "a value of type object"], [[], "an array"], [true, "true"]])(
    "transform %j is an EvaluationConfigError at evaluator() time", (transform, got) => {
      const call = () => evaluator(function check() { return 1; }, { transform } as never);
      expect(call).toThrowError(EvaluationConfigError);
      expect(call).toThrowError(`evaluator "check": transform must be a function (value) => value (got ${got})`);
    },
  );
});

describe("evaluator() options recorded in the run's configuration", () => {
  it("stores weight, asserts, target, aggregate and checker under configuration.evaluator_options, JSON-safe only", async () => {
    const logs = captureSdkLogs();
    const result = await run("recorded-options", [
      evaluator(function exactMatch(out: string, _in: unknown, gt: string) { return out === gt; }, {
        weight: 2, asserts: true, target: "outputs", aggregate: "mean", checker: "value >= 1", repeat: 1,
      }),
      evaluator(function loose() { return 1; }, { weight: Number.NaN, asserts: "yes" as never, checker: "c" }),
      function plain() { return 0.5; },
    ]);
    expect(result.uploaded).toBe(true);
    const stored = await api.runs.get(result.runId);
    if (!stored.ok) throw new Error(stored.error);
    expect(stored.data.evaluation?.configuration).toMatchObject({
      evaluators: ["exactMatch", "loose", "plain"],
      evaluator_options: {
        exactMatch: { weight: 2, asserts: true, target: "outputs", aggregate: "mean", checker: "value >= 1" },
        loose: { checker: "c" },
      },
    });
    expect(Object.keys((stored.data.evaluation?.configuration as { evaluator_options: object }).evaluator_options)).toEqual(["exactMatch", "loose"]);
    expect(proxy.violations()).toEqual([]);
    expect(logs.lines.filter((l) => l.level === "warn")).toEqual([]);
  });
});
