import type { ShardSpec } from "./shard";
import type { Prompt } from "../prompts/prompt";
import type { EvaluationProgress, EvaluationResult } from "./types";

/** What a reporter learns when an evaluation's run is set up and its datapoints are about to start. */
export interface EvaluationStart {
  name: string;
  runId: string;
  total: number;
}

/**
 * Receives one evaluation's progress and outcome: the CLI's (progress bar, collected results), the test
 * runners' (one test per datapoint), or the default for scripts (`printResults`, the `progress` option).
 * Passed per call; every method is optional and its errors are ignored (a reporter never breaks a run).
 */
export interface EvaluationReporter {
  onStart?(info: EvaluationStart): void;
  /** After every datapoint (one trial of it). */
  onProgress?(progress: EvaluationProgress): void;
  onFinish?(result: EvaluationResult): void;
  /** The evaluation rejected (invalid options, dataset not loadable). */
  onError?(error: unknown): void;
}

/**
 * What a runner (the `honeyhive eval` CLI, a test runner) decides for every evaluation it runs. These are
 * inputs of the plan beside the caller's options, which they take precedence over; the options themselves
 * are never rewritten.
 */
export interface RunnerSettings {
  /** Datapoints in flight (instead of the evaluation's `maxConcurrency`). */
  concurrency?: number;
  /** Cancels every evaluation (in addition to its own `signal`). */
  signal?: AbortSignal;
  /** Runs every evaluation locally on purpose (as evaluate()'s `offline`). */
  offline?: boolean;
  /** Pins every evaluation's dataset content version (`--dataset-version`; see evaluate()'s `datasetVersion`). */
  datasetVersion?: string;
  /** Runs on drifted datasets anyway (`--allow-dataset-drift`). */
  allowDatasetDrift?: boolean;
  /** Makes every evaluation resumable (`--resume`; see evaluate()'s `resume`). */
  resume?: boolean;
  /** The prompt of every evaluation that names none (`--prompt name@env`): see evaluate()'s `prompt`. */
  prompt?: Prompt;
  /** The cost budget of every evaluation that sets none (`--max-cost-usd`; see evaluate()'s `maxCostUsd`). */
  maxCostUsd?: number;
  /** Runs only this slice of every evaluation's dataset (`--shard i/n`). */
  shard?: ShardSpec;
  /** The run id of an evaluation, from its name (or its function's name); instead of the evaluation's own. */
  runId?(experimentName: string | undefined): string | undefined;
  /**
   * The name of the case at a dataset index (the test runners' test names), recorded in its sessions' metadata as
   * `case_name` (not in the dataset item, so datapoint ids do not change) and shown by the viewer.
   */
  caseName?(index: number): string | undefined;
}

/** How one evaluate() call reports and what its runner decides (both optional). */
export interface EvaluationCall {
  reporter?: EvaluationReporter;
  runner?: RunnerSettings;
}
