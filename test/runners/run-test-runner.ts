/**
 * Runs a real vitest or jest process on a fixture project (test/runners/fixtures/<runner>) and reads its JSON
 * report: per test, its full name, status and failure messages.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../..");

/** One test of the report. */
export interface ReportedTest {
  name: string;
  status: string;
  failureMessages: string[];
}

/** How the runner ended, what it printed, and its tests. */
export interface RunnerOutcome {
  code: number | null;
  output: string;
  tests: ReportedTest[];
}

function command(runner: "vitest" | "jest", fixture: string, report: string, extra: readonly string[]): string[] {
  if (runner === "vitest") {
    return [join(root, "node_modules/vitest/vitest.mjs"), "run", "--root", fixture, "--config", join(fixture, "vitest.config.mjs"), "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extra];
  }
  return ["--experimental-vm-modules", "--no-warnings", join(root, "node_modules/jest/bin/jest.js"), "--projects", fixture, "--json", `--outputFile=${report}`, "--ci", ...extra];
}

function readReport(report: string): ReportedTest[] {
  try {
    const parsed = JSON.parse(readFileSync(report, "utf8")) as { testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[] };
    return parsed.testResults.flatMap((f) => f.assertionResults.map((a) => ({ name: a.fullName, status: a.status, failureMessages: a.failureMessages ?? [] })));
  } catch {
    return [];
  }
}

/**
 * Runs `runner` on its fixture project (`test/runners/fixtures/<project>`, by default the runner's name) in a fresh
 * temporary working directory (or `cwd`).
 */
export function runTestRunner(runner: "vitest" | "jest", env: Record<string, string>, extra: readonly string[] = [], cwd?: string, project: string = runner): Promise<RunnerOutcome> {
  const fixture = join(root, "test/runners/fixtures", project);
  const dir = mkdtempSync(join(tmpdir(), `hh-${runner}-`));
  const report = join(dir, "report.json");
  const child = spawn(process.execPath, command(runner, fixture, report, extra), {
    cwd: cwd ?? dir,
    env: { ...process.env, HH_API_KEY: "", HH_API_URL: "", HH_RUN_ID: "", HH_EVAL_SHARD: "", CI: "1", NO_COLOR: "1", FORCE_COLOR: "0", VITEST: "", VITEST_POOL_ID: "", VITEST_WORKER_ID: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  return new Promise((done) => {
    child.on("exit", (code) => {
      clearTimeout(timer);
      const tests = readReport(report);
      rmSync(dir, { recursive: true, force: true });
      done({ code, output, tests });
    });
  });
}
