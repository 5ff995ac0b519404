/**
 * The runtime matrix (issue 18): the packed `honeyhive` SDK installed into a small app per runtime, 20 concurrent
 * requests per row, each in its own session, against a loopback recorder. Prints one line per row and exits non-zero
 * when any row fails. Run from the repository root after `npm run build` and `npm ci --prefix test/runtimes`:
 *
 *   npm run test:runtimes                     # every row
 *   npm run test:runtimes -- --only=bun,deno  # some rows
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { checkRow, requestSessionCount, type RowResult, SPANS_PER_REQUEST } from "./harness/check-row";
import { REPO_DIR, RUNTIMES_DIR, WORK_DIR } from "./harness/paths";
import { type KeyRecord, startRecorder } from "./harness/recorder";
import { ALL_GROUPS } from "./harness/rows";
import type { RowRun } from "./harness/row-kit";

const REQUESTS = 20;

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** Packs packages/honeyhive (already built) and installs the tarball into the matrix project, without saving it. */
function installPackedSdk(): void {
  const packDir = join(WORK_DIR, "pack");
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  const quiet = ["--loglevel=error", "--no-audit", "--no-fund"];
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", packDir, ...quiet], { cwd: join(REPO_DIR, "packages/honeyhive"), stdio: "ignore" });
  const tarball = readdirSync(packDir).find((file) => file.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  execFileSync("npm", ["install", "--no-save", ...quiet, join(packDir, tarball)], { cwd: RUNTIMES_DIR, stdio: ["ignore", "ignore", "inherit"] });
}

function ownSpanCount(record: KeyRecord): number {
  return record.spans.filter((span) => span.name === "handle" || span.name === "lookup").length;
}

/** A row that checks diagnose() only: its problems, and nothing else on stderr. */
function diagnoseOnlyResult(run: RowRun): RowResult {
  const problems = [...run.problems];
  if (run.stderr.trim() !== "") problems.push(`stderr: ${run.stderr.trim().slice(0, 400)}`);
  return { expected: 0, arrived: 0, misrouted: 0, nested: 0, enriched: 0, sessionsStarted: 0, problems };
}

function formatRow(row: string, result: RowResult, seconds: number): string {
  const ok = result.problems.length === 0 ? "ok  " : "FAIL";
  if (result.expected === 0) return `${ok} ${row.padEnd(28)} ${"diagnose() only".padStart(33)}${`${seconds.toFixed(1)}s`.padStart(25)}${result.problems.length > 0 ? `\n       ${result.problems.join("\n       ")}` : ""}`;
  const cells = [row.padEnd(28), `${result.expected}`.padStart(8), `${result.arrived}`.padStart(7), `${result.misrouted}`.padStart(9),
    `${result.nested}/${REQUESTS}`.padStart(7), `${result.sessionsStarted}/${REQUESTS}`.padStart(8), `${seconds.toFixed(1)}s`.padStart(7)];
  return `${ok} ${cells.join(" ")}${result.problems.length > 0 ? `\n       ${result.problems.join("\n       ")}` : ""}`;
}

async function main(): Promise<number> {
  const only = option("only")?.split(",");
  const groups = ALL_GROUPS.filter((group) => !only || group.rows.some((row) => only.includes(row)));
  installPackedSdk();
  const recorder = await startRecorder();
  const rowKey = (row: string): string => `matrix-${row}`;
  console.log(`     ${"row".padEnd(28)} expected arrived misrouted  nested sessions    time`);
  let failures = 0;
  try {
    for (const group of groups) {
      const started = performance.now();
      const runs = await group.run({
        recorderUrl: recorder.url,
        requests: REQUESTS,
        delivered: (row) => {
          const record = recorder.forKey(rowKey(row));
          // what checkRow counts: every request's spans and its session (stop waiting as soon as they are in)
          return ownSpanCount(record) >= REQUESTS * SPANS_PER_REQUEST && requestSessionCount(record) >= REQUESTS;
        },
      });
      const seconds = (performance.now() - started) / 1000;
      for (const [row, run] of Object.entries(runs)) {
        if (only && !only.includes(row)) continue;
        const result = run.diagnoseOnly ? diagnoseOnlyResult(run) : checkRow(recorder.forKey(rowKey(row)), REQUESTS, run.stderr);
        if (!run.diagnoseOnly) result.problems.unshift(...run.problems);
        if (result.problems.length > 0) failures += 1;
        console.log(formatRow(row, result, seconds));
      }
    }
  } finally {
    await recorder.close();
  }
  console.log(failures === 0 ? "runtime matrix: every row passed" : `runtime matrix: ${failures} row(s) failed`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
