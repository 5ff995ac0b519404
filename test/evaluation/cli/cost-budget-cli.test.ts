// `honeyhive eval --max-cost-usd`: the cost budget end to end through the real CLI, the real SDK and the real dev
// server. Each datapoint makes one model call that reports its own cost ($0.01); a budget of $0.025 stops the run after
// the third call: the summary says the budget was reached and the run cancelled, the JSON and Markdown reports list the
// not-run datapoints, and the run is stored as cancelled.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../../packages/dev-server/src/index";
import { evalFolder, quietDevServer, runCli, SDK } from "./cli-harness";

let server: DevServer;
let dir: string;

const cli = (args: string[]) => runCli(["eval", ...args], dir, { HH_API_URL: server.url, HH_API_KEY: "local" });

const EVAL_FILE = `import { enrichSpan, trace } from ${JSON.stringify(SDK)};
const llm = trace(async (question) => { enrichSpan({ metadata: { cost: 0.01 } }); return "answer to " + question; }, { eventType: "model", eventName: "llm" });
export default {
  name: "budget", dataset: Array.from({ length: 10 }, (_, i) => ({ inputs: { q: "question " + i } })), maxConcurrency: 1,
  function: (inputs) => llm(inputs.q),
  evaluators: [function answered(output) { return output.length > 0; }],
};
`;

beforeAll(async () => {
  server = await quietDevServer();
  dir = await evalFolder("hh-budget-cli-", { "budget.eval.mjs": EVAL_FILE });
});
afterAll(() => server.close());

describe("honeyhive eval --max-cost-usd", () => {
  it("stops the run once its model calls reach the budget, reported as cancelled with its not-run datapoints", async () => {
    const run = await cli(["budget.eval.mjs", "--max-cost-usd", "0.025", "--json", "out.json", "--markdown", "out.md"]);
    expect(run.code, run.stderr).toBe(2); // a cancelled run did not run cleanly
    expect(run.stdout).toContain("cancelled · 2 passed, 1 failed, 7 not run");
    expect(run.stdout).toContain("Cost: $0.03 of the $0.025 budget (app $0.03, evaluation $0): budget reached, the run was cancelled");

    const report = JSON.parse(await readFile(join(dir, "out.json"), "utf8")).experiments[0];
    expect(report.status).toBe("cancelled");
    expect(report.cost).toMatchObject({ maxCostUsd: 0.025, appUsd: 0.03, evaluationUsd: 0, reached: true, unpricedCalls: 0 });
    const notRun = report.datapoints.filter((d: any) => d.status === "not_run");
    expect(notRun.map((d: any) => d.inputs.q)).toEqual([3, 4, 5, 6, 7, 8, 9].map((i) => `question ${i}`));
    expect(notRun[0].error).toBe("not run: the run was cancelled before it started: cost budget of $0.025 reached ($0.03 spent)");

    const markdown = await readFile(join(dir, "out.md"), "utf8");
    expect(markdown).toContain("cancelled · 2 passed, 1 failed, 7 not run");
    expect(markdown).toContain("⚠️ Cost: $0.03 of the $0.025 budget \\(app $0.03, evaluation $0\\): budget reached, the run was cancelled");

    const stored = await (await fetch(`${server.url}/v1/runs/${report.runId}`, { headers: { authorization: "Bearer local" } })).json() as any;
    expect(stored.evaluation.status).toBe("cancelled");
  }, 120_000);
});
