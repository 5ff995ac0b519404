// The Python oracle tests fail, not skip, when python3 is missing under CI (CI=true): a real vitest process runs two
// oracle test files with a PATH where no python3 can be found. (Outside CI they are skipped: test/python-available.test.ts.)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const FILES = ["test/python-available.test.ts", "test/datasets/dataset-version.test.ts"];

interface Outcome {
  code: number | null;
  statuses: Record<string, string>;
}

/** Runs vitest on {@link FILES} with no python3 on PATH and `CI` as given; each test's status by name. */
function runWithoutPython(ci: string): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "hh-no-python-"));
  const report = join(dir, "report.json");
  const args = [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", ...FILES, "--reporter=json", `--outputFile.json=${report}`];
  const env = { ...process.env, PATH: dir, CI: ci, VITEST: "", VITEST_POOL_ID: "", VITEST_WORKER_ID: "" };
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "ignore" });
  return new Promise((done) => {
    child.on("exit", (code) => {
      const parsed = JSON.parse(readFileSync(report, "utf8")) as { testResults: { assertionResults: { title: string; status: string }[] }[] };
      const statuses = Object.fromEntries(parsed.testResults.flatMap((f) => f.assertionResults.map((a) => [a.title, a.status])));
      done({ code, statuses });
    });
  });
}

const ORACLE_TESTS = [
  "equal what CPython computes from the documented rules (JSON and JSON Lines, default keys)",
  "equal CPython's with a key field",
];

describe("python3 missing", () => {
  it("under CI=true: the oracle tests fail (exit 1), none is skipped", async () => {
    const outcome = await runWithoutPython("true");
    expect(outcome.code).toBe(1);
    for (const title of ORACLE_TESTS) expect(outcome.statuses[title]).toBe("failed");
    expect(Object.values(outcome.statuses)).not.toContain("skipped");
  }, 120_000);
});
