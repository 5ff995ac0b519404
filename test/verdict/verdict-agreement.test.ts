import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { buildJsonReport } from "../../packages/honeyhive/src/cli/support/json-report";
import { formatJUnitReport } from "../../packages/honeyhive/src/cli/support/junit-report";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";
import { formatEvaluationResult } from "../../packages/honeyhive/src/reporting/format-result";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { call, KEY, startViewerServer } from "../viewer/helpers/viewer-server";

/**
 * One verdict everywhere: random runs go through the real evaluate() against the real dev server (with
 * the viewer), and every consumer — evaluate()'s result, the CLI's text summary, JUnit and JSON reports,
 * `GET /v1/runs/{id}/result` over HTTP and the viewer's `GET /viewer/runs/{id}` — must report the same
 * pass/fail per datapoint, the same counts and the same execution status, and match the rule as written
 * in the issue (a model of it below, independent of src/verdict/).
 */
let server: DevServer;
beforeAll(async () => {
  server = await startViewerServer();
});
afterAll(() => server.close());

type Outcome = "ok" | "throw" | "timeout";
interface PointSpec {
  outcome: Outcome;
  flag: boolean | null;
  score: number | null;
  label: string | null;
  evaluatorThrows: boolean;
}
interface RunSpec {
  ranges: Record<string, { min?: number; max?: number; pass_when?: boolean }>;
  points: PointSpec[];
}

const scoreArb = fc.integer({ min: 0, max: 10 }).map((n) => n / 10);
const pointArb: fc.Arbitrary<PointSpec> = fc.record({
  outcome: fc.constantFrom<Outcome>("ok", "ok", "ok", "ok", "throw", "timeout"),
  flag: fc.option(fc.boolean(), { nil: null }),
  score: fc.option(scoreArb, { nil: null }),
  label: fc.option(fc.constantFrom("good", "bad"), { nil: null }),
  evaluatorThrows: fc.boolean(),
});
const rangesArb = fc.record(
  {
    score: fc.oneof(fc.record({ min: scoreArb }), fc.record({ max: scoreArb }), fc.record({ min: scoreArb, max: scoreArb })),
    flag: fc.oneof(fc.record({ pass_when: fc.boolean() }), fc.record({ min: fc.constantFrom(0, 1) }), fc.record({ max: fc.constantFrom(0, 1) })),
    label: fc.record({ min: scoreArb }),
  },
  { requiredKeys: [] },
);
const runArb: fc.Arbitrary<RunSpec> = fc.record({ ranges: rangesArb, points: fc.array(pointArb, { minLength: 1, maxLength: 6 }) });

/**
 * The rule of issue 9, written out independently of src/verdict/, with issue 24's addition: a metric a passing range
 * names must have a value the range can judge, or the datapoint fails (the evaluator returned nothing, or a string
 * stands where the range wants a number); and an evaluator that threw fails its datapoint, range or not.
 */
function expectedPassed(spec: RunSpec, p: PointSpec): boolean {
  if (p.outcome !== "ok") return false;
  if (p.evaluatorThrows) return false; // an evaluator that errored: metrics that could not be computed, with or without a range
  const decide = (name: "flag" | "score" | "label", value: number | boolean | string | null): boolean => {
    const range = spec.ranges[name];
    if (value === null || typeof value === "string") return range === undefined; // no value a range could judge
    const bounded = range !== undefined && (range.min !== undefined || range.max !== undefined);
    if (typeof value === "boolean") {
      if (range?.pass_when !== undefined) return value === range.pass_when;
      if (bounded) {
        const n = value ? 1 : 0;
        return (range.min === undefined || n >= range.min) && (range.max === undefined || n <= range.max);
      }
      return value;
    }
    if (!range) return true;
    if (!bounded) return false; // a number under a range with only pass_when: the range cannot judge it
    return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
  };
  return decide("flag", p.flag) && decide("score", p.score) && decide("label", p.label);
}

const never = () => new Promise<never>(() => undefined);

async function runSpec(spec: RunSpec, name: string): Promise<EvaluationResult> {
  const metric = (key: "flag" | "score" | "label") =>
    ({ [key]: (_o: unknown, inputs: { i: number }) => {
      const p = spec.points[inputs.i]!;
      if (p.evaluatorThrows) throw new Error("evaluator failed");
      return p[key];
    } })[key]!;
  const logs = captureSdkLogs();
  const result = await evaluate<{ i: number }, unknown, number>({
    name, apiKey: KEY, serverUrl: server.url, timeoutMs: 1000, maxConcurrency: 6, passingRanges: spec.ranges,
    dataset: spec.points.map((_, i) => ({ inputs: { i } })),
    function: async function task(inputs) {
      const p = spec.points[inputs.i]!;
      if (p.outcome === "throw") throw new Error(`boom ${inputs.i}`);
      if (p.outcome === "timeout") return never();
      return inputs.i;
    },
    evaluators: [metric("flag"), metric("score"), metric("label")],
  }).finally(logs.restore);
  // a timed-out function never settles here: each is left running, and the run says so in one line
  const timeouts = spec.points.filter((p) => p.outcome === "timeout").length;
  expect(result.leftRunning ?? 0).toBe(timeouts);
  expect(logs.lines.filter((l) => l.message.includes("timed-out call"))).toHaveLength(timeouts > 0 ? 1 : 0);
  return result;
}

function junitFailures(xml: string): Set<string> {
  const failed = new Set<string>();
  // test cases are named by datapoint (first input value) and carry the datapoint id as their `id` attribute
  for (const m of xml.matchAll(/<testcase [^>]*\bid="([^"]+)"[^>]*>\s*<(?:failure|error) /g)) failed.add(m[1]!);
  return failed;
}

async function assertAgreement(spec: RunSpec, result: EvaluationResult): Promise<void> {
  const ids = result.datapoints.map((d) => d.datapointId);
  const expected = new Map(spec.points.map((p, i) => [ids[i]!, expectedPassed(spec, p)]));
  const expectedPassedIds = ids.filter((id) => expected.get(id)).sort();
  const counts = { passed: expectedPassedIds.length, failed: ids.length - expectedPassedIds.length, notRun: 0, total: ids.length };
  const wireCounts = { passed: counts.passed, failed: counts.failed, not_run: 0, total: counts.total };
  const status = spec.points.every((p) => p.outcome !== "ok") ? "failed" : "completed";

  // evaluate()'s result
  expect(result.status).toBe(status);
  expect(result.verdict).toEqual(counts);
  expect([...result.passed].sort()).toEqual(expectedPassedIds);
  for (const d of result.datapoints) expect(d.passed).toBe(expected.get(d.datapointId));

  // CLI: text summary, JUnit, JSON
  expect(formatEvaluationResult(result)).toContain(`${status} · ${counts.passed} passed, ${counts.failed} failed`);
  const junit = formatJUnitReport([result], [], []);
  expect([...junitFailures(junit)].sort()).toEqual(ids.filter((id) => !expected.get(id)).sort());
  expect(junit).toContain(`<property name="status" value="${status}"/><property name="passed" value="${counts.passed}"/><property name="failed" value="${counts.failed}"/>`);
  const json = JSON.parse(JSON.stringify(buildJsonReport({ exitCode: 0, results: [{ result }], thresholds: [], failures: [] })));
  expect(json.experiments[0].status).toBe(status);
  expect(json.experiments[0].verdict).toEqual(counts);
  expect([...json.experiments[0].passed].sort()).toEqual(expectedPassedIds);

  // dev server over HTTP
  const summary = (await call(server, "GET", `/v1/runs/${result.runId}/result`)).body;
  expect(summary.status).toBe(status);
  expect(summary.verdict).toEqual(wireCounts);
  expect([...summary.passed].sort()).toEqual(expectedPassedIds);
  for (const dp of summary.datapoints) expect(dp.passed).toBe(expected.get(dp.datapoint_id));

  // the viewer's data layer over HTTP
  const view = (await call(server, "GET", `/viewer/runs/${result.runId}?limit=200`)).body;
  expect(view.run.status).toBe(status);
  expect({ passed: view.passed, failed: view.failed, not_run: view.not_run, total: view.datapoints }).toEqual(wireCounts);
  for (const row of view.rows) expect(row.passed).toBe(expected.get(row.datapoint_id));
}

describe("one verdict for evaluate(), the CLI, the dev server and the viewer", () => {
  it("reproduces the CLI-vs-viewer disagreement: false booleans without a range fail everywhere", async () => {
    // 60 datapoints, 17 of them with exact=false and no passing range: the CLI said 43/60, the viewer 60/60.
    const spec: RunSpec = {
      ranges: {},
      points: Array.from({ length: 60 }, (_, i) => ({ outcome: "ok", flag: (i * 7) % 60 >= 17, score: 0.5, label: null, evaluatorThrows: false })),
    };
    const result = await runSpec(spec, "symptom");
    const passing = spec.points.filter((p) => p.flag).length;
    expect(passing).toBe(43);
    expect(result.passed).toHaveLength(passing);
    expect((await call(server, "GET", `/v1/runs/${result.runId}/result`)).body.passed).toHaveLength(passing);
    expect((await call(server, "GET", `/viewer/runs/${result.runId}`)).body.passed).toBe(passing);
    await assertAgreement(spec, result);
  }, 60_000);

  it("an evaluator that errored fails its datapoint everywhere, also without a passing range", async () => {
    const spec: RunSpec = {
      ranges: {},
      points: [
        { outcome: "ok", flag: true, score: 0.5, label: null, evaluatorThrows: true },
        { outcome: "ok", flag: true, score: 0.5, label: null, evaluatorThrows: false },
      ],
    };
    const result = await runSpec(spec, "evaluator-errors");
    expect(result.datapoints.map((d) => [d.passed, Object.keys(d.evaluatorErrors).length])).toEqual([[false, 3], [true, 0]]);
    expect((await call(server, "GET", `/v1/runs/${result.runId}/result`)).body.passed).toHaveLength(1);
    expect((await call(server, "GET", `/viewer/runs/${result.runId}`)).body.passed).toBe(1);
    await assertAgreement(spec, result);
  }, 60_000);

  it("agrees on random runs", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(runArb, async (spec) => {
        const result = await runSpec(spec, `fuzz-${n++}`);
        await assertAgreement(spec, result);
      }),
      { numRuns: 20 },
    );
  }, 240_000);

  it("a cancelled run is cancelled (not failed) on the server and in the viewer, with its verdict", async () => {
    const controller = new AbortController();
    const result = await evaluate<{ i: number }, unknown, number>({
      name: "cancelled", apiKey: KEY, serverUrl: server.url, maxConcurrency: 2, signal: controller.signal,
      dataset: Array.from({ length: 6 }, (_, i) => ({ inputs: { i } })),
      function: async (inputs) => {
        if (inputs.i >= 2) {
          controller.abort();
          return never();
        }
        return inputs.i;
      },
      evaluators: [function ok() { return true; }],
    });
    expect(result.status).toBe("cancelled");
    expect(formatEvaluationResult(result)).toContain(`cancelled · ${result.verdict.passed} passed, ${result.verdict.failed} failed, ${result.verdict.notRun} not run`);
    expect(result.verdict.failed).toBeGreaterThan(0);
    expect(result.verdict.notRun).toBeGreaterThan(0);
    expect(result.verdict.failed).toBe(result.datapoints.filter((d) => d.status === "cancelled").length);
    const summary = (await call(server, "GET", `/v1/runs/${result.runId}/result`)).body;
    expect(summary.status).toBe("cancelled");
    const view = (await call(server, "GET", `/viewer/runs/${result.runId}`)).body;
    expect(view.run.status).toBe("cancelled");
    expect(view.passed).toBe(summary.verdict.passed);
    expect(summary.verdict).toEqual({ passed: result.verdict.passed, failed: result.verdict.failed, not_run: result.verdict.notRun, total: 6 });
    expect(view).toMatchObject({ passed: result.verdict.passed, failed: result.verdict.failed, not_run: result.verdict.notRun });
  }, 60_000);
});
