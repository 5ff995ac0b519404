import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inStrictMode } from "../helpers/option-rule";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { DEFAULT_EVALUATOR_TIMEOUT_MS, resolveEvaluateOptions } from "../../packages/honeyhive/src/evaluation/resolve-evaluate-options";
import { captureSdkLogs, type CapturedSdkLogs } from "../../packages/honeyhive/src/testing";

/**
 * Issue 24 req 4: an evaluator has a time limit (default 60 s, option > HH_EVALUATOR_TIMEOUT_MS); a timed-out
 * evaluator fails only its own metric, the datapoint keeps its other scores, and an evaluator that never settles
 * never hangs evaluate() (it holds its slot of the evaluator pool for at most one more time limit, then is left
 * running and counted: see timed-out-slots.test.ts).
 */
const never = (): Promise<number> => new Promise<number>(() => undefined);
const base = { name: "bounds", offline: true, progress: false } as const;
let logs: CapturedSdkLogs;

beforeEach(() => {
  logs = captureSdkLogs();
});
afterEach(() => {
  logs.restore();
  delete process.env.HH_EVALUATOR_TIMEOUT_MS;
});
/** The run's one warning about `n` calls left running. */
const leftRunningWarning = (n: number) => [expect.stringMatching(new RegExp(`^${n} timed-out calls? (was|were) still running `))];

describe("evaluator time limits", () => {
  it("resolves the limit option > HH_EVALUATOR_TIMEOUT_MS > 60 s, and rejects a non-positive one", async () => {
    const options = { function: () => 1, dataset: [{ inputs: {} }] };
    expect(DEFAULT_EVALUATOR_TIMEOUT_MS).toBe(60_000);
    expect(resolveEvaluateOptions(options).evaluatorTimeoutMs).toBe(60_000);
    process.env.HH_EVALUATOR_TIMEOUT_MS = "1500";
    expect(resolveEvaluateOptions(options).evaluatorTimeoutMs).toBe(1500);
    expect(resolveEvaluateOptions({ ...options, evaluatorTimeoutMs: 250 }).evaluatorTimeoutMs).toBe(250);
    expect(() => resolveEvaluateOptions({ ...options, evaluatorTimeoutMs: 0 })).toThrow(/evaluatorTimeoutMs must be a positive integer/);
    await inStrictMode(() => expect(() => resolveEvaluateOptions({ ...options, evaluatorTimoutMs: 5 })).toThrow(/did you mean "evaluatorTimeoutMs"/));
  });

  it("an evaluator that never settles fails its own metric only; the datapoint keeps its other scores", async () => {
    const started = Date.now();
    const result = await evaluate({
      ...base, evaluatorTimeoutMs: 200, dataset: [{ inputs: { x: 1 } }, { inputs: { x: 2 } }],
      function: (inputs: { x: number }) => inputs.x,
      evaluators: [function stuck() { return never(); }, function double(o: number) { return o * 2; }],
    });
    expect(Date.now() - started).toBeLessThan(15_000); // the 200 ms limit, not the 60 s default (loose: a shared machine)
    for (const d of result.datapoints) {
      expect(d.status).toBe("success");
      expect(d.metrics).toEqual({ double: (d.outputs as number) * 2 });
      expect(d.evaluatorErrors).toEqual({ stuck: "timed out after 200 ms" });
    }
    expect(result.leftRunning).toBe(2);
    expect(logs.lines.map((l) => l.message)).toEqual(leftRunningWarning(2));
  });

  it("the default limit applies without any option: HH_EVALUATOR_TIMEOUT_MS bounds a never-settling evaluator", async () => {
    process.env.HH_EVALUATOR_TIMEOUT_MS = "150";
    const result = await evaluate({ ...base, dataset: [{ inputs: {} }], function: () => "out", evaluators: [function stuck() { return never(); }] });
    expect(result.datapoints[0]!.evaluatorErrors).toEqual({ stuck: "timed out after 150 ms" });
    expect(result.datapoints[0]!.status).toBe("success");
    expect(logs.lines.map((l) => l.message)).toEqual(leftRunningWarning(1));
  });

  it("a call that never settles holds its slot in the evaluator pool for one more time limit at most (a pool of 1 is not held for ever)", async () => {
    const started = Date.now();
    const result = await evaluate({
      ...base, evaluatorConcurrency: 1, maxConcurrency: 4, evaluatorTimeoutMs: 100,
      dataset: Array.from({ length: 8 }, (_, i) => ({ inputs: { i } })),
      function: (inputs: { i: number }) => inputs.i,
      evaluators: [function stuck() { return never(); }, function one() { return 1; }],
    });
    // 8 stuck calls one after another, each holding the slot 2 × 100 ms: about 1.6 s, never forever
    expect(Date.now() - started).toBeLessThan(8000);
    expect(result.datapoints.map((d) => d.metrics)).toEqual(Array.from({ length: 8 }, () => ({ one: 1 })));
    expect(result.datapoints.every((d) => d.evaluatorErrors.stuck === "timed out after 100 ms")).toBe(true);
    expect(result.leftRunning).toBe(8);
    expect(logs.lines.map((l) => l.message)).toEqual(leftRunningWarning(8));
  });

  it("a datapoint time limit reached during the evaluators fails only those still running, not the datapoint", async () => {
    const result = await evaluate({
      ...base, timeoutMs: 300, dataset: [{ inputs: {} }],
      function: () => "done",
      evaluators: [function quick() { return 0.5; }, function slow() { return never(); }],
    });
    const [d] = result.datapoints;
    expect(d!.status).toBe("success");
    expect(d!.outputs).toBe("done");
    expect(d!.metrics).toEqual({ quick: 0.5 });
    expect(d!.evaluatorErrors).toEqual({ slow: "timed out after 300 ms" });
    expect(result.leftRunning).toBe(1); // the evaluator call stopped by the datapoint's time limit
    expect(logs.lines.map((l) => l.message)).toEqual(leftRunningWarning(1));
  });

  it("a datapoint time limit reached in the function still marks the datapoint timed out", async () => {
    const result = await evaluate({ ...base, timeoutMs: 100, dataset: [{ inputs: {} }], function: () => never(), evaluators: [function quick() { return 1; }] });
    expect(result.datapoints[0]).toMatchObject({ status: "timed_out", error: "timed out after 100 ms", metrics: {} });
    expect(result.leftRunning).toBe(1);
    expect(logs.lines.map((l) => l.message)).toEqual(leftRunningWarning(1));
  });
});
