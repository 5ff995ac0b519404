/**
 * The README's exit-code table, one test per row and front end: `honeyhive eval` (the CLI entry through tsx),
 * `npx honeyhive eval` (the built package), and `honeyhive/vitest` / `honeyhive/jest` in real vitest and jest
 * processes. Every front end runs the same experiment per row (test/runners/fixtures/exit-rows/rows.mjs) against a
 * loopback dev server, a closed port (results not stored) or nothing (offline). The exit rule is one
 * (`verdict/exit-rule.ts`): green only when every datapoint passed and, with a key, the results were stored.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { runCli } from "../evaluation/cli/cli-harness";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { runTestRunner } from "./run-test-runner";

const ROOT = resolve(__dirname, "../..");
const CLI_FIXTURE = join(ROOT, "test/runners/fixtures/exit-rows/cli");
const BUILT = existsSync(join(ROOT, "packages/honeyhive/dist/cli.js"));

let server: DevServer;
let judge: FakeOpenAI;
let closedUrl = "";
beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  judge = await startFakeOpenAI({ chatReply: () => "Looks mostly right to me, hard to say." });
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  closedUrl = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
  await new Promise((r) => probe.close(r));
});
afterAll(async () => {
  await judge.close();
  await server.close();
});

type Row = "passing" | "failing" | "errored" | "not-run" | "not-stored" | "offline" | "broken-judge";

/** The environment of a row: where results go (the dev server, a closed port for not-stored, nothing for offline). */
function rowEnv(row: Row): Record<string, string> {
  const stored = { HH_API_URL: server.url, HH_API_KEY: "local" };
  const dead = { HH_API_URL: closedUrl, HH_API_KEY: "hh-secret-key" };
  const fixtureRow = row === "not-stored" ? "passing" : row;
  return { FIXTURE_ROW: fixtureRow, FIXTURE_JUDGE_URL: judge.url, CI: "1", NO_COLOR: "1", ...(row === "not-stored" || row === "offline" ? dead : stored) };
}

/** `npx --no-install honeyhive eval …` from the repository root (the workspace's built package). */
function runNpx(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const bin = join(ROOT, "node_modules/.bin/npx");
  return new Promise((done) => {
    const child = spawn(existsSync(bin) ? bin : "npx", ["--no-install", "honeyhive", ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("close", (code) => done({ code, output }));
  });
}

const CLI_ROWS: [Row, number, RegExp][] = [
  ["passing", 0, /2\/2 datapoint\(s\) passed/],
  ["failing", 1, /2\/3 datapoint\(s\) passed/],
  ["errored", 1, /throws|negative input/],
  ["not-run", 2, /cancelled · 0 passed, 1 failed, 2 not run/],
  ["not-stored", 2, /were not stored/],
  ["offline", 0, /2\/2 datapoint\(s\) passed/],
  ["broken-judge", 1, /evaluator "factuality" failed/],
];

describe.skipIf(!BUILT)("exit codes: honeyhive eval and npx honeyhive eval", () => {
  it.each(CLI_ROWS)("honeyhive eval, %s run: exit %i", async (row, code, says) => {
    const args = ["eval", "row.eval.mjs", ...(row === "offline" ? ["--offline"] : [])];
    const run = await runCli(args, CLI_FIXTURE, rowEnv(row));
    expect(run.code, run.stderr).toBe(code);
    expect(run.stdout + run.stderr).toMatch(says);
    expect(run.stdout + run.stderr).not.toContain("hh-secret-key");
  }, 60_000);

  it.each(CLI_ROWS.filter(([row]) => row !== "broken-judge" && row !== "offline"))("npx honeyhive eval, %s run: exit %i", async (row, code, says) => {
    const run = await runNpx(["eval", join(CLI_FIXTURE, "row.eval.mjs")], rowEnv(row));
    expect(run.code, run.output).toBe(code);
    expect(run.output).toMatch(says);
  }, 60_000);

  it("relaxed explicitly: --max-failures 1 or --min-pass-rate 60% accept one failing datapoint of three; thresholds stay", async () => {
    const env = rowEnv("failing");
    expect((await runCli(["eval", "row.eval.mjs", "--max-failures", "1"], CLI_FIXTURE, env)).code).toBe(0);
    expect((await runCli(["eval", "row.eval.mjs", "--min-pass-rate", "60%"], CLI_FIXTURE, env)).code).toBe(0);
    expect((await runCli(["eval", "row.eval.mjs", "--min-pass-rate", "0.7"], CLI_FIXTURE, env)).code).toBe(1);
    const missed = await runCli(["eval", "row.eval.mjs", "--max-failures", "1", "--fail-under", "exact=0.9"], CLI_FIXTURE, env);
    expect(missed.code).toBe(1);
    expect(missed.stdout).toContain("FAIL  exit-failing: exact average 0.667 over 3/3 datapoints >= 0.9");
  }, 60_000);

  it("--fail-under naming a metric no experiment records exits 2 naming the closest; a bad --max-failures is a usage error", async () => {
    const typo = await runCli(["eval", "row.eval.mjs", "--fail-under", "exakt=0.9"], CLI_FIXTURE, rowEnv("passing"));
    expect(typo.code).toBe(2);
    expect(typo.stdout).toContain('no experiment records metric "exakt"; did you mean "exact"?');
    // A file that did not run may be the one recording the metric: its failure is the reason, not an unknown metric.
    const missing = await runCli(["eval", "row.eval.mjs", "absent.eval.mjs", "--fail-under", "judge=0.9"], CLI_FIXTURE, rowEnv("passing"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("absent.eval.mjs: no file matches this argument");
    expect(missing.stdout).not.toContain("no experiment records metric");
    const bad = await runCli(["eval", "row.eval.mjs", "--max-failures", "some"], CLI_FIXTURE, rowEnv("passing"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--max-failures expects a whole number");
  }, 60_000);
});

const RUNNER_ROWS: [Row, number, Record<string, string>][] = [
  ["passing", 0, { adds: "passed", multiplies: "passed" }],
  ["failing", 1, { adds: "passed", multiplies: "passed", "wrong on purpose": "failed" }],
  ["errored", 1, { adds: "passed", multiplies: "passed", throws: "failed" }],
  ["not-run", 1, { "stops the run": "failed", adds: "failed", multiplies: "failed" }],
  ["not-stored", 1, { adds: "passed", multiplies: "passed" }],
  ["offline", 0, { adds: "passed", multiplies: "passed" }],
  ["broken-judge", 1, { paris: "failed" }],
];

describe.skipIf(!BUILT).each(["vitest", "jest"] as const)("exit codes: honeyhive/%s", (runner) => {
  it.each(RUNNER_ROWS)(`${runner}, %s run: exit %i`, async (row, code, tests) => {
    const outcome = await runTestRunner(runner, rowEnv(row), [], undefined, join("exit-rows", runner));
    expect(outcome.code, outcome.output).toBe(code);
    const name = `exit-${row === "not-stored" ? "passing" : row}`;
    expect(Object.fromEntries(outcome.tests.map((t) => [t.name.replace(`${name} `, ""), t.status]))).toEqual(tests);
    if (row === "not-stored") expect(outcome.output).toMatch(/results were not stored \(.*\); to run locally on purpose, set offline: true/);
    if (row === "offline") expect(outcome.output).toContain("offline: true — this run was not stored, on purpose");
    if (row === "not-run") expect(outcome.tests.find((t) => t.name.endsWith("adds"))!.failureMessages.join("")).toContain('case "adds" failed: not run: the run was cancelled before it started');
    if (row === "broken-judge") expect(outcome.tests[0]!.failureMessages.join("")).toMatch(/evaluator "factuality" failed/);
    expect(outcome.output).not.toContain("hh-secret-key");
  }, 120_000);
});
