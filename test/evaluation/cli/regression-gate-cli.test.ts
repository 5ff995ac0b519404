// `honeyhive eval --compare <run> --fail-on-regression`: the CI gate on evidence, end to end through the real CLI,
// the real SDK and the real dev server. The CLI's summary, its --json and --markdown reports and the dev server's
// comparison (what the viewer shows) read the same verdicts for the same pair of runs.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../../packages/dev-server/src/index";
import { evalFolder, quietDevServer, runCli, SDK } from "./cli-harness";

let server: DevServer;
let dir: string;

const cli = (args: string[], version: string) => runCli(["eval", ...args], dir, { HH_API_URL: server.url, HH_API_KEY: "local", APP_VERSION: version });

// 60 datapoints. The baseline answers 54 right (90 %); "same" is the baseline again; "worse" answers 30 right, and
// takes longer (a latency metric, lower is better by its name).
const EVAL_FILE = `import { evaluate } from ${JSON.stringify(SDK)};
const version = process.env.APP_VERSION;
const limit = version === "worse" ? 30 : 54;
export default {
  name: "gate", dataset: Array.from({ length: 60 }, (_, i) => ({ inputs: { i } })), maxConcurrency: 10,
  function: (inputs) => ({ right: inputs.i < limit, ms: version === "worse" ? 300 + inputs.i : 100 + inputs.i }),
  evaluators: [
    function correct(outputs) { return outputs.right; },
    function latency_ms(outputs) { return outputs.ms; },
  ],
};
`;

beforeAll(async () => {
  server = await quietDevServer();
  dir = await evalFolder("hh-gate-cli-", { "gate.eval.mjs": EVAL_FILE });
});
afterAll(() => server.close());

async function json(name: string): Promise<any> {
  return JSON.parse(await readFile(join(dir, name), "utf8"));
}

describe("honeyhive eval --fail-on-regression", () => {
  let baseline = "";

  it("needs --compare and names the metrics to watch", async () => {
    const run = await cli(["gate.eval.mjs", "--fail-on-regression", "any"], "same");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--fail-on-regression needs --compare <run id>");
  }, 60_000);

  it("passes a run whose failing datapoints are no significant regression, and fails a significant one the same way everywhere", async () => {
    const base = await cli(["gate.eval.mjs", "--max-failures", "60", "--json", "base.json"], "same");
    expect(base.code).toBe(0);
    baseline = (await json("base.json")).experiments[0].runId;

    // the same app again: 6 datapoints fail, as before: no significant regression, so the gate passes
    const same = await cli(["gate.eval.mjs", "--compare", baseline, "--fail-on-regression", "any"], "same");
    expect(same.stdout).toContain("pass_rate (higher is better): 0.9 -> 0.9 (0; 0 improved, 0 degraded, 60 same): no detectable change (n = 60");
    expect(same.stdout).toContain("with no significant regression (--fail-on-regression)");
    expect(same.code).toBe(0);

    const worse = await cli(["gate.eval.mjs", "--compare", baseline, "--fail-on-regression", "pass_rate", "--json", "worse.json", "--markdown", "worse.md"], "worse");
    expect(worse.code).toBe(1);
    expect(worse.stdout).toContain('"gate": pass_rate degraded significantly (p < 0.001)');
    expect(worse.stdout).toMatch(/pass_rate \(higher is better\): 0\.9 -> 0\.5 \(-0\.4; 0 improved, 24 degraded, 36 same\): degraded \(p < 0\.001, -0\.4 \[/);
    expect(worse.stdout).toMatch(/latency_ms \(lower is better\): 129\.5 -> 329\.5 \(\+200; 0 improved, 60 degraded, 0 same\): degraded \(p < 0\.001, \+200 \[\+200, \+200\]\)/);

    const report = (await json("worse.json")).experiments[0].comparison;
    expect(report.passRate).toMatchObject({ direction: "higher", degradedCount: 24, significance: { method: "mcnemar", n: 60, discordant: { up: 0, down: 24 }, verdict: "degraded" } });
    const byName = Object.fromEntries(report.metrics.map((m: any) => [m.metric, m]));
    expect(byName.correct.significance.verdict).toBe("degraded");
    expect(byName.latency_ms).toMatchObject({ direction: "lower", degradedCount: 60, significance: { verdict: "degraded" } });

    const markdown = await readFile(join(dir, "worse.md"), "utf8");
    expect(markdown).toContain("| pass_rate ↑ | 0.5 | -0.4 (0.9 → 0.5) | 0 | 24 | **degraded \\(p \\< 0.001, -0.4 \\[");
    expect(markdown).toContain("| latency\\_ms ↓ | 329.5 | +200 (129.5 → 329.5) | 0 | 60 | **degraded");
    expect(markdown).toMatch(/\*\*Trade-off:\*\* pass rate 90 % → 50 % \\\(-40 points, degraded\\\) for /);
    expect(markdown).toContain("❌ **Failed**");

    // the dev server's comparison, which the viewer's page shows, reads the same verdicts
    const served = await (await fetch(`${server.url}/v1/runs/${report.newRunId}/compare-with/${baseline}`, { headers: { authorization: "Bearer local" } })).json() as any;
    expect(served.pass_rate.significance).toMatchObject({ verdict: "degraded", method: "mcnemar", p: report.passRate.significance.p });
    const servedByName = Object.fromEntries(served.metrics.map((m: any) => [m.metric_name, m]));
    expect(servedByName.correct.significance.adjusted_p).toBe(byName.correct.significance.adjustedP);
    expect(servedByName.latency_ms.significance.interval).toEqual(byName.latency_ms.significance.interval);
    expect(servedByName.latency_ms.direction).toBe("lower");
  }, 120_000);

  it("exits 2 for a watched metric no comparison has", async () => {
    const run = await cli(["gate.eval.mjs", "--compare", baseline, "--fail-on-regression", "corect"], "same");
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('--fail-on-regression metric "corect" is in no comparison');
  }, 60_000);
});
