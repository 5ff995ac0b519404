/**
 * `honeyhive eval <files/globs>`: runs evaluation files (files that call `evaluate()` or `export default`
 * evaluate() options), shows progress, prints a summary, writes JSON/JUnit reports, checks thresholds and
 * compares with an earlier run. Exit codes: 0 all thresholds met, 1 a threshold missed, 2 a run failed to execute.
 */
import { writeFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { compareRuns, type RunComparison } from "../../evaluation/compare-runs";
import { evaluate } from "../../evaluation/evaluate";
import { formatEvaluationResult } from "../../evaluation/format-result";
import { setEvaluationRunHooks } from "../../evaluation/run-hooks";
import type { EvaluateOptions, EvaluationProgress, EvaluationResult } from "../../evaluation/types";
import { expandFileArguments } from "../support/expand-files";
import { buildJsonReport } from "../support/json-report";
import { formatJUnitReport, type ExecutionFailure } from "../support/junit-report";
import { defaultExportConfigs, importEvalFile } from "../support/load-eval-file";
import { formatProgressLine, plainProgressDue } from "../support/progress-line";
import { checkThresholds, parseThreshold, type Threshold, type ThresholdCheck } from "../support/thresholds";
import { readEnv } from "../../internal/env";

const HELP = `Usage: honeyhive eval <files or globs...> [options]

Runs evaluation files and reports their results. An evaluation file either calls evaluate() (awaited or
not) or \`export default\`s evaluate() options (or an array of them). TypeScript files (.ts/.mts/.cts) run
directly through tsx, which must be installed in the project (npm install --save-dev tsx). A directory
argument means every *.eval.{ts,mts,cts,js,mjs,cjs} file inside it. Quote globs so the shell does not expand them.

Options:
  --json <file>             Write a JSON report (experiments, per-datapoint results, aggregates, thresholds)
  --junit <file>            Write a JUnit XML report (one test case per datapoint and per threshold)
  --fail-under <m=value>    Exit 1 unless metric m's average is at least value in every experiment that
                            has m (repeatable; booleans count as 1/0; a metric no experiment has fails)
  --compare <runId>         Compare each uploaded run with this earlier run (improved/degraded counts)
  --concurrency <N>         Datapoints in flight per experiment (overrides maxConcurrency)
  -h, --help                Show this help

Environment:
  HH_API_KEY, HH_API_URL    Where runs are uploaded. Without HH_API_KEY experiments run locally only.
  CI                        Plain progress lines instead of a live progress bar.

Exit codes:
  0  every experiment ran and every threshold was met
  1  a --fail-under threshold was missed
  2  a file or an experiment failed to execute (load error, invalid options, all datapoints failed,
     cancelled with Ctrl-C), or the command line was invalid

Example:
  npx honeyhive eval "evals/**/*.eval.ts" --json out.json --fail-under exactMatch=0.9`;

const NO_KEY_NOTICE = `honeyhive eval: HH_API_KEY is not set, so experiments run locally and nothing is uploaded.
To keep and compare runs without a HoneyHive account, start the local server in another terminal:
  npx honeyhive serve
and run the evaluations against it (use the port it prints; 4318 by default):
  HH_API_URL=http://127.0.0.1:4318 HH_API_KEY=local npx honeyhive eval <files>
`;

interface EvalCliOptions {
  patterns: string[];
  json?: string;
  junit?: string;
  thresholds: Threshold[];
  compare?: string;
  concurrency?: number;
}

function parseCommandLine(args: string[]): EvalCliOptions | "help" {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "string" },
      junit: { type: "string" },
      "fail-under": { type: "string", multiple: true },
      compare: { type: "string" },
      concurrency: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  if (positionals.length === 0) throw new TypeError("give at least one evaluation file or glob");
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`--concurrency must be a positive integer, got "${values.concurrency}"`);
  }
  return {
    patterns: positionals,
    json: values.json,
    junit: values.junit,
    thresholds: (values["fail-under"] ?? []).map(parseThreshold),
    compare: values.compare,
    concurrency,
  };
}

/** Progress output on standard error: a live line on a terminal, plain lines otherwise (or in CI). */
function createProgressReporter(): { update(p: EvaluationProgress): void; finish(result: EvaluationResult): void; clear(): void } {
  const live = process.stderr.isTTY === true && !readEnvFlag("CI");
  const printed = new Map<string, { done: number; at: number }>();
  let lineOpen = false;
  const clear = (): void => {
    if (lineOpen) process.stderr.write("\r\x1b[2K");
    lineOpen = false;
  };
  return {
    update(p) {
      if (live) {
        process.stderr.write(`\r\x1b[2K${formatProgressLine(p, { bar: true, width: (process.stderr.columns ?? 80) - 60 })}`);
        lineOpen = true;
        return;
      }
      const last = printed.get(p.runId) ?? { done: 0, at: 0 };
      const now = Date.now();
      if (p.done >= p.total || !plainProgressDue(p, last, now)) return;
      printed.set(p.runId, { done: p.done, at: now });
      process.stderr.write(`${formatProgressLine(p, { bar: false })}\n`);
    },
    finish(result) {
      clear();
      const s = result.stats;
      const final = { name: result.name, runId: result.runId, done: s.total - s.cancelled, total: s.total, errors: s.total - s.succeeded, elapsedMs: s.duration_s * 1000 };
      process.stderr.write(`${formatProgressLine(final, { bar: false })}  (${result.status})\n`);
    },
    clear,
  };
}

function readEnvFlag(name: string): boolean {
  const value = process.env[name];
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Runs `honeyhive eval`; resolves with the process exit code. */
export async function runEvalCommand(args: string[]): Promise<number> {
  // The SDK's HTTP sockets are unref'ed: hold the process open until the command has finished.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    return await runEval(args);
  } finally {
    clearInterval(keepAlive);
  }
}

async function runEval(args: string[]): Promise<number> {
  let options: EvalCliOptions | "help";
  try {
    options = parseCommandLine(args);
  } catch (error) {
    console.error(`honeyhive eval: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (options === "help") {
    console.log(HELP);
    return 0;
  }
  const env = readEnv();
  if (!env.HH_API_KEY) process.stderr.write(`${NO_KEY_NOTICE}\n`);
  if (options.compare && !env.HH_API_KEY) {
    console.error("honeyhive eval: --compare needs HH_API_KEY (and HH_API_URL for a local server)");
    return 2;
  }

  const cwd = process.cwd();
  const { files, unmatched } = await expandFileArguments(options.patterns, cwd);
  const failures: ExecutionFailure[] = unmatched.map((pattern) => ({ file: pattern, error: "no file matches this argument" }));
  for (const failure of failures) console.error(`honeyhive eval: ${failure.file}: ${failure.error}`);
  if (files.length === 0) return 2;

  const results: { result: EvaluationResult; file: string; comparison?: RunComparison }[] = [];
  const progress = createProgressReporter();
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    progress.clear();
    console.error("honeyhive eval: cancelling (press Ctrl-C again to quit at once)…");
    controller.abort(new Error("cancelled with Ctrl-C"));
  };
  process.on("SIGINT", onSigint);

  let currentFile = "";
  let ranInFile = 0;
  let tracked: Promise<unknown>[] = [];
  const reported = new WeakSet<object>(); // evaluate() rejections already recorded through onError
  setEvaluationRunHooks({
    concurrency: options.concurrency,
    signal: controller.signal,
    suppressPrint: true,
    onStart: () => void (ranInFile += 1),
    onProgress: (p) => progress.update(p),
    onFinish: (result) => {
      progress.finish(result);
      results.push({ result, file: relative(cwd, currentFile) });
    },
    onError: (error) => {
      ranInFile += 1;
      if (typeof error === "object" && error !== null) reported.add(error);
      progress.clear();
      failures.push({ file: relative(cwd, currentFile), error: describe(error) });
      console.error(`honeyhive eval: ${relative(cwd, currentFile)}: ${describe(error)}`);
    },
    track: (promise) => void tracked.push(promise.catch(() => undefined)),
  });
  try {
    for (const file of files) {
      if (controller.signal.aborted) break;
      currentFile = file;
      ranInFile = 0;
      tracked = [];
      try {
        const module = await importEvalFile(file);
        for (const config of defaultExportConfigs(module)) {
          await evaluate(config as unknown as EvaluateOptions).catch(() => undefined);
        }
      } catch (error) {
        if (!(typeof error === "object" && error !== null && reported.has(error))) {
          progress.clear();
          failures.push({ file: relative(cwd, file), error: describe(error) });
          console.error(`honeyhive eval: ${relative(cwd, file)}: ${describe(error)}`);
        }
      }
      while (tracked.length > 0) await Promise.all(tracked.splice(0));
      if (ranInFile === 0 && !failures.some((f) => f.file === relative(cwd, file))) {
        failures.push({ file: relative(cwd, file), error: "the file neither called evaluate() nor exported evaluate() options by default" });
        console.error(`honeyhive eval: ${relative(cwd, file)}: no evaluation found (call evaluate() or export default its options)`);
      }
    }
  } finally {
    setEvaluationRunHooks(undefined);
    process.off("SIGINT", onSigint);
    progress.clear();
  }

  if (options.compare) {
    for (const entry of results) {
      if (!entry.result.uploaded) continue;
      try {
        entry.comparison = await compareRuns(entry.result.runId, options.compare, { apiKey: env.HH_API_KEY, serverUrl: env.HH_API_URL });
      } catch (error) {
        console.error(`honeyhive eval: could not compare ${entry.result.name} with run ${options.compare}: ${describe(error)}`);
      }
    }
  }
  const checks = checkThresholds(results.map((r) => r.result), options.thresholds);
  const executionFailed = failures.length > 0 || results.some((r) => r.result.status !== "completed");
  const exitCode = executionFailed ? 2 : checks.some((c) => !c.passed) ? 1 : 0;

  printSummary(results, checks, failures, exitCode);
  try {
    if (options.json) await writeFile(resolve(cwd, options.json), `${JSON.stringify(buildJsonReport({ exitCode, results, thresholds: checks, failures }), null, 2)}\n`);
    if (options.junit) await writeFile(resolve(cwd, options.junit), formatJUnitReport(results.map((r) => r.result), checks, failures));
  } catch (error) {
    console.error(`honeyhive eval: could not write a report: ${describe(error)}`);
    return 2;
  }
  return exitCode;
}

function printSummary(
  results: readonly { result: EvaluationResult; file: string; comparison?: RunComparison }[],
  checks: readonly ThresholdCheck[],
  failures: readonly ExecutionFailure[],
  exitCode: number,
): void {
  for (const { result, file, comparison } of results) {
    console.log(`\n${file}`);
    process.stdout.write(formatEvaluationResult(result));
    if (comparison) {
      console.log(`Compared with run ${comparison.oldRunId}: ${comparison.commonDatapoints.length} common datapoints, ${comparison.improvedCount} improved, ${comparison.degradedCount} degraded`);
      for (const m of comparison.metrics) {
        console.log(`  ${m.metric}: ${m.oldAggregate ?? "-"} -> ${m.newAggregate ?? "-"} (${m.improvedCount} improved, ${m.degradedCount} degraded, ${m.sameCount} same)`);
      }
    }
  }
  if (checks.length > 0) {
    console.log("\nThresholds:");
    for (const c of checks) {
      const actual = c.actual === null ? "n/a" : String(Number(c.actual.toFixed(4)));
      console.log(`  ${c.passed ? "PASS" : "FAIL"}  ${c.experiment}: ${c.metric} average ${actual} >= ${c.min}${c.reason ? ` (${c.reason})` : ""}`);
    }
  }
  const missed = checks.filter((c) => !c.passed).length;
  console.log(
    `\n${results.length} experiment(s) ran, ${failures.length} execution failure(s), ${checks.length - missed}/${checks.length} threshold(s) met; exit code ${exitCode}`,
  );
}
