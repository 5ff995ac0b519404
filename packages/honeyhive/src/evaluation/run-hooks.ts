import { sharedState } from "../internal/process-state";
import type { ShardSpec } from "./shard";
import type { EvaluationProgress, EvaluationResult } from "./types";

/**
 * Process-wide hooks a runner (the `honeyhive eval` CLI) installs before loading evaluation files, so that
 * every `evaluate()` call in them, whichever copy of the SDK it comes from, reports to the runner. Kept in the
 * shared process state (`internal/process-state.ts`), because the CLI bundle and the user's `honeyhive` import
 * are different module instances.
 */
export interface EvaluationRunHooks {
  /** Overrides every evaluation's `maxConcurrency`. */
  concurrency?: number;
  /** Cancels every evaluation (in addition to its own `signal`). */
  signal?: AbortSignal;
  /** Runs every evaluation locally on purpose (evaluate()'s `offline`). */
  offline?: boolean;
  /** Turns `printResults` and the script progress display off (the runner prints its own). */
  suppressPrint?: boolean;
  /** Runs only this slice of every evaluation's dataset (`--shard i/n`). */
  shard?: ShardSpec;
  /** The run id of an evaluation, from its name (or its function's name); overrides the evaluation's own. */
  runId?(experimentName: string | undefined): string | undefined;
  /** An evaluation's run was set up and its datapoints are about to start. */
  onStart?(info: { name: string; runId: string; total: number }): void;
  onProgress?(progress: EvaluationProgress): void;
  onFinish?(result: EvaluationResult): void;
  /** An evaluation rejected (invalid options, dataset not loadable). */
  onError?(error: unknown): void;
  /** Receives every evaluation's promise, so the runner can wait for un-awaited ones. */
  track?(promise: Promise<unknown>): void;
}

/** Installs (or with `undefined`, removes) the process-wide evaluation hooks. */
export function setEvaluationRunHooks(hooks: EvaluationRunHooks | undefined): void {
  sharedState().runHooks = hooks;
}

/** The installed hooks, if any. */
export function getEvaluationRunHooks(): EvaluationRunHooks | undefined {
  return sharedState().runHooks as EvaluationRunHooks | undefined;
}
