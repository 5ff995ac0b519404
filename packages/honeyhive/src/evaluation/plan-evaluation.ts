import { newUuid } from "@honeyhive/core/ids/uuid";
import { anySignal } from "../internal/any-signal";
import type { RunnerSettings } from "./evaluation-reporter";
import { resolveEvaluateOptions, type ResolvedEvaluateOptions, type RunnerOverrides } from "./resolve-evaluate-options";
import { resolveShard, type ShardSpec } from "./shard";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { shardLabel } from "@honeyhive/core/runs/shard-attempts";
import { resumableSessionId } from "./resume-point";
import type { EvaluateOptions } from "./types";

/** Everything decided about an evaluation before anything is loaded or sent. */
export interface EvaluationPlan {
  /** The caller's options, as given. */
  options: EvaluateOptions;
  /** The options validated and resolved (option > `HH_*` env > default; a runner's settings first). */
  resolved: ResolvedEvaluateOptions;
  shard: ShardSpec | undefined;
  /** The pinned dataset version (the runner's, else the options'). */
  datasetVersion: EvaluateOptions["datasetVersion"];
  /** Runs on a drifted dataset anyway (the runner's or the options' `allowDatasetDrift`). */
  allowDatasetDrift: boolean;
  /**
   * This process's attempt at its shard (a fresh id per evaluation): its sessions carry it and its shard marker names
   * it, so a shard run again into the same run replaces its earlier attempt in the results (`core/runs/shard-attempts`).
   */
  shardAttempt: string | undefined;
  /** The run id proposed to the server (the server's answer wins). */
  proposedRunId: string;
  /** The experiment (run and session) name. */
  name: string;
  /** Cancels the evaluation: the options' `signal` and the runner's. */
  signal: AbortSignal | undefined;
  /** The runner's case names by dataset index (see `RunnerSettings.caseName`). */
  caseName?: (index: number) => string | undefined;
  /**
   * A runner runs this evaluation (`honeyhive eval`, a test runner): it says itself when nothing is uploaded, so
   * evaluate() does not say it a second time.
   */
  byRunner: boolean;
}

function experimentName(options: EvaluateOptions): string | undefined {
  return typeof options.name === "string" && options.name.trim() !== "" ? options.name.trim() : options.function?.name;
}

/** The run id the runner decides for this experiment (read before the options are validated), if any. */
function runnerRunIdOf(options: EvaluateOptions, runner: RunnerSettings | undefined): string | undefined {
  return runner?.runId && options && typeof options === "object" ? runner.runId(experimentName(options)) : undefined;
}

/** The runner's case names, bound to the runner (left out of the plan when the runner has none). */
function caseNameOf(runner: RunnerSettings | undefined): Pick<EvaluationPlan, "caseName"> {
  return runner?.caseName ? { caseName: runner.caseName.bind(runner) } : {};
}

/** The pinned dataset version and drift allowance: the runner's first, then the options'. */
function datasetPinOf(options: EvaluateOptions, runner: RunnerSettings | undefined): Pick<EvaluationPlan, "datasetVersion" | "allowDatasetDrift"> {
  return {
    datasetVersion: runner?.datasetVersion ?? options.datasetVersion,
    allowDatasetDrift: runner?.allowDatasetDrift === true || options.allowDatasetDrift === true,
  };
}

/** What the runner decides instead of the options. */
function runnerOverridesOf(runner: RunnerSettings | undefined): RunnerOverrides {
  if (!runner) return {};
  return { concurrency: runner.concurrency, offline: runner.offline, prompt: runner.prompt, maxCostUsd: runner.maxCostUsd, resume: runner.resume };
}

/** A resumable run needs its id given (the run to resume is the run of that id). */
function checkResumable(runId: string | undefined): void {
  if (!runId) throw new EvaluationConfigError("resume needs runId: the run to resume is the run of that id (give every run of the experiment the same runId)");
}

/**
 * This process's attempt at its shard: a fresh id, except in a resumable run, where every process running the shard
 * makes the same attempt (a resumed shard completes its earlier attempt's sessions rather than replacing them).
 */
function shardAttemptOf(resume: boolean, runId: string, shard: ShardSpec | undefined, newId: () => string): string | undefined {
  if (!shard) return undefined;
  return resume ? resumableSessionId(runId, `shard ${shardLabel(shard)}`) : newId();
}

/**
 * Plans an evaluation: validates and resolves the options and the runner's settings into the run's id, name,
 * shard, concurrency and cancellation signal. Pure apart from reading `HH_*` env and `newId` (a seam).
 * Throws {@link EvaluationConfigError} for invalid options.
 */
export function planEvaluation(options: EvaluateOptions, runner: RunnerSettings | undefined, newId: () => string = newUuid): EvaluationPlan {
  const runnerRunId = runnerRunIdOf(options, runner);
  const resolved = resolveEvaluateOptions(options, runnerOverridesOf(runner));
  const shard = resolveShard(runner?.shard ?? options.shard);
  if (resolved.resume) checkResumable(runnerRunId || resolved.runId);
  const proposedRunId = runnerRunId || resolved.runId || newId();
  return {
    options,
    resolved: runnerRunId ? { ...resolved, runId: runnerRunId } : resolved,
    shard,
    ...datasetPinOf(options, runner),
    shardAttempt: shardAttemptOf(resolved.resume, proposedRunId, shard, newId),
    proposedRunId,
    name: resolved.name ?? `experiment-${proposedRunId.slice(0, 8)}`,
    signal: anySignal([options.signal, runner?.signal]),
    ...caseNameOf(runner),
    byRunner: runner !== undefined,
  };
}
