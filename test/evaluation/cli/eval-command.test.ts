import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../../packages/dev-server/src/index";
import { evalFolder, quietDevServer, runCli, SDK } from "./cli-harness";

let server: DevServer;
let dir: string;

/** `honeyhive eval <args>` (the real CLI entry through tsx, a child process) against the dev server. */
const cli = (args: string[], env: Record<string, string | undefined> = {}, onStderr?: (text: string, interrupt: () => void) => void) =>
  runCli(["eval", ...args], dir, { HH_API_URL: server.url, HH_API_KEY: "local", ...env }, onStderr);

const TOP_LEVEL = `import { evaluate } from ${JSON.stringify(SDK)};
const dataset = Array.from({ length: 8 }, (_, i) => ({ inputs: { i }, ground_truth: { even: i % 2 === 0 } }));
function exact(outputs: boolean, _inputs: unknown, gt: { even: boolean }) { return outputs === gt.even; }
await evaluate({ name: "awaited", dataset, evaluators: [exact], maxConcurrency: 2,
  function: async function guess(inputs: { i: number }) { return inputs.i % 4 === 0 || inputs.i % 4 === 2; } });
void evaluate({ name: "not-awaited", dataset, evaluators: [exact],
  function: async (inputs: { i: number }) => { await new Promise((r) => setTimeout(r, 20)); return inputs.i % 2 === 0; } });
`;
const DEFAULT_EXPORT = `export default [{
  name: "exported", dataset: [{ inputs: { x: 1 } }, { inputs: { x: 2 } }],
  function: (inputs) => inputs.x * 2,
  evaluators: [{ name: "exact", fn: (outputs) => outputs > 2 }],
}];
`;

beforeAll(async () => {
  server = await quietDevServer();
  dir = await evalFolder("hh-eval-cli-", {
    "evals/top.eval.ts": TOP_LEVEL,
    "evals/exported.eval.mjs": DEFAULT_EXPORT,
    "broken.eval.ts": "throw new Error('broken at import');\n",
    "invalid.eval.ts": `import { evaluate } from ${JSON.stringify(SDK)};\nawait evaluate({ function: () => 1, dataset: [] });\n`,
    "empty.eval.mjs": "export const nothing = 1;\n",
    "hang.eval.mjs": `export default { name: "hang", dataset: [{ inputs: {} }, { inputs: {} }, { inputs: {} }],
  function: () => { process.stderr.write("STARTED\\n"); return new Promise(() => {}); } };\n`,
  });
});
afterAll(() => server.close());

describe("honeyhive eval", () => {
  let firstRunId = "";

  it("runs awaited, un-awaited and default-exported evaluations; writes JSON and JUnit; exit 0 when thresholds pass and failures are allowed", async () => {
    // "exported" has one datapoint failing its verdict: allowed explicitly (without --max-failures it exits 1).
    const run = await cli(["evals/**/*.eval.*", "--json", "out.json", "--junit", "out.xml", "--fail-under", "exact=0.5", "--max-failures", "1"]);
    expect(run.stderr).not.toContain("HH_API_KEY is not set");
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, "out.json"), "utf8"));
    expect(report.exitCode).toBe(0);
    expect(report.experiments.map((e: any) => e.name).sort()).toEqual(["awaited", "exported", "not-awaited"]);
    for (const e of report.experiments) expect(e).toMatchObject({ status: "completed", uploaded: true });
    const awaited = report.experiments.find((e: any) => e.name === "awaited");
    expect(awaited.file).toBe(join("evals", "top.eval.ts"));
    expect(awaited.metrics.exact.average).toBe(1);
    expect(awaited.datapoints).toHaveLength(8);
    expect(report.experiments.find((e: any) => e.name === "exported").metrics.exact.average).toBe(0.5);
    expect(report.thresholds.every((t: any) => t.passed)).toBe(true);
    firstRunId = awaited.runId;
    const xml = await readFile(join(dir, "out.xml"), "utf8");
    expect(xml).toContain('<testsuite name="awaited"');
    expect(xml.match(/<testcase /g)).toHaveLength(8 + 8 + 2 + 3);
    expect(run.stdout).toContain('Experiment "awaited"');
    expect(run.stdout).toContain("PASS  exported: exact average 0.5 over 2/2 datapoints >= 0.5");
    expect(run.stdout).toContain("17/18 datapoint(s) passed");
    expect(run.stderr).toMatch(/awaited {2}8\/8 {2}0 errors .* \(completed · 8 passed, 0 failed\)/);
  }, 60_000);

  it("exits 1 when a threshold is missed, and compares with an earlier run", async () => {
    const run = await cli(["evals/top.eval.ts", "--fail-under", "exact=0.99", "--fail-under", "exact=1.01", "--compare", firstRunId]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL  awaited: exact average 1 over 8/8 datapoints >= 1.01");
    expect(run.stdout).toContain("PASS  awaited: exact average 1 over 8/8 datapoints >= 0.99");
    expect(run.stdout).toMatch(new RegExp(`Compared with run "awaited" ${firstRunId.slice(0, 8)}, started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(this run: "awaited" [0-9a-f]{8}, started [^)]+\\): 8 common datapoints`));
  }, 60_000);

  it("exits 2 when files fail to load or evaluations are invalid, and reports them", async () => {
    const run = await cli(["broken.eval.ts", "invalid.eval.ts", "empty.eval.mjs", "missing/*.eval.ts", "--json", "fail.json"]);
    expect(run.code).toBe(2);
    const report = JSON.parse(await readFile(join(dir, "fail.json"), "utf8"));
    expect(report.failures.map((f: any) => f.file)).toEqual(["missing/*.eval.ts", "broken.eval.ts", "invalid.eval.ts", "empty.eval.mjs"]);
    expect(report.failures[1].error).toContain("broken at import");
    expect(report.failures[2].error).toContain("dataset is empty");
    expect(run.stderr).toContain("no evaluation found");
  }, 60_000);

  it("explains how to use a local server when there is no API key, and still runs locally", async () => {
    const run = await cli(["evals/exported.eval.mjs", "--json", "local.json"], { HH_API_KEY: undefined, HH_API_URL: undefined });
    expect(run.code).toBe(1); // one of its two datapoints fails its verdict
    expect(run.stderr).toContain("npx honeyhive serve");
    expect(run.stderr).toContain("HH_API_KEY=local");
    const report = JSON.parse(await readFile(join(dir, "local.json"), "utf8"));
    expect(report.experiments[0]).toMatchObject({ name: "exported", uploaded: false });
  }, 60_000);

  it("cancels on Ctrl-C with partial results and exit code 130", async () => {
    let sent = false;
    const run = await cli(["hang.eval.mjs", "--json", "cancel.json"], {}, (text, interrupt) => {
      if (!sent && text.includes("STARTED")) {
        sent = true;
        interrupt();
      }
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain("cancelling");
    const report = JSON.parse(await readFile(join(dir, "cancel.json"), "utf8"));
    expect(report.experiments[0]).toMatchObject({ name: "hang", status: "cancelled", stats: { total: 3, cancelled: 3 } });
  }, 60_000);

  it("documents itself and rejects bad command lines with exit 2", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    for (const text of ["--fail-under", "--compare", "--junit", "--concurrency", "Exit codes", "tsx"]) expect(help.stdout).toContain(text);
    const [none, zero, nonsense, bogus] = await Promise.all([
      cli([]), cli(["x.eval.ts", "--concurrency", "0"]), cli(["x.eval.ts", "--fail-under", "nonsense"]), cli(["x.eval.ts", "--bogus"]),
    ]);
    expect([none.code, zero.code, nonsense.code, bogus.code]).toEqual([2, 2, 2, 2]);
    expect(nonsense.stderr).toContain("metric=value");
    expect(zero.stderr).toContain("--concurrency must be a positive integer");
  }, 60_000);
});
