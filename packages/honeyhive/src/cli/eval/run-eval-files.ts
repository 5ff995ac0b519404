/**
 * Loads evaluation files one after the other and collects every evaluate() they run (awaited, not awaited,
 * or exported by default) as the process-wide listening runner: its reporter collects results and drives the
 * progress display; its settings (concurrency, shard, run id, cancellation) apply to every evaluation.
 */
import { relative } from "node:path";
import { evaluate } from "../../script/evaluate";
import type { ExecutionFailure } from "../support/junit-report";
import { defaultExportConfigs, importEvalFile } from "../support/load-eval-file";
import type { ProgressDisplay } from "../../reporting/progress-display";
import type { RunnerSettings } from "../../evaluation/evaluation-reporter";
import { setListeningRunner } from "../../evaluation/listening-runner";
import { guardProcessExit } from "./exit-guard";
import { guardUnhandledRejections } from "./rejection-guard";
import { scrubSecrets } from "@honeyhive/core/log/logger";
import { readEnv } from "../../internal/env";
import type { DatapointResultsMode, EvaluateOptions, EvaluationResult } from "../../evaluation/types";
import type { ResumedRunUnavailableError } from "../../evaluation/resumed-run-error";

/** What the runner applies to every evaluation. */
interface RunFilesSettings {
  cwd: string;
  concurrency?: number;
  signal: AbortSignal;
  offline?: boolean;
  prompt?: RunnerSettings["prompt"];
  shard?: RunnerSettings["shard"];
  runId?: RunnerSettings["runId"];
  datasetVersion?: string;
  allowDatasetDrift?: boolean;
  resume?: boolean;
  maxCostUsd?: number;
  /** What the results of the evaluations the CLI calls itself (default exports) keep, unless their options say. */
  datapointResults?: DatapointResultsMode;
  progress: ProgressDisplay;
  /** Called for each failure as it happens (the command prints it). */
  onFailure(failure: ExecutionFailure): void;
  /** Called with a line worth telling that is not a failure (the command prints it). */
  onNote(line: string): void;
}

/** Describes an error in one line for the user, without the API key (an eval file's error may quote it). */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return scrubSecrets(text, [readEnv().HH_API_KEY]);
}

/**
 * What failed, in a few words for the summary's last line, when an evaluation's rejection says more than "<file>
 * failed": a `--resume` run the server cannot hold names its run.
 */
function failedWhat(error: unknown): string | undefined {
  // by name: the eval file's `honeyhive` may be another copy of the SDK than the CLI's
  const resumed = error instanceof Error && error.name === "ResumedRunUnavailableError" ? (error as Partial<ResumedRunUnavailableError>) : undefined;
  return typeof resumed?.runId === "string" ? `run ${resumed.runId} not resumed: the server could not be read` : undefined;
}

/** Why a file ran no evaluation, naming the functions it exports (a `main()` is never called by the CLI). */
export function nothingRanMessage(module: Record<string, unknown> | undefined): string {
  const functions = Object.entries(module ?? {}).filter(([k, v]) => k !== "default" && typeof v === "function").map(([k]) => `${k}()`);
  const exported = functions.length > 0 ? ` It exports ${functions.slice(0, 5).join(", ")}, which the CLI does not call.` : "";
  return `no evaluation found: the file must call evaluate() (awaited or not) or \`export default\` evaluate() options (or an array of them).${exported}`;
}

/** What {@link runEvalFiles} ran. */
export interface RanFiles {
  /** Each finished evaluation with its file. */
  results: { result: EvaluationResult; file: string }[];
  failures: ExecutionFailure[];
  /** True when an eval file called `process.exit()` during the run (ignored then; the command ends once it is over). */
  exitCalled: boolean;
}

/** What the runner decides for every evaluation of the files. */
function runnerSettingsOf(s: RunFilesSettings): RunnerSettings {
  const { concurrency, signal, offline, shard, runId, datasetVersion, allowDatasetDrift, resume, prompt, maxCostUsd } = s;
  return { concurrency, signal, offline, shard, runId, datasetVersion, allowDatasetDrift, resume, prompt, maxCostUsd };
}

/** What {@link guardFileEnds} reports to. */
interface FileEndListener {
  /** The file running now. */
  file(): string;
  exitCalled(): void;
  fail(file: string, error: string, what?: string): void;
  /** True for a rejection the runner already heard (an evaluate() that failed, through its reporter). */
  heard(reason: unknown): boolean;
}

/**
 * While files run: a `process.exit()` is recorded, not obeyed (a non-zero code fails the file, zero is a note), and a
 * rejection nobody handles (an unawaited `export const result = evaluate(…)`) fails the file unless the runner heard
 * it already. Returns the function that restores both.
 */
function guardFileEnds(s: RunFilesSettings, l: FileEndListener): () => void {
  const restoreExit = guardProcessExit((code) => {
    l.exitCalled();
    if (code !== 0) l.fail(l.file(), `called process.exit(${code}); honeyhive eval ran on and decides the exit code itself`);
    else s.onNote(`${relative(s.cwd, l.file())}: called process.exit(0) before the run ended; ignored (honeyhive eval finishes the run and decides the exit code)`);
  });
  const restoreRejections = guardUnhandledRejections((reason) => {
    if (!l.heard(reason)) l.fail(l.file(), describeError(reason), failedWhat(reason));
  });
  return () => {
    restoreExit();
    restoreRejections();
  };
}

/**
 * A default export's options with the CLI's `datapointResults` when they set none: the CLI alone reads the results of
 * the evaluations it calls (an eval file that calls evaluate() itself gets what its options ask).
 */
function withResultsMode(config: Record<string, unknown>, mode: DatapointResultsMode | undefined): EvaluateOptions {
  const options = mode === undefined || config.datapointResults !== undefined ? config : { ...config, datapointResults: mode };
  return options as unknown as EvaluateOptions;
}

/** Runs `files` in order; returns each finished evaluation with its file, the failures and whether a file called `process.exit()`. */
export async function runEvalFiles(files: readonly string[], s: RunFilesSettings): Promise<RanFiles> {
  const results: { result: EvaluationResult; file: string }[] = [];
  const failures: ExecutionFailure[] = [];
  let exitCalled = false;
  let currentFile = "";
  let ranInFile = 0;
  let tracked: Promise<unknown>[] = [];
  const reported = new WeakSet<object>(); // evaluate() rejections already recorded through onError
  const fail = (file: string, error: string, what?: string): void => {
    s.progress.clear();
    const failure = { file: relative(s.cwd, file), error, summary: what ?? `${relative(s.cwd, file) || "an evaluation file"} failed` };
    failures.push(failure);
    s.onFailure(failure);
  };
  setListeningRunner({
    settings: runnerSettingsOf(s),
    reporter: {
      onStart: () => void (ranInFile += 1),
      onProgress: (p) => s.progress.update(p),
      onFinish: (result) => {
        s.progress.finish(result);
        results.push({ result, file: relative(s.cwd, currentFile) });
      },
      onError: (error) => {
        ranInFile += 1;
        if (typeof error === "object" && error !== null) reported.add(error);
        fail(currentFile, describeError(error), failedWhat(error));
      },
    },
    track: (promise) => void tracked.push(promise.catch(() => undefined)),
  });
  const heard = (reason: unknown): boolean => typeof reason === "object" && reason !== null && reported.has(reason);
  const restoreGuards = guardFileEnds(s, { file: () => currentFile, exitCalled: () => void (exitCalled = true), fail, heard });
  try {
    for (const file of files) {
      if (s.signal.aborted) break;
      currentFile = file;
      ranInFile = 0;
      tracked = [];
      let module: Record<string, unknown> | undefined;
      try {
        module = await importEvalFile(file);
        for (const config of defaultExportConfigs(module)) await evaluate(withResultsMode(config, s.datapointResults)).catch(() => undefined);
      } catch (error) {
        if (!heard(error)) fail(file, describeError(error), failedWhat(error));
      }
      while (tracked.length > 0) await Promise.all(tracked.splice(0));
      // What the file chained on its evaluate() (`main().then(() => process.exit(0))`) runs before the next file.
      await new Promise((resolve) => setImmediate(resolve));
      if (ranInFile === 0 && !failures.some((f) => f.file === relative(s.cwd, file))) fail(file, nothingRanMessage(module));
    }
  } finally {
    restoreGuards();
    setListeningRunner(undefined);
    s.progress.clear();
  }
  return { results, failures, exitCalled };
}
