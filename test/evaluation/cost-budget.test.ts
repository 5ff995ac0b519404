/**
 * evaluate()'s cost budget (`maxCostUsd`): every model call of the run, the app's and the LLM judge's, adds its cost
 * as it is exported (priced by @honeyhive/dev-server's rule, the one the dev server stores costs with); once the total
 * reaches the budget the run is cancelled, reported as cancelled with its not-run datapoints, and the cost it counted
 * equals what the server holds for the same calls. Real `openai` (patched by OpenInference) against the loopback fake,
 * real dev server.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { call, KEY } from "../viewer/helpers/viewer-server";
import { useOpenInferenceDevServer } from "../helpers/openinference-dev-server";

const stack = useOpenInferenceDevServer();

function experiment(name: string, datapoints: number, maxCostUsd: number) {
  return evaluate({
    name, apiKey: KEY, serverUrl: stack.server.url, progress: false, maxConcurrency: 1, maxCostUsd,
    dataset: Array.from({ length: datapoints }, (_, i) => ({ inputs: { q: `Question number ${i}: what is ${i} + ${i}?` } })),
    function: async (inputs: { q: string }) => stack.ask(inputs.q),
    evaluators: [async function judge(output: string) { return (await stack.ask(`Grade this answer: ${output}`)).length > 0; }],
  });
}

/** The cost the dev server holds for a run's sessions (app and evaluation). */
async function storedCost(sessionIds: readonly string[]): Promise<number> {
  let total = 0;
  for (const id of sessionIds) {
    const { body } = await call(stack.server, "GET", `/v1/sessions/${id}`);
    total += (body.app_usage?.cost ?? 0) + (body.evaluation_usage?.cost ?? 0);
  }
  return total;
}

describe("maxCostUsd", () => {
  it("counts every call's cost as the server prices it, and stops the run once the budget is reached", async () => {
    const unlimited = await experiment("unbudgeted", 2, 1000);
    expect(unlimited.status).toBe("completed");
    expect(unlimited.cost).toMatchObject({ maxCostUsd: 1000, reached: false, unpricedCalls: 0, priced: true });
    expect(unlimited.cost!.appUsd).toBeGreaterThan(0);
    expect(unlimited.cost!.evaluationUsd).toBeGreaterThan(0);
    expect(unlimited.cost!.spentUsd).toBeCloseTo(await storedCost(unlimited.sessionIds), 12);

    const perDatapoint = unlimited.cost!.spentUsd / 2;
    const budget = perDatapoint * 2.5;
    const stopped = await experiment("budgeted", 10, budget);
    expect(stopped.status).toBe("cancelled");
    expect(stopped.cost!.reached).toBe(true);
    expect(stopped.cost!.spentUsd).toBeGreaterThanOrEqual(budget);
    expect(stopped.cost!.spentUsd).toBeLessThan(budget + 2 * perDatapoint);
    expect(stopped.notRun.length).toBeGreaterThanOrEqual(5);
    const notRun = stopped.datapoints.find((d) => d.status === "not_run")!;
    expect(notRun.error).toContain(`cost budget of $${budget} reached`);
    expect(stopped.verdict.notRun).toBe(stopped.notRun.length);
    // what the budget counted is what the server holds for the calls it saw
    expect(stopped.cost!.spentUsd).toBeCloseTo(await storedCost(stopped.sessionIds), 12);
  }, 120_000);

  it("rejects a budget that is not a positive number", async () => {
    for (const maxCostUsd of [0, -1, Number.NaN, "5" as unknown as number]) {
      await expect(experiment("bad", 1, maxCostUsd)).rejects.toThrow(/maxCostUsd must be a positive number of US dollars/);
    }
  });
});
