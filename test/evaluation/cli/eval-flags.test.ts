import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../../packages/dev-server/src/index";
import { createLogger } from "../../../packages/honeyhive/src/internal/logger";
import { ROOT, runCli } from "./cli-harness";

let server: DevServer;
let dir: string;
const env = (): Record<string, string> => ({ HH_API_URL: server.url, HH_API_KEY: "local" });

// Three datapoints, "exact" averages 2/3: a raw float would print as 0.6666666666666666.
const THIRDS = `export default { name: "thirds", dataset: [
  { inputs: { question: "one <b>x</b> | y" }, ground_truth: 1 }, { inputs: { question: "two" }, ground_truth: 2 }, { inputs: { question: "three" }, ground_truth: 0 }],
  function: (inputs, gt) => gt, evaluators: [{ name: "exact", fn: (out) => out > 0 }, { name: "score", fn: (out) => out / 3 }] };
`;
const WORSE = `export default { name: "thirds", dataset: [
  { inputs: { question: "one <b>x</b> | y" }, ground_truth: 1 }, { inputs: { question: "two" }, ground_truth: 2 }, { inputs: { question: "three" }, ground_truth: 0 }],
  function: (inputs, gt) => inputs.question === "two" ? 0 : gt, evaluators: [{ name: "exact", fn: (out) => out > 0 }, { name: "score", fn: (out) => out / 3 }] };
`;

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  dir = await mkdtemp(join(tmpdir(), "hh-eval-flags-"));
  await writeFile(join(dir, "thirds.eval.mjs"), THIRDS);
  await writeFile(join(dir, "worse.eval.mjs"), WORSE);
});
afterAll(() => server.close());

describe("honeyhive eval: report paths", () => {
  it("makes a report's new folder before the run; a folder that cannot be made fails at once (exit 2), before any datapoint runs", async () => {
    const made = await runCli(["eval", "thirds.eval.mjs", "--offline", "--json", "reports/ci/deep/r.json", "--markdown", "reports/md/r.md"], dir);
    expect(made.code, made.stderr).toBe(1); // "exact" fails one datapoint of three
    expect(JSON.parse(await readFile(join(dir, "reports/ci/deep/r.json"), "utf8")).exitCode).toBe(1);
    expect(await readFile(join(dir, "reports/md/r.md"), "utf8")).toContain("thirds");

    await writeFile(join(dir, "a-file"), "in the way");
    await writeFile(join(dir, "marked.eval.mjs"), `export default { name: "marked", dataset: [{ inputs: { n: 1 } }],
  function: () => { process.stderr.write("RAN\\n"); return 1; } };\n`);
    const blocked = await runCli(["eval", "marked.eval.mjs", "--offline", "--junit", "a-file/r.xml"], dir);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toContain("cannot create the folder of the report a-file/r.xml");
    expect(blocked.stderr).not.toContain("RAN");
  }, 60_000);
});

describe("honeyhive CLI basics", () => {
  it("prints its version", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const run = await runCli([flag], dir);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${pkg.version}\n`);
    }
  }, 60_000);

  it("answers a usage error with one line plus a hint, never the whole help", async () => {
    const [bogus, none, unknown, missing, serve, topOption] = await Promise.all([
      runCli(["eval", "x.eval.mjs", "--bogus"], dir), runCli(["eval"], dir), runCli(["nope"], dir),
      runCli(["eval", "x.eval.mjs", "--json"], dir), runCli(["serve", "--bogus"], dir), runCli(["--bogus"], dir),
    ]);
    for (const run of [bogus, none, unknown, missing, serve, topOption]) {
      expect(run.code).toBe(2);
      const lines = run.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^Run "honeyhive( eval| serve)? --help" for usage\.$/);
      expect(run.stderr).not.toContain("Options:");
    }
    expect(bogus.stderr).toMatch(/^honeyhive eval: unknown option --bogus\n/);
    expect(none.stderr).toContain("give at least one evaluation file or glob");
    expect(unknown.stderr).toMatch(/^honeyhive: unknown command "nope"/);
    expect(topOption.stderr).toMatch(/^honeyhive: unknown option "--bogus" /);
    expect(missing.stderr).toContain("--json");
  }, 60_000);

  it("wraps every help line at 100 columns at most", async () => {
    const helps = await Promise.all([runCli(["--help"], dir), runCli(["eval", "--help"], dir), runCli(["serve", "--help"], dir), runCli(["doctor", "--help"], dir)]);
    for (const help of helps) {
      expect(help.code).toBe(0);
      const lines = help.stdout.trimEnd().split("\n");
      expect(lines.length).toBeGreaterThan(5);
      expect(lines.filter((line) => line.length > 100)).toEqual([]);
    }
  }, 60_000);

  it("rejects bad --shard arguments with a clear message and exit 2", async () => {
    const runs = await Promise.all(["0/3", "4/3", "a/b", "1/0", "2"].map((s) => runCli(["eval", "thirds.eval.mjs", "--shard", s], dir, env())));
    for (const run of runs) expect(run.code).toBe(2);
    expect(runs[0]!.stderr).toContain('the shard index must be between 1 and 3 (got "0/3"');
    expect(runs[1]!.stderr).toContain('the shard index must be between 1 and 3 (got "4/3"');
    expect(runs[2]!.stderr).toContain('--shard expects i/n with whole numbers, e.g. --shard 1/3 (got "a/b")');
    expect(runs[3]!.stderr).toContain("the shard count must be at least 1");
    const noRunId = await runCli(["eval", "thirds.eval.mjs", "--shard", "1/2"], dir, env());
    expect(noRunId.code).toBe(2);
    expect(noRunId.stderr).toContain("--shard needs --run-id");
  }, 60_000);
});

describe("honeyhive eval output", () => {
  let firstRunId = "";

  it("shows numbers with table precision, writes --json - to standard output and the summary to standard error", async () => {
    const run = await runCli(["eval", "thirds.eval.mjs", "--json", "-", "--fail-under", "score=0.1"], dir, env());
    expect(run.code).toBe(1); // "three" fails its verdict (exact=false)
    const report = JSON.parse(run.stdout) as { experiments: { runId: string; metrics: Record<string, { average: number }> }[] };
    expect(report.experiments[0]!.metrics.exact!.average).toBeCloseTo(2 / 3);
    firstRunId = report.experiments[0]!.runId;
    expect(run.stderr).toContain('Experiment "thirds"');
    expect(run.stderr).toMatch(/exact\s+0\.667/);
    expect(run.stderr).toContain("PASS  thirds: score average 0.333 over 3/3 datapoints >= 0.1");
    expect(run.stderr).not.toMatch(/\d\.\d{4,}/);
    expect(run.stderr).not.toContain("\x1b[");
  }, 60_000);

  it("colours only when asked or on a terminal, and NO_COLOR wins", async () => {
    const [forced, noColor] = await Promise.all([
      runCli(["eval", "thirds.eval.mjs", "--max-failures", "1"], dir, { ...env(), FORCE_COLOR: "1" }),
      runCli(["eval", "thirds.eval.mjs", "--max-failures", "1"], dir, { ...env(), FORCE_COLOR: "1", NO_COLOR: "1" }),
    ]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("\x1b[32m");
    expect(noColor.stdout).not.toContain("\x1b[");
  }, 60_000);

  it("exits 2 before running anything when the --compare run does not exist", async () => {
    const run = await runCli(["eval", "thirds.eval.mjs", "--compare", "7d7f1a3e-0000-4000-8000-000000000000"], dir, env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--compare: run "7d7f1a3e-0000-4000-8000-000000000000" was not found on');
    expect(run.stdout).not.toContain("Experiment");
  }, 60_000);

  it("writes a Markdown summary with deltas and the worst regressions, also to GITHUB_STEP_SUMMARY", async () => {
    const stepSummary = join(dir, "step-summary.md");
    await writeFile(stepSummary, "earlier step\n");
    const run = await runCli(["eval", "worse.eval.mjs", "--compare", firstRunId, "--markdown", "summary.md"], dir, { ...env(), GITHUB_STEP_SUMMARY: stepSummary });
    expect(run.code).toBe(1); // two of three datapoints fail their verdict
    const markdown = await readFile(join(dir, "summary.md"), "utf8");
    expect(await readFile(stepSummary, "utf8")).toBe(`earlier step\n${markdown}\n`);
    expect(markdown).toContain("❌ **Failed**: 2 of 3 datapoints failed; no threshold was set."); // the heading follows the verdict
    expect(markdown).toMatch(/\| exact ↑ \| 0\.333 \| -0\.333 \(0\.667 → 0\.333\) \| 0 \| 1 \| no detectable change \\\(n = 3/);
    expect(markdown).toContain("**Worst regressions** (1):");
    expect(markdown).toMatch(new RegExp(`- \\[#1 two\\]\\(${server.url.replace(/[.]/g, "\\.")}/#/sessions/[0-9a-f-]+\\?key=local\\): degraded: exact, score`));
    expect(markdown).toContain(`/compare/${firstRunId}?key=local)`);
    expect(markdown).toContain("Datapoints of "); // each datapoint counted once
    expect(run.stdout).toContain("3 common datapoints, 0 improved, 1 degraded, 0 mixed, 2 same");
    expect(run.stdout).toMatch(/exact \(higher is better\): 0\.667 -> 0\.333 \(-0\.333; 0 improved, 1 degraded, 2 same\): no detectable change \(n = 3/);
  }, 60_000);
});

describe("honeyhive eval on the examples", () => {
  it("runs examples/evaluation.ts (top-level evaluate) and examples/arithmetic.eval.ts (export default)", async () => {
    const out = join(dir, "examples.json");
    // Each example has one datapoint failing its verdict on purpose: allowed explicitly, as the example's comment says.
    const run = await runCli(["eval", "evaluation.ts", "arithmetic.eval.ts", "--json", out, "--max-failures", "1"], join(ROOT, "examples"), env());
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(out, "utf8")) as { experiments: { name: string; status: string }[] };
    expect(report.experiments.map((e) => [e.name, e.status])).toEqual([["arithmetic-v1", "completed"], ["calculator", "completed"]]);
  }, 120_000);
});
