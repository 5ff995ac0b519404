import { afterEach, describe, expect, it } from "vitest";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { captureSdkLogs, type CapturedSdkLogs } from "../../packages/honeyhive/src/testing";
import { TimedOutCalls } from "../../packages/honeyhive/src/evaluation/timed-out-calls";

/**
 * A timed-out call that ignores its abort signal (as most LLM client calls do) keeps its pool slot while it runs, for
 * at most one more time limit: `maxConcurrency` and `evaluatorConcurrency` bound the calls really in flight, a call
 * that never settles holds its slot at most twice its time limit, and the calls left running after that are counted
 * in the result and said in one warning. Real evaluate() runs (offline); times are asserted through the order of
 * timers (a timer due earlier fires first, however loaded the machine) or with wide margins.
 */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const never = () => new Promise<never>(() => undefined);
const base = { name: "slots", offline: true, progress: false } as const;
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ inputs: { i } }));
const warning = (n: number) => n === 1
  ? "1 timed-out call was still running one time limit after its timeout or when the run ended; it was left running and its pool slot released"
  : `${n} timed-out calls were still running one time limit after their timeout or when the run ended; they were left running and their pool slots released`;

/** Counts calls in flight and keeps the highest count seen. */
function inFlight() {
  let now = 0;
  let peak = 0;
  return {
    async during<T>(work: () => Promise<T>): Promise<T> {
      now += 1;
      peak = Math.max(peak, now);
      try {
        return await work();
      } finally {
        now -= 1;
      }
    },
    get peak() {
      return peak;
    },
  };
}

let logs: CapturedSdkLogs | undefined;
afterEach(() => {
  logs?.restore();
  logs = undefined;
});
const warnings = () => logs!.lines.filter((l) => l.level === "warn").map((l) => l.message);
/** At most `max` calls left running, and the one warning line exactly when there were any. */
function expectLeftRunningAtMost(leftRunning: number | undefined, max: number): void {
  expect(leftRunning === undefined || (leftRunning >= 1 && leftRunning <= max)).toBe(true);
  expect(warnings()).toEqual(leftRunning === undefined ? [] : [warning(leftRunning)]);
}

describe("the datapoint pool and timed-out functions", () => {
  it("keeps maxConcurrency calls in flight when tasks outlive timeoutMs and ignore their abort, and reports each at its timeout", async () => {
    logs = captureSdkLogs();
    const calls = inFlight();
    const events: string[] = [];
    // 300 ms tasks, timeoutMs 200: each ends 100 ms into its grace (the grace timer is due after the task's).
    const result = await evaluate({
      ...base, maxConcurrency: 2, timeoutMs: 200, dataset: items(6),
      function: (inputs: { i: number }) => calls.during(async () => {
        await sleep(300);
        events.push(`end ${inputs.i}`);
        return inputs.i;
      }),
      onProgress: (p) => events.push(`progress ${(p.last!.inputs as { i: number }).i}`),
    });
    expect(calls.peak).toBe(2); // was 4: a timed-out datapoint freed its slot while its call ran on
    expect(result.datapoints.map((d) => d.status)).toEqual(Array.from({ length: 6 }, () => "timed_out"));
    expect(result.datapoints.every((d) => d.error === "timed out after 200 ms")).toBe(true);
    expect(result.stats.timed_out).toBe(6);
    // the result of a datapoint is decided at its timeout, while its call still runs (the last calls end after the
    // run has returned: a 300 ms timer set now is due after theirs)
    await sleep(300);
    for (let i = 0; i < 6; i++) expect(events.indexOf(`progress ${i}`)).toBeLessThan(events.indexOf(`end ${i}`));
    // every call settled within its grace; the last ones may still run when the run ends (it does not wait for them)
    expectLeftRunningAtMost(result.leftRunning, 2);
  });

  it("a function that never settles holds its slot for at most one more timeoutMs; the run completes and says it was left running", async () => {
    logs = captureSdkLogs();
    const starts: number[] = [];
    let withinGrace = false;
    const result = await evaluate({
      ...base, maxConcurrency: 1, timeoutMs: 100, dataset: items(3),
      function: (inputs: { i: number }) => {
        starts[inputs.i] = performance.now();
        if (inputs.i !== 0) return inputs.i;
        // due before the grace ends (the time limit's 100 ms, then 100 ms more), after the time limit
        setTimeout(() => (withinGrace = starts[1] === undefined), 150);
        return never();
      },
    });
    expect(result.datapoints.map((d) => d.status)).toEqual(["timed_out", "success", "success"]);
    expect(withinGrace).toBe(true); // 150 ms after it started, datapoint 0 still held the only slot (was freed at 100 ms)
    expect(starts[1]! - starts[0]!).toBeLessThan(2_000); // about 2 × timeoutMs, never for ever
    expect(result.leftRunning).toBe(1);
    expect(warnings()).toEqual([warning(1)]);
  });

  it("calls that never settle never stall the run: each slot is given back after twice the time limit", async () => {
    logs = captureSdkLogs();
    const calls = inFlight();
    const result = await evaluate({
      ...base, maxConcurrency: 2, timeoutMs: 100, dataset: items(6),
      function: () => calls.during(() => never()),
    });
    expect(result.datapoints.map((d) => d.status)).toEqual(Array.from({ length: 6 }, () => "timed_out"));
    expect(result.leftRunning).toBe(6); // 4 when their grace ended, the last 2 when the run ended
    expect(warnings()).toEqual([warning(6)]); // one line for the run, not one per datapoint
  });

  it("a cancelled run does not wait for the held slots", async () => {
    logs = captureSdkLogs();
    const controller = new AbortController();
    let returnedBeforeGraceEnded = false;
    const result = await evaluate({
      ...base, maxConcurrency: 1, timeoutMs: 1_000, dataset: items(3), signal: controller.signal,
      function: () => never(),
      onProgress: () => {
        controller.abort(); // at datapoint 0's timeout: its slot would be held for 1 s more
        setTimeout(() => (returnedBeforeGraceEnded = false), 1_000);
        returnedBeforeGraceEnded = true;
      },
    });
    expect(returnedBeforeGraceEnded).toBe(true);
    expect(result.status).toBe("cancelled");
    expect(result.datapoints.map((d) => d.status)).toEqual(["timed_out", "not_run", "not_run"]);
    expect(result.leftRunning).toBe(1);
    expect(warnings()).toEqual([warning(1)]);
  });
});

describe("the evaluator pool and timed-out evaluator calls", () => {
  it("keeps evaluatorConcurrency calls in flight when evaluators outlive evaluatorTimeoutMs and ignore their stop", async () => {
    logs = captureSdkLogs();
    const calls = inFlight();
    const result = await evaluate({
      ...base, maxConcurrency: 6, evaluatorConcurrency: 2, evaluatorTimeoutMs: 200, dataset: items(6),
      function: (inputs: { i: number }) => inputs.i,
      evaluators: [function judge() { return calls.during(() => sleep(300).then(() => 1)); }],
    });
    expect(calls.peak).toBe(2); // was up to 6: a timed-out call freed its slot while it ran on
    expect(result.datapoints.map((d) => [d.status, d.evaluatorErrors])).toEqual(
      Array.from({ length: 6 }, () => ["success", { judge: "timed out after 200 ms" }]),
    );
    expectLeftRunningAtMost(result.leftRunning, 2);
  });

  it("an evaluator call that never settles holds its slot for at most one more evaluatorTimeoutMs", async () => {
    logs = captureSdkLogs();
    const starts: number[] = [];
    let withinGrace = false;
    const result = await evaluate({
      ...base, maxConcurrency: 1, evaluatorConcurrency: 1, evaluatorTimeoutMs: 100, dataset: items(3),
      function: (inputs: { i: number }) => inputs.i,
      evaluators: [function judge(output: number) {
        starts[output] = performance.now();
        if (output !== 0) return 1;
        setTimeout(() => (withinGrace = starts[1] === undefined && starts[2] === undefined), 150);
        return never();
      }],
    });
    expect(result.datapoints.map((d) => [d.status, d.metrics, d.evaluatorErrors])).toEqual([
      ["success", {}, { judge: "timed out after 100 ms" }],
      ["success", { judge: 1 }, {}],
      ["success", { judge: 1 }, {}],
    ]);
    expect(withinGrace).toBe(true);
    expect(starts[1]! - starts[0]!).toBeLessThan(2_000);
    expect(result.leftRunning).toBe(1);
    expect(warnings()).toEqual([warning(1)]);
  });
});

describe("TimedOutCalls (the rule both pools use)", () => {
  it("gives a slot back when its call settles (not counted), when its grace ends or the run ends (counted once)", async () => {
    const calls = new TimedOutCalls();
    let settle!: () => void;
    const settling = calls.hold(new Promise<void>((resolve) => (settle = resolve)), 60_000);
    settle();
    await settling;
    expect(calls.leftRunning).toBe(0);
    await calls.hold(never(), 1); // its grace ends with the call still running
    expect(calls.leftRunning).toBe(1);
    const atEnd = calls.hold(never(), 60_000);
    expect(calls.end()).toBe(2); // the run ends: the slot is given back, the call counted
    await atEnd;
    expect(calls.end()).toBe(2);
    await calls.hold(never(), 60_000); // after the run's end: nothing is held
    expect(calls.leftRunning).toBe(2);
  });
});
