import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { deriveRunId } from "../../packages/honeyhive/src/evaluation/derive-run-id";
import { call, KEY, startViewerServer } from "../viewer/helpers/viewer-server";
import { runTestRunner, type RunnerOutcome } from "./run-test-runner";

/**
 * `honeyhive/vitest` and `honeyhive/jest` in real vitest and jest processes (child processes on the fixture
 * projects in test/runners/fixtures, importing the built package) against a loopback dev server: each case is a
 * test, a failing verdict fails its test with the scores, each experiment is one run with one session per case.
 */
let server: DevServer;
beforeAll(async () => {
  server = await startViewerServer();
});
afterAll(() => server.close());

const backend = () => ({ HH_API_URL: server.url, HH_API_KEY: KEY });
const statuses = (o: RunnerOutcome) => Object.fromEntries(o.tests.map((t) => [t.name, t.status]));

async function runNamed(name: string): Promise<any[]> {
  const { body } = await call(server, "GET", "/v1/runs");
  return body.evaluations.filter((r: any) => r.name === name);
}

describe.each(["vitest", "jest"] as const)("honeyhive/%s", (runner) => {
  it("runs every case as a test, fails the failing verdict with its scores, and uploads one run per experiment", async () => {
    const outcome = await runTestRunner(runner, backend());
    expect(outcome.code, outcome.output).toBe(1);
    const nested = runner === "vitest" ? "nested " : "";
    expect(statuses(outcome)).toEqual({
      [`${runner}-arithmetic adds`]: "passed", [`${runner}-arithmetic multiplies`]: "passed",
      [`${runner}-arithmetic wrong on purpose`]: "failed", [`${runner}-arithmetic 5`]: "passed",
      [`${nested}${runner}-echo hi`]: "passed", [`${nested}${runner}-echo yo`]: "passed",
    });
    const failed = outcome.tests.find((t) => t.status === "failed")!;
    expect(failed.failureMessages.join("\n")).toContain('case "wrong on purpose" failed: scores: exact=false (pass when true)');
    const [arithmetic] = await runNamed(`${runner}-arithmetic`);
    expect(arithmetic).toMatchObject({ status: "completed", metadata: { fixture: runner }, passing_ranges: { exact: { pass_when: true } } });
    expect(arithmetic.event_ids).toHaveLength(4);
    expect(arithmetic.configuration).toMatchObject({ function: "calculator", evaluators: ["exact"] });
    const result = await call(server, "GET", `/v1/runs/${arithmetic.id}/result`);
    expect(result.body).toMatchObject({ passed: expect.any(Array), failed: expect.any(Array) });
    expect(result.body.failed).toHaveLength(1);
    const [echo] = await runNamed(`${runner}-echo`);
    expect(echo.event_ids).toHaveLength(2);
    expect(outcome.output).toContain(`Experiment "${runner}-echo"`);
    expect(outcome.output).not.toContain("HH_API_KEY is not set");
  }, 120_000);

  it("without a key runs locally, says how to see the runs in the local viewer, and reports changes since the previous run", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "hh-runner-state-"));
    try {
      const first = await runTestRunner(runner, { FIXTURE_EXPERIMENT: `${runner}-local` }, [], cwd);
      expect(first.tests.filter((t) => t.status === "passed")).toHaveLength(5);
      expect(first.output).toContain("not uploaded: no API key");
      expect(first.output).toContain("npx honeyhive serve");
      expect(first.output).not.toContain("Compared with the previous run");
      const second = await runTestRunner(runner, { FIXTURE_EXPERIMENT: `${runner}-local` }, [], cwd);
      expect(second.output).toMatch(/Compared with the previous run [0-9a-f-]{36}:\n\s+exact: 0\.75 -> 0\.75 \(0\)/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("sharding", () => {
  it("HH_EVAL_SHARD splits an experiment's cases over processes that fill one run, completed by the last shard", async () => {
    const env = { ...backend(), HH_RUN_ID: "ci-4711", FIXTURE_EXPERIMENT: "sharded" };
    const one = await runTestRunner("vitest", { ...env, HH_EVAL_SHARD: "1/2" }, ["arithmetic"]);
    expect(statuses(one)).toEqual({ "sharded adds": "passed", "sharded multiplies": "passed", "sharded wrong on purpose": "skipped", "sharded 5": "skipped" });
    expect((await runNamed("sharded"))[0]).toMatchObject({ id: deriveRunId("ci-4711", "sharded"), status: "running" });
    const two = await runTestRunner("vitest", { ...env, HH_EVAL_SHARD: "2/2" }, ["arithmetic"]);
    expect(statuses(two)).toMatchObject({ "sharded adds": "skipped", "sharded wrong on purpose": "failed", "sharded 5": "passed" });
    const runs = await runNamed("sharded");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "completed" });
    expect(runs[0].event_ids).toHaveLength(4);
  }, 120_000);

  it("jest --shard splits the files; with HH_RUN_ID each experiment is one run whose id every rerun shares", async () => {
    const env = { ...backend(), HH_RUN_ID: "ci-9000", FIXTURE_EXPERIMENT: "jest-sharded" };
    const one = await runTestRunner("jest", env, ["--shard=1/2"]);
    const two = await runTestRunner("jest", env, ["--shard=2/2"]);
    expect(one.tests.length + two.tests.length).toBe(6);
    expect(one.tests.length * two.tests.length).toBeGreaterThan(0);
    for (const name of ["jest-sharded", "jest-echo"]) {
      const runs = (await call(server, "GET", "/v1/runs")).body.evaluations.filter((r: any) => r.id === deriveRunId("ci-9000", name));
      expect(runs, name).toHaveLength(1);
      expect(runs[0].status).toBe("completed");
    }
  }, 120_000);

  it("a shard with a backend but no HH_RUN_ID is refused with one failing test that says why", async () => {
    const outcome = await runTestRunner("vitest", { ...backend(), HH_EVAL_SHARD: "1/2" }, ["second"]);
    expect(outcome.code).toBe(1);
    expect(outcome.tests).toEqual([expect.objectContaining({ name: "nested vitest-echo experiment options", status: "failed" })]);
    expect(outcome.tests[0]!.failureMessages.join("")).toContain("a shard needs HH_RUN_ID");
  }, 120_000);
});
