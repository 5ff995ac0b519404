import { afterEach, describe, expect, it } from "vitest";
import { EvaluationConfigError } from "../../packages/honeyhive/src/config/evaluation-config-error";
import type { EvaluationReporter } from "../../packages/honeyhive/src/evaluation/evaluation-reporter";
import { runEvaluation } from "../../packages/honeyhive/src/evaluation/evaluate-core";
import { setListeningRunner } from "../../packages/honeyhive/src/evaluation/listening-runner";
import { planEvaluation } from "../../packages/honeyhive/src/evaluation/plan-evaluation";
import { evaluateWithTracers } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluateOptions } from "../../packages/honeyhive/src/evaluation/types";
import { fakeTracerFactory } from "./fake-tracer";

const base = (): EvaluateOptions => ({
  name: " planned ", function: function double(i: any) { return i.n * 2; }, dataset: [{ inputs: { n: 1 } }, { inputs: { n: 2 } }], apiKey: "", offline: true,
});

afterEach(() => setListeningRunner(undefined));

describe("planEvaluation (pure: options and a runner's settings in, the plan out)", () => {
  it("resolves name, run id, concurrency and shard from the options alone", () => {
    const plan = planEvaluation({ ...base(), maxConcurrency: 3, shard: { index: 1, count: 2 } }, undefined, () => "abcdef12-0000-4000-8000-000000000000");
    expect(plan).toMatchObject({ name: "planned", proposedRunId: "abcdef12-0000-4000-8000-000000000000", shard: { index: 1, count: 2 } });
    expect(plan.resolved.concurrency).toBe(3);
    expect(planEvaluation({ ...base(), name: undefined }, undefined, () => "abcdef12-0000").name).toBe("experiment-abcdef12");
  });

  it("lets a runner's settings take precedence without touching the options object", () => {
    const options = Object.freeze({ ...base(), maxConcurrency: 3, runId: "own", shard: { index: 1, count: 2 } });
    const seen: (string | undefined)[] = [];
    const runnerSignal = new AbortController();
    const plan = planEvaluation(options, {
      concurrency: 7, shard: { index: 2, count: 2 }, signal: runnerSignal.signal, runId: (name) => (seen.push(name), `run-of-${name}`),
    });
    expect(seen).toEqual(["planned"]);
    expect(plan.proposedRunId).toBe("run-of-planned");
    expect(plan.resolved.concurrency).toBe(7);
    expect(plan.shard).toEqual({ index: 2, count: 2 });
    runnerSignal.abort();
    expect(plan.signal?.aborted).toBe(true);
    expect(options.maxConcurrency).toBe(3);
  });

  it("rejects invalid options with EvaluationConfigError, whatever the runner says", () => {
    expect(() => planEvaluation({ ...base(), trials: 0 }, { concurrency: 2 })).toThrow(EvaluationConfigError);
    expect(() => planEvaluation({ ...base(), dataset: undefined }, undefined)).toThrow(/give a dataset/);
  });

  it("names what was given when its type is wrong: a string is not the number it spells, a string is not a boolean", () => {
    const wrong = (options: Record<string, unknown>): unknown => planEvaluation({ ...base(), ...options } as EvaluateOptions, undefined);
    expect(() => wrong({ maxConcurrency: "8" })).toThrow('maxConcurrency must be a positive integer (got the string "8")');
    expect(() => wrong({ maxConcurrency: 2.5 })).toThrow("maxConcurrency must be a positive integer (got 2.5)");
    expect(() => wrong({ timeoutMs: "100" })).toThrow('timeoutMs must be a positive number of milliseconds (got the string "100")');
    expect(() => wrong({ trials: [2] })).toThrow("trials must be a positive integer (got an array)");
    expect(() => wrong({ printResults: "yes" })).toThrow('printResults must be true or false (got the string "yes")');
    expect(() => wrong({ runConcurrently: 0 })).toThrow("runConcurrently must be true or false (got 0)");
    expect(() => wrong({ progress: {} })).toThrow("progress must be true or false (got a value of type object)");
    expect(wrong({ printResults: false, progress: true })).toBeDefined();
  });
});

describe("the reporter passed per call", () => {
  it("hears start, every datapoint and the result; its errors never break the run", async () => {
    const events: string[] = [];
    const reporter: EvaluationReporter = {
      onStart: (s) => events.push(`start ${s.name} ${s.total}`),
      onProgress: (p) => {
        events.push(`progress ${p.done}/${p.total}`);
        throw new Error("a reporter cannot break the run");
      },
      onFinish: (r) => events.push(`finish ${r.status}`),
    };
    const result = await runEvaluation(base(), fakeTracerFactory().create, { reporter });
    expect(result.status).toBe("completed");
    expect(events).toEqual(["start planned 2", "progress 1/2", "progress 2/2", "finish completed"]);
    const failures: unknown[] = [];
    await expect(runEvaluation({ ...base(), trials: -1 }, fakeTracerFactory().create, { reporter: { onError: (e) => failures.push(e) } })).rejects.toThrow(EvaluationConfigError);
    expect(failures).toHaveLength(1);
  });

  it("is the listening runner's reporter when a runner listens (the script reporter prints nothing then)", async () => {
    const finished: string[] = [];
    const tracked: Promise<unknown>[] = [];
    setListeningRunner({ reporter: { onFinish: (r) => finished.push(r.runId) }, settings: { runId: () => "from-runner" }, track: (p) => void tracked.push(p) });
    let printed = "";
    const result = await evaluateWithTracers({ ...base(), printResults: true, writer: { write: (t: string) => (printed += t) } }, fakeTracerFactory().create);
    expect(result.runId).toBe("from-runner");
    expect(finished).toEqual(["from-runner"]);
    expect(tracked).toHaveLength(1);
    expect(printed).toBe("");
  });
});

describe("metadata and configuration", () => {
  it("must be objects; configuration joins the run's configuration under the SDK's own keys", async () => {
    expect(() => planEvaluation({ ...base(), metadata: "v1" as never }, undefined)).toThrow(/metadata must be an object/);
    expect(() => planEvaluation({ ...base(), configuration: [1] as never }, undefined)).toThrow(/configuration must be an object/);
    const { runConfiguration } = await import("../../packages/honeyhive/src/evaluation/open-run");
    const plan = planEvaluation({ ...base(), configuration: { model: "m", function: "mine" } }, undefined);
    expect(runConfiguration(plan)).toEqual({ model: "m", function: "double", evaluators: [], max_workers: 10, aggregate_function: "average" });
  });
});
