import { describe, expect, it } from "vitest";
import { EXIT_CODES, exitCodeFor, notStoredReason, verdictAccepted } from "../../packages/core/src/verdict/exit-rule";
import { runVerdict } from "../../packages/core/src/verdict/run-verdict";
import { checkPassingRanges } from "../../packages/honeyhive/src/evaluation/check-passing-ranges";

/** The one exit rule (`verdict/exit-rule.ts`), shared by `honeyhive eval` and the test runners. */
describe("the exit rule", () => {
  const threeOfFour = runVerdict([true, true, true, false]);

  it("accepts a verdict only when every datapoint passed, unless failures are allowed explicitly", () => {
    expect(verdictAccepted(runVerdict([true, true]))).toBe(true);
    expect(verdictAccepted(threeOfFour)).toBe(false);
    expect(verdictAccepted(runVerdict([true, "not_run"]))).toBe(false);
    expect(verdictAccepted(threeOfFour, { maxFailures: 1 })).toBe(true);
    expect(verdictAccepted(threeOfFour, { maxFailures: 0 })).toBe(false);
    expect(verdictAccepted(threeOfFour, { minPassRate: 0.75 })).toBe(true);
    expect(verdictAccepted(threeOfFour, { minPassRate: 0.8 })).toBe(false);
    // Both limits given: both must hold.
    expect(verdictAccepted(threeOfFour, { maxFailures: 5, minPassRate: 0.8 })).toBe(false);
    expect(verdictAccepted(threeOfFour, { maxFailures: 1, minPassRate: 0.5 })).toBe(true);
  });

  it("orders the codes: cancelled, not executed, failed, passed", () => {
    const ok = { notExecuted: false, verdictsAccepted: true, thresholdsMet: true };
    expect(exitCodeFor(ok)).toBe(EXIT_CODES.passed);
    expect(exitCodeFor({ ...ok, verdictsAccepted: false })).toBe(1);
    expect(exitCodeFor({ ...ok, thresholdsMet: false })).toBe(1);
    expect(exitCodeFor({ ...ok, verdictsAccepted: false, notExecuted: true })).toBe(2);
    expect(exitCodeFor({ ...ok, notExecuted: true, cancelledBy: "SIGINT" })).toBe(130);
    expect(exitCodeFor({ ...ok, cancelledBy: "SIGTERM" })).toBe(143);
  });

  it("results meant to be stored and not stored are reported; offline, or nothing configured, is not", () => {
    const none = { apiKey: false, serverUrl: false, offline: false };
    expect(notStoredReason({ uploaded: false, uploadError: "no API key" }, none)).toBeUndefined();
    expect(notStoredReason({ uploaded: false, uploadError: "no API key" }, { ...none, apiKey: true, offline: true })).toBeUndefined();
    expect(notStoredReason({ uploaded: true }, { ...none, apiKey: true })).toBeUndefined();
    expect(notStoredReason({ uploaded: false, uploadError: "HTTP 401" }, { ...none, apiKey: true })).toBe("HTTP 401");
    expect(notStoredReason({ uploaded: false, uploadError: "no API key" }, { ...none, serverUrl: true })).toBe("HH_API_URL is set but HH_API_KEY is not");
    expect(notStoredReason({ uploaded: false }, { ...none, apiKey: true })).toBe("the run was not stored");
    // an experiment offline on purpose (its own `offline: true`) under a configured key is not a storage failure
    expect(notStoredReason({ uploaded: false, uploadError: "offline (nothing is sent)" }, { ...none, apiKey: true })).toBeUndefined();
  });
});

describe("passingRanges keys are metric names", () => {
  it("accepts an evaluator's name and its <name>_<field> extras", () => {
    expect(() => checkPassingRanges({ exact_match: { pass_when: true }, factuality_score: { min: 0.5 } }, ["exact_match", "factuality"])).not.toThrow();
    expect(() => checkPassingRanges(undefined, [])).not.toThrow();
  });

  it("takes a name far from every evaluator's metric as one the function writes itself", () => {
    expect(() => checkPassingRanges({ latency_ms: { max: 50 } }, ["exact_match", "levenshtein"])).not.toThrow();
    expect(() => checkPassingRanges({ tool_ok: { pass_when: true } }, [])).not.toThrow();
    expect(() => checkPassingRanges({ latency_ms: { maximum: 50 } }, [])).toThrow('passingRanges.latency_ms: unknown key "maximum"');
  });

  it("rejects an unknown metric naming the closest one, and malformed ranges naming the key", () => {
    expect(() => checkPassingRanges({ exactMatch: { pass_when: true } }, ["exact_match"])).toThrow(
      'passingRanges: unknown metric "exactMatch" (did you mean "exact_match"?)',
    );
    expect(() => checkPassingRanges({ exact: { passWhen: true } }, ["exact"])).toThrow('passingRanges.exact: unknown key "passWhen" (did you mean "pass_when"?)');
    expect(() => checkPassingRanges({ exact: true }, ["exact"])).toThrow("passingRanges.exact must be an object");
    expect(() => checkPassingRanges({ exact: { min: "1" } }, ["exact"])).toThrow("passingRanges.exact.min must be a finite number");
    expect(() => checkPassingRanges({ exact: {} }, ["exact"])).toThrow("sets none of min, max, pass_when");
  });
});
