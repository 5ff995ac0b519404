import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareValues, overallDirection } from "../../packages/core/src/verdict/compare";
import { datapointPassed } from "../../packages/core/src/verdict/datapoint-verdict";
import { metricDecides, metricVerdict } from "../../packages/core/src/verdict/metric-verdict";
import { describeRun, executedCleanly, executionStatus, runVerdict, statusNote } from "../../packages/core/src/verdict/run-verdict";
import { isSupersededSession, sessionShardAttempt, shardLabel, shardMarkerKey } from "../../packages/core/src/runs/shard-attempts";

describe("the verdict rule", () => {
  it("a metric with a passing range decides by its range", () => {
    expect(metricVerdict(0.4, { min: 0.5 })).toBe("failed");
    expect(metricVerdict(0.5, { min: 0.5, max: 0.5 })).toBe("passed");
    expect(metricVerdict(false, { pass_when: false })).toBe("passed");
    expect(metricVerdict(true, { pass_when: false })).toBe("failed");
    expect(metricVerdict(false, { min: 0 })).toBe("passed");
    expect(metricVerdict(true, { max: 0 })).toBe("failed");
  });

  it("a value within floating-point error of a bound meets it; a real difference does not", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(metricVerdict(0.1 + 0.2, { max: 0.3 })).toBe("passed");
    expect(metricVerdict((0.7 + 0.1) / 2, { min: 0.4 })).toBe("passed");
    expect(metricVerdict(0.3001, { max: 0.3 })).toBe("failed");
    expect(metricVerdict(0.3999, { min: 0.4 })).toBe("failed");
    expect(metricVerdict(-1e-13, { min: 0 })).toBe("passed");
    expect(metricVerdict(-1e-9, { min: 0 })).toBe("failed");
  });

  it("a boolean without a range passes only when true; other metrics without a range do not decide", () => {
    expect(metricVerdict(true, undefined)).toBe("passed");
    expect(metricVerdict(false, undefined)).toBe("failed");
    expect(metricVerdict(0, undefined)).toBe("undecided");
    expect(metricVerdict("bad", undefined)).toBe("undecided");
  });

  it("a value a passing range cannot judge fails it: a metric that could not be computed never passes", () => {
    expect(metricVerdict("bad", { min: 1 })).toBe("failed");
    expect(metricVerdict(Number.NaN, { min: 1 })).toBe("failed");
    expect(metricVerdict(3, { pass_when: true })).toBe("failed");
  });

  it("says whether a metric decides at all, in agreement with the verdict of each of its values", () => {
    expect(metricDecides(true, undefined)).toBe(true);
    expect(metricDecides(false, undefined)).toBe(false);
    expect(metricDecides(false, { pass_when: true })).toBe(true);
    expect(metricDecides(false, { max: 1 })).toBe(true);
    const range = fc.option(fc.record({ min: fc.double({ noNaN: true }), max: fc.double({ noNaN: true }), pass_when: fc.boolean() }, { requiredKeys: [] }), { nil: undefined });
    const value = fc.oneof(fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(fc.property(value, range, (v, r) => {
      expect(metricDecides(typeof v === "boolean", r)).toBe(metricVerdict(v, r) !== "undecided");
    }));
  });

  it("a datapoint whose function did not complete fails; otherwise any failing metric fails it", () => {
    expect(datapointPassed({ completed: false, metrics: [] })).toBe(false);
    expect(datapointPassed({ completed: true, metrics: [] })).toBe(true);
    expect(datapointPassed({ completed: true, metrics: [["s", 0.1], ["s", 0.9]], ranges: { s: { min: 0.5 } } })).toBe(false);
    expect(datapointPassed({ completed: true, metrics: [["s", 0.1]], ranges: { s: { min: "0.5" } } })).toBe(true);
  });

  it("a datapoint without a value for a metric its passing ranges name fails (the evaluator threw or returned nothing)", () => {
    const ranges = { factuality: { min: 1 }, exact: { pass_when: true } };
    expect(datapointPassed({ completed: true, metrics: [["exact", true]], ranges })).toBe(false);
    expect(datapointPassed({ completed: true, metrics: [["exact", true], ["factuality", 1]], ranges })).toBe(true);
    expect(datapointPassed({ completed: true, metrics: [["exact", true], ["factuality", "unreadable"]], ranges })).toBe(false);
    // A metric without a range may be missing; a malformed range names nothing.
    expect(datapointPassed({ completed: true, metrics: [], ranges: { s: { min: "0.5" } } })).toBe(true);
    expect(datapointPassed({ completed: true, metrics: [["other", 0]], ranges: {} })).toBe(true);
  });

  it("keeps execution status and verdict apart", () => {
    expect(executionStatus({ cancelled: true, total: 3, completed: 0 })).toBe("cancelled");
    expect(executionStatus({ cancelled: false, total: 3, completed: 0 })).toBe("failed");
    expect(executionStatus({ cancelled: false, total: 3, completed: 1 })).toBe("completed");
    expect(executionStatus({ cancelled: false, total: 0, completed: 0 })).toBe("completed");
    const verdict = runVerdict([true, false, false]);
    expect(verdict).toEqual({ passed: 1, failed: 2, notRun: 0, total: 3 });
    const cancelled = runVerdict([true, false, "not_run", "not_run"]);
    expect(cancelled).toEqual({ passed: 1, failed: 1, notRun: 2, total: 4 });
    expect(describeRun("cancelled", cancelled)).toBe("cancelled · 1 passed, 1 failed, 2 not run");
    expect(describeRun("completed", verdict)).toBe("completed · 1 passed, 2 failed");
  });

  it("a shard that finished without completing the run reads running, with a note, and still counts as executed", () => {
    const open = { cancelled: false, total: 8, completed: 8, awaitingOtherShards: true };
    expect(executionStatus(open)).toBe("running");
    expect(executionStatus({ ...open, awaitingOtherShards: false })).toBe("completed");
    // Cancelled and failed win over waiting for other shards.
    expect(executionStatus({ ...open, cancelled: true })).toBe("cancelled");
    expect(executionStatus({ ...open, completed: 0 })).toBe("failed");
    expect(executedCleanly("running")).toBe(true);
    expect(executedCleanly("completed")).toBe(true);
    expect(executedCleanly("failed")).toBe(false);
    expect(executedCleanly("cancelled")).toBe(false);
    const verdict = runVerdict([true, true]);
    expect(describeRun("running", verdict, { index: 1, count: 3 }))
      .toBe("running (shard 1/3 done; the run completes when the last shard finishes) · 2 passed, 0 failed");
    expect(describeRun("completed", verdict, { index: 3, count: 3 })).toBe("completed · 2 passed, 0 failed");
    expect(statusNote("running", undefined)).toBeUndefined();
  });

  it("compares values with a relative tolerance, higher is better", () => {
    expect(compareValues(1, 1 + 1e-15)).toBe("same");
    expect(compareValues(1, 2)).toBe("improved");
    expect(compareValues(2, 1)).toBe("degraded");
    expect(overallDirection(["improved", "same"])).toBe("improved");
    expect(overallDirection(["improved", "degraded"])).toBe("mixed");
    expect(overallDirection([])).toBe("same");
  });
});

describe("shard attempts (core/runs/shard-attempts)", () => {
  it("a session is superseded only when its shard's marker names another finished attempt", () => {
    const tags = { shard: "2/3", attempt: "a1" };
    expect(isSupersededSession(tags, { shard_2_of_3: { attempt: "a2" } })).toBe(true);
    expect(isSupersededSession(tags, { shard_2_of_3: { attempt: "a1" } })).toBe(false);
    expect(isSupersededSession(tags, { shard_1_of_3: { attempt: "a2" } })).toBe(false); // another shard's marker
    expect(isSupersededSession(tags, { shard_2_of_3: { datapoints: 3 } })).toBe(false); // a marker of an SDK without attempts
    expect(isSupersededSession(tags, {})).toBe(false); // no attempt finished yet: every session counts
    expect(isSupersededSession(undefined, { shard_2_of_3: { attempt: "a2" } })).toBe(false); // not a shard's session
    expect(isSupersededSession({ shard: "x/3", attempt: "a1" }, { shard_2_of_3: { attempt: "a2" } })).toBe(false);
    expect(sessionShardAttempt({ shard: "2/3", shard_attempt: "a1", run_id: "r" })).toEqual(tags);
    expect(sessionShardAttempt({ shard: "2/3" })).toBeUndefined();
    expect(shardMarkerKey({ index: 2, count: 3 })).toBe("shard_2_of_3");
    expect(isSupersededSession({ shard: shardLabel({ index: 2, count: 3 }), attempt: "a1" }, { shard_2_of_3: { attempt: "a2" } })).toBe(true);
  });
});
