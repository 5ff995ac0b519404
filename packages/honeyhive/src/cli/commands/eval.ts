/**
 * `honeyhive eval <files/globs>`: runs evaluation files (files that call `evaluate()` or `export default`
 * evaluate() options), shows progress, prints a summary, writes JSON/JUnit/Markdown reports, checks
 * thresholds, compares with an earlier run, runs one shard of a dataset, or watches the files.
 * Exit codes: see `decideExit` (`cli/eval/eval-outcome.ts`) and `verdict/exit-rule.ts` (0 every datapoint passed and every threshold was met,
 * 1 a datapoint failed, errored or timed out, or a threshold was missed, 2 something failed to execute (a run cancelled
 * through its signal included), was not stored or a bad command line, 130/143 cancelled by SIGINT/SIGTERM).
 */
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { compareRuns } from "../../evaluation/compare-runs";
import { expandFileArguments } from "../support/expand-files";
import { buildJsonReport, jsonReportText } from "../support/json-report";
import { formatJUnitReport, type ExecutionFailure } from "../support/junit-report";
import { checkThresholds } from "../support/thresholds";
import { createProgressDisplay } from "../../reporting/progress-display";
import { DEFAULT_SERVER_URL } from "../../config/resolve-config";
import { readEnv, setButBlank } from "../../internal/env";
import { exitOutcomeWords } from "@honeyhive/core/verdict/exit-rule";
import { colorEnabled, createPalette } from "../colors";
import { formatUsageError, UsageError } from "@honeyhive/core/cli/usage-error";
import { checkCompareRun } from "../eval/check-compare-run";
import { deriveRunId } from "../../evaluation/derive-run-id";
import type { DatapointResultsMode } from "../../evaluation/types";
import { parseEvalArgs, type EvalCliOptions } from "../eval/eval-args";
import { decideExit, type EvalOutcome, type ExitFacts, type ExperimentOutcome } from "../eval/eval-outcome";
import { EMPTY_KEY_NOTICE, EVAL_HELP, NO_KEY_NOTICE } from "../eval/eval-help";
import { formatMarkdownReport } from "../eval/markdown-report";
import { cancelMessage, cancelOnSignals, signalExitCode, type CancelSignal } from "../eval/cancel-on-signals";
import { startedByPackageManager } from "../eval/parent-watch";
import { printSummary } from "../eval/print-summary";
import { notStoredFailures } from "../eval/not-stored";
import { describeError, runEvalFiles } from "../eval/run-eval-files";
import { exitProcess } from "../eval/exit-guard";
import { fetchEvalPrompt } from "../eval/eval-prompt";
import type { Prompt } from "../../prompts/prompt";
import { endAfterRun } from "../eval/end-of-run";
import { readPreviousRuns, runWatch, WATCH_STATE_ENV, writePreviousRuns } from "../eval/watch";
import { type UnpricedModel, unpricedModels } from "../../processing/unpriced-models";

const COMMAND = "honeyhive eval";

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** After a cancelling signal the command ends within this time, whatever the datapoints or the server do. */
const CANCEL_DEADLINE_MS = 4500;

/**
 * Bounds a cancelled run: if the cancelled command has not finished by then (a datapoint that ignores its abort
 * signal, or a server that does not answer while the run is completed), it says so and exits with the signal's code,
 * the one the cancel message names. The timer does not hold the process open.
 */
function startCancelDeadline(exitCode: number): void {
  const timer = setTimeout(() => {
    console.error(`${COMMAND}: ${exitOutcomeWords(exitCode)}, but the run had not finished ${CANCEL_DEADLINE_MS / 1000} s after the signal (a datapoint still running, or results still being stored); exiting without a summary; exit code ${exitCode}`);
    exitProcess(exitCode);
  }, CANCEL_DEADLINE_MS);
  timer.unref();
}

/**
 * Runs `honeyhive eval`; resolves with the process exit code. Once the run is over, the process ends with that code
 * even when an eval file left handles open (`end-of-run.ts`).
 */
export async function runEvalCommand(args: string[]): Promise<number> {
  // The SDK's HTTP sockets are unref'ed: hold the process open until the command has finished.
  const keepAlive = setInterval(() => undefined, 60_000);
  const files: FilesFacts = { exitCalled: false };
  let code = 2;
  try {
    code = await runEval(args, files);
    return code;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(formatUsageError(COMMAND, error.message));
    return code;
  } finally {
    clearInterval(keepAlive);
    endAfterRun({ code, exitCalled: files.exitCalled });
  }
}

/** What the eval files did that outlives the run. */
interface FilesFacts {
  /** An eval file called `process.exit()` during the run. */
  exitCalled: boolean;
}

/**
 * Makes the folders of the report files before the run (`--json reports/ci/r.json` into a new folder, as test
 * reporters do), so that a report path that cannot be written fails at once instead of after a long, costly run.
 */
async function prepareReportFolders(options: EvalCliOptions): Promise<string | undefined> {
  for (const target of [options.json, options.junit, options.markdown]) {
    if (!target || target === "-") continue;
    const folder = dirname(resolve(process.cwd(), target));
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      return `cannot create the folder of the report ${target}: ${describeError(error)}`;
    }
  }
  return undefined;
}

/** Problems found before anything runs (exit 2), as one message. */
async function preflight(options: EvalCliOptions, env: ReturnType<typeof readEnv>): Promise<string | undefined> {
  const reportProblem = await prepareReportFolders(options);
  if (reportProblem) return reportProblem;
  if (options.compare && !env.HH_API_KEY) return "--compare needs HH_API_KEY (and HH_API_URL for a local server)";
  if (options.shard && env.HH_API_KEY && !options.runId) {
    return '--shard needs --run-id so that every shard writes into the same run (e.g. --run-id "$GITHUB_RUN_ID")';
  }
  if (options.compare && env.HH_API_KEY) return checkCompareRun(options.compare, env.HH_API_KEY, env.HH_API_URL ?? DEFAULT_SERVER_URL);
  return undefined;
}

/** The preflight, then the `--prompt` fetched (a failed fetch is a problem too). */
async function preflightAndPrompt(options: EvalCliOptions, env: ReturnType<typeof readEnv>): Promise<{ problem: string } | { prompt: Prompt | undefined }> {
  const problem = await preflight(options, env);
  if (problem) return { problem };
  return options.prompt ? fetchEvalPrompt(options.prompt, env.HH_API_KEY, env.HH_API_URL) : { prompt: undefined };
}

async function runEval(args: string[], filesFacts: FilesFacts): Promise<number> {
  const options = parseEvalArgs(args);
  if (options === "help") {
    console.log(EVAL_HELP);
    return 0;
  }
  const stateFile = process.env[WATCH_STATE_ENV];
  if (options.watch && !stateFile) return runWatch(args, (line) => console.error(line));

  const env = readEnv();
  noticeNoKey(options, env);
  const ready = await preflightAndPrompt(options, env);
  if ("problem" in ready) {
    console.error(`${COMMAND}: ${ready.problem}`);
    return 2;
  }

  const cwd = process.cwd();
  const { files, unmatched } = await expandFileArguments(options.patterns, cwd);
  const failures: ExecutionFailure[] = unmatched.map((pattern) => ({ file: pattern, error: "no file matches this argument", summary: `no file matches ${pattern}` }));
  for (const failure of failures) console.error(`${COMMAND}: ${failure.file}: ${failure.error}`);
  if (files.length === 0) return 2;

  const { ran, cancelledBy } = await runCancellable(files, options, cwd, ready.prompt);
  filesFacts.exitCalled = ran.exitCalled;
  failures.push(...ran.failures);
  const experiments: ExperimentOutcome[] = ran.results;
  const notStored = notStoredFailures(experiments, { apiKey: Boolean(env.HH_API_KEY), serverUrl: Boolean(env.HH_API_URL), offline: options.offline });
  for (const failure of notStored) console.error(`${COMMAND}: ${failure.file}: ${failure.error}`);
  failures.push(...notStored);
  const compareFailed = options.compare ? await addComparisons(experiments, options.compare, env) : false;
  for (const entry of experiments) entry.comparison ??= entry.result.comparison; // evaluate()'s own compareWith
  const previous = stateFile ? await readPreviousRuns(stateFile) : new Map();
  for (const entry of experiments) entry.previous = previous.get(entry.result.name);

  const checks = checkThresholds(experiments.map((e) => e.result), options.thresholds, ran.failures.length > 0 || unmatched.length > 0);
  const facts: ExitFacts = { experiments, checks, failures, compareFailed, cancelledBy, allowance: options.allowance, ...(options.failOnRegression !== undefined ? { gate: options.failOnRegression } : {}) };
  return finishRun(options, facts, stateFile);
}

/** Without a key or a server URL (and not offline on purpose), says that nothing will be uploaded, and why. */
function noticeNoKey(options: EvalCliOptions, env: ReturnType<typeof readEnv>): void {
  if (env.HH_API_KEY || env.HH_API_URL || options.offline) return;
  process.stderr.write(`${setButBlank("HH_API_KEY") ? EMPTY_KEY_NOTICE : NO_KEY_NOTICE}\n`);
}

/** Decides the outcome, writes the reports, prints the summary and keeps the runs for the next watch round; resolves with the exit code. */
async function finishRun(options: EvalCliOptions, facts: ExitFacts, stateFile: string | undefined): Promise<number> {
  const unpriced = (await unpricedModels()) ?? [];
  const outcome = outcomeOf(facts, unpriced);
  // A report that could not be written is an execution failure: the summary, printed last, names the final code.
  const reportFailures = await writeReports(options, outcome);
  const final = reportFailures.length > 0 ? outcomeOf({ ...facts, failures: [...facts.failures, ...reportFailures] }, unpriced) : outcome;

  // Reports written to standard output ("-") keep it clean: the human summary then goes to standard error.
  const toStdout = [options.json, options.junit, options.markdown].includes("-");
  const human = toStdout ? process.stderr : process.stdout;
  printSummary(final, (text) => void human.write(text), createPalette(colorEnabled(human, process.env)));
  if (stateFile) await writePreviousRuns(stateFile, facts.experiments.map((e) => e.result)).catch(() => undefined);
  return final.exitCode;
}

/** The outcome with its exit code and the reasons for it, from one decision (`decideExit`). */
function outcomeOf(facts: ExitFacts, unpriced: readonly UnpricedModel[] = []): EvalOutcome {
  const decision = decideExit(facts);
  return {
    experiments: [...facts.experiments], checks: [...facts.checks], failures: [...facts.failures], exitCode: decision.code, reasons: decision.reasons,
    unpriced,
  };
}

/**
 * What the results of the evaluations the command calls itself (an eval file's default export) keep: a summary when
 * the command prints only the summary and the failures (whose details a summary keeps), the full results when a report
 * lists every datapoint with its inputs or outputs (`--json`, `--junit`, `--markdown`, a GitHub step summary).
 */
export function datapointResultsFor(options: Pick<EvalCliOptions, "json" | "junit" | "markdown">, env: NodeJS.ProcessEnv = process.env): DatapointResultsMode {
  const reports = [options.json, options.junit, options.markdown, env.GITHUB_STEP_SUMMARY];
  return reports.every((r) => r === undefined || r === "") ? "summary" : "full";
}

/**
 * Runs the files with progress; SIGINT, SIGTERM and the end of the npx/npm parent cancel them (see
 * `cancel-on-signals.ts`). The handlers stay installed until the process ends: the command owns these signals while
 * it writes its reports too. Without a listener of the application's, the SDK's exit hook would end the process by
 * the signal once its flush is done, before the reports of a cancelled run were written.
 */
async function runCancellable(files: string[], options: EvalCliOptions, cwd: string, prompt: Prompt | undefined): Promise<{ ran: Awaited<ReturnType<typeof runEvalFiles>>; cancelledBy?: CancelSignal }> {
  const liveProgress = process.stderr.isTTY === true && !truthy(process.env.CI) && process.env.TERM !== "dumb";
  const progress = createProgressDisplay(process.stderr, liveProgress ? "live" : "lines");
  const controller = new AbortController();
  let cancelledBy: CancelSignal | undefined;
  cancelOnSignals({
    cancel: (signal, cause) => {
      progress.clear();
      console.error(`${COMMAND}: ${cancelMessage(signal, cause)}`);
      cancelledBy = signal;
      controller.abort(new Error(`cancelled by ${signal}`));
      startCancelDeadline(signalExitCode(signal));
    },
    quit: (signal) => {
      console.error(`${COMMAND}: ${signal === "SIGINT" ? "Ctrl-C" : signal} again: quitting at once without a summary; exit code ${signalExitCode(signal)}`);
      exitProcess(signalExitCode(signal));
    },
  }, { watchParent: startedByPackageManager(process.env) });
  const runKey = options.runId;
  const ran = await runEvalFiles(files, {
    cwd, concurrency: options.concurrency, signal: controller.signal, shard: options.shard, progress, offline: options.offline, prompt,
    runId: runKey ? (name) => deriveRunId(runKey, name) : undefined,
    datasetVersion: options.datasetVersion, allowDatasetDrift: options.allowDatasetDrift, resume: options.resume, maxCostUsd: options.maxCostUsd,
    datapointResults: datapointResultsFor(options),
    onFailure: (f) => console.error(`${COMMAND}: ${f.file}: ${f.error}`),
    onNote: (line) => {
      progress.clear();
      console.error(`${COMMAND}: ${line}`);
    },
  });
  return { ran, cancelledBy };
}

/** Adds the server-side comparison to every uploaded experiment; true when one could not be compared. */
async function addComparisons(experiments: ExperimentOutcome[], oldRunId: string, env: ReturnType<typeof readEnv>): Promise<boolean> {
  let failed = false;
  for (const entry of experiments) {
    if (!entry.result.uploaded) continue;
    try {
      entry.comparison = await compareRuns(entry.result.runId, oldRunId, { apiKey: env.HH_API_KEY, serverUrl: env.HH_API_URL });
    } catch (error) {
      failed = true;
      console.error(`${COMMAND}: could not compare ${entry.result.name} with run ${oldRunId}: ${describeError(error)}`);
    }
  }
  return failed;
}

let stdoutErrorsHeard = false;

async function writeTo(target: string, text: string): Promise<void> {
  if (target === "-") {
    // A reader that went away (`| head`) fails this report's write (EPIPE; the callback gets the error), and the
    // stream's 'error' event, emitted after it, has a listener: never an unhandled error that ends the command.
    if (!stdoutErrorsHeard) {
      stdoutErrorsHeard = true;
      process.stdout.on("error", () => undefined);
    }
    await new Promise<void>((done, fail) => process.stdout.write(text, (error) => (error ? fail(error) : done())));
    return;
  }
  await writeFile(resolve(process.cwd(), target), text);
}

/** Writes one report; resolves with the execution failure when it could not be made or written. */
async function writeReport(kind: string, target: string | undefined, make: () => string, also?: (text: string) => Promise<void>): Promise<ExecutionFailure[]> {
  if (!target) return [];
  try {
    const text = make();
    await writeTo(target, text);
    await also?.(text);
    return [];
  } catch (error) {
    const failure = { file: "(report)", error: `could not write the ${kind} report to ${target}: ${describeError(error)}`, summary: `the ${kind} report not written` };
    console.error(`${COMMAND}: ${failure.error}`);
    return [failure];
  }
}

/**
 * Writes the requested reports, each on its own (one that fails does not stop the others); resolves with those that
 * could not be written, as execution failures (exit 2; reports written before carry the code known then).
 */
async function writeReports(options: EvalCliOptions, outcome: EvalOutcome): Promise<ExecutionFailure[]> {
  const { exitCode, experiments: results, checks: thresholds, failures } = outcome;
  // In GitHub Actions the Markdown report also goes to the job summary page.
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  return [
    ...(await writeReport("JSON", options.json, () => jsonReportText(buildJsonReport({ exitCode, results, thresholds, failures })))),
    ...(await writeReport("JUnit", options.junit, () => formatJUnitReport(results.map((r) => r.result), thresholds, failures))),
    ...(await writeReport("Markdown", options.markdown, () => formatMarkdownReport(outcome), summaryFile ? (text) => appendFile(summaryFile, `${text}\n`) : undefined)),
  ];
}
