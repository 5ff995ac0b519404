// evaluate() without an API key runs locally and says so once per process (1.0 threw "Honeyhive API key not found"; it
// was silent since): quiet when it is on purpose (offline) or when a runner reports the run and says it itself.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HoneyHiveTracer, evaluate } from "../../packages/honeyhive/src/index";
import { runEvaluation } from "../../packages/honeyhive/src/evaluation/evaluate-core";
import { createRunTracerFactory } from "../../packages/honeyhive/src/evaluation/create-datapoint-tracer";
import { EVALUATE_NO_KEY_NOTICE } from "../../packages/honeyhive/src/evaluation/open-run";
import { captureSdkLogs, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

const options = { name: "no-key", progress: false, dataset: [{ inputs: { n: 1 } }], function: (inputs: { n: number }) => inputs.n };
const saved = process.env.HH_API_KEY;

beforeEach(() => {
  delete process.env.HH_API_KEY;
});
afterEach(() => {
  if (saved !== undefined) process.env.HH_API_KEY = saved;
  resetHoneyHiveGlobals();
});

/** The warnings of `fn`. */
async function warningsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const logs = captureSdkLogs();
  try {
    await fn();
  } finally {
    logs.restore();
  }
  return logs.lines.filter((l) => l.level === "warn").map((l) => l.message);
}

describe("evaluate() without an API key", () => {
  it("says once per process that the run is local and not uploaded, and how to upload or say it is on purpose", async () => {
    let result: Awaited<ReturnType<typeof evaluate>> | undefined;
    const warnings = await warningsOf(async () => {
      result = await evaluate(options);
      await evaluate({ ...options, name: "no-key-again" });
    });
    expect(result).toMatchObject({ status: "completed", uploaded: false, uploadError: "no API key" });
    expect(warnings).toEqual([EVALUATE_NO_KEY_NOTICE]);
    expect(EVALUATE_NO_KEY_NOTICE).toContain("runs locally and is not uploaded");
    expect(EVALUATE_NO_KEY_NOTICE).toContain("set HH_API_KEY");
    expect(EVALUATE_NO_KEY_NOTICE).toContain("offline: true");
  });

  it("is quiet when local on purpose (offline: true)", async () => {
    expect(await warningsOf(() => evaluate({ ...options, offline: true }))).toEqual([]);
  });

  it("is quiet under a runner (honeyhive eval, the test runners), which prints its own notice", async () => {
    const factory = createRunTracerFactory(HoneyHiveTracer);
    const warnings = await warningsOf(() => runEvaluation(options, factory, { runner: {} }).finally(() => factory.close()));
    expect(warnings).toEqual([]);
  });
});
