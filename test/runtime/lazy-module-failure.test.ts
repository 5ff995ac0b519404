/**
 * evaluate() and diagnose() import their engines on the first call (decision record 0041). When that import fails
 * (a file of the package gone: an install replacing it under a running process), diagnose() still resolves with
 * every check skipped and the reason, evaluate() tells a listening runner through its reporter, and a failed import
 * is not remembered: the next call imports again.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type * as DiagnoseModule from "../../packages/honeyhive/src/diagnose/diagnose";
import type * as EvaluateModule from "../../packages/honeyhive/src/script/evaluate";
import type * as ListeningRunnerModule from "../../packages/honeyhive/src/evaluation/listening-runner";
import type { EvaluateOptions } from "../../packages/honeyhive/src/evaluation/types";
import { fakeTracerFactory } from "../evaluation/fake-tracer";

const SRC = "../../packages/honeyhive/src";
const RUN_ENGINE = `${SRC}/script/run-engine`;
const RUN_DIAGNOSIS = `${SRC}/diagnose/run-diagnosis`;

/** Makes the next imports of `path` fail as a missing file does, then loads fresh copies of the SDK's modules. */
function failImportsOf(path: string): void {
  vi.doMock(path, () => {
    throw Object.assign(new Error(`Cannot find module '${path}'`), { code: "ERR_MODULE_NOT_FOUND" });
  });
  vi.resetModules();
}

afterEach(async () => {
  vi.doUnmock(RUN_ENGINE);
  vi.doUnmock(RUN_DIAGNOSIS);
  const runner = (await import(`${SRC}/evaluation/listening-runner`)) as typeof ListeningRunnerModule;
  runner.setListeningRunner(undefined);
  vi.resetModules();
});

const options = { name: "lazy", offline: true, function: (inputs: { n: number }) => inputs.n, dataset: [{ inputs: { n: 1 } }] } as unknown as EvaluateOptions;

describe("a failed import of a lazily loaded engine", () => {
  it("diagnose() still resolves: every check skipped, naming why", async () => {
    failImportsOf(RUN_DIAGNOSIS);
    const { diagnose } = (await import(`${SRC}/diagnose/diagnose`)) as typeof DiagnoseModule;
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.ok).toBe(true);
    expect(diagnosis.problems).toBe(0);
    expect(diagnosis.spansByScope).toEqual({});
    expect(diagnosis.checks.map((c) => c.id)).toEqual([
      "tracers", "async-local-storage", "context-manager", "global-provider", "opentelemetry-api", "instrumentations", "version-ranges",
      "module-copies", "client-helpers", "ai-sdk-telemetry", "untraced", "parameter-names", "prompts", "prices", "backend",
    ]);
    for (const check of diagnosis.checks) {
      expect(check).toMatchObject({ status: "skipped", summary: expect.stringContaining("diagnose()'s checks could not be loaded (") });
    }
    // the same checks as a diagnosis that ran
    vi.doUnmock(RUN_DIAGNOSIS);
    const ran = await diagnose({ backend: false });
    expect(ran.checks.filter((c) => c.summary.includes("could not be loaded"))).toEqual([]);
    expect(diagnosis.checks.map((c) => c.id)).toEqual(ran.checks.map((c) => c.id));
  });

  it("evaluate(): the next call imports the engine again and runs", async () => {
    failImportsOf(RUN_ENGINE);
    const { evaluateWithTracers } = (await import(`${SRC}/script/evaluate`)) as typeof EvaluateModule;
    await expect(evaluateWithTracers(options, fakeTracerFactory().create)).rejects.toBeInstanceOf(Error);
    vi.doUnmock(RUN_ENGINE); // the file is back
    const result = await evaluateWithTracers(options, fakeTracerFactory().create);
    expect(result.datapoints.map((d) => d.status)).toEqual(["success"]);
  });

  it("evaluate() under a listening runner: its reporter hears the failure, as it hears any failed run", async () => {
    failImportsOf(RUN_ENGINE);
    const runner = (await import(`${SRC}/evaluation/listening-runner`)) as typeof ListeningRunnerModule;
    const { evaluateWithTracers } = (await import(`${SRC}/script/evaluate`)) as typeof EvaluateModule;
    const errors: unknown[] = [];
    const tracked: Promise<unknown>[] = [];
    runner.setListeningRunner({ reporter: { onError: (error) => void errors.push(error) }, settings: {}, track: (p) => void tracked.push(p) });
    const promise = evaluateWithTracers(options, fakeTracerFactory().create);
    expect(tracked).toEqual([promise]); // handed over synchronously
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(errors).toEqual([error]);
  });
});
