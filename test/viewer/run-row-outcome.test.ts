import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { trace } from "../../packages/honeyhive/src/instrument/trace";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * A run page row's ERROR is the datapoint's own error (its function failed), as the runs list and the CLI count it;
 * a traced helper that threw inside a function that recovered is no error of the datapoint, and an evaluator that
 * threw is shown as an evaluator error. Its `#` is the dataset index evaluate() returns (and the trial of several).
 */
let server: DevServer;
let run: EvaluationResult;
let trials: EvaluationResult;

const lookup = trace(
  async function cache_lookup(key: string): Promise<string> {
    throw new Error(`cache miss for ${key}`);
  },
  { eventType: "tool" },
);

async function answer(inputs: { q: string }): Promise<string> {
  if (inputs.q === "boom") throw new Error("the function failed");
  try {
    return await lookup(inputs.q);
  } catch {
    return inputs.q.toUpperCase(); // recovered: the right answer
  }
}

const dataset = [{ inputs: { q: "a" } }, { inputs: { q: "judge-breaks" } }, { inputs: { q: "boom" } }, { inputs: { q: "d" } }];
const evaluators = [
  function correct(output: unknown, inputs: { q: string }) {
    if (inputs.q === "judge-breaks") throw new Error("judge crashed");
    return output === inputs.q.toUpperCase();
  },
];

beforeAll(async () => {
  server = await startViewerServer();
  const common = { apiKey: KEY, serverUrl: server.url, dataset, function: answer, evaluators, maxConcurrency: 1 };
  run = await evaluate({ ...common, name: "outcomes" });
  trials = await evaluate({ ...common, name: "outcomes-trials", trials: 2 });
}, 30_000);
afterAll(() => server.close());

function byDatapoint(result: EvaluationResult, index: number, trial = 0) {
  return result.datapoints.find((d) => d.index === index && d.trial === trial)!;
}

describe("viewer run page rows", () => {
  it("show ERROR only for the datapoint whose function failed, evaluator errors apart", async () => {
    const { body } = await call(server, "GET", `/viewer/runs/${run.runId}?limit=50`);
    const rows = new Map<string, any>(body.rows.map((r: any) => [r.session_id, r]));
    const recovered = rows.get(byDatapoint(run, 0).sessionId!);
    expect(recovered).toMatchObject({ passed: true, error: null, evaluator_errors: null });
    const judged = rows.get(byDatapoint(run, 1).sessionId!);
    expect(judged).toMatchObject({ passed: false, error: null });
    expect(judged.evaluator_errors).toContain("judge crashed");
    const failed = rows.get(byDatapoint(run, 2).sessionId!);
    expect(failed.passed).toBe(false);
    expect(failed.error).toContain("the function failed");
    const errored = body.rows.filter((r: any) => r.error !== null).length;
    const runs = await call(server, "GET", "/viewer/runs");
    const listed = runs.body.runs.find((r: any) => r.id === run.runId);
    expect(JSON.stringify(listed)).toContain(`"errored":${errored}`);
    expect(errored).toBe(run.stats.failed + run.stats.timed_out);
  });

  it("label each row with the dataset index evaluate() returns, and the trial of several", async () => {
    const one = await call(server, "GET", `/viewer/runs/${run.runId}?limit=50`);
    for (const d of run.datapoints) {
      const row = one.body.rows.find((r: any) => r.session_id === d.sessionId);
      expect(row).toMatchObject({ index: d.index, trial: null, label: `#${d.index}` });
    }
    const two = await call(server, "GET", `/viewer/runs/${trials.runId}?limit=50`);
    expect(two.body.rows).toHaveLength(8);
    for (const d of trials.datapoints) {
      const row = two.body.rows.find((r: any) => r.session_id === d.sessionId);
      expect(row).toMatchObject({ index: d.index, trial: d.trial, label: `#${d.index} trial ${d.trial}` });
    }
  });
});
