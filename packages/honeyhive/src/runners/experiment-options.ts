import type { ShardSpec } from "../evaluation/shard";
import type { DatasetItem, EvaluateOptions } from "../evaluation/types";
import type { HoneyHiveTracer } from "../facade/honeyhive-tracer";

/** One case of an experiment declared in a test file: a dataset item, with an optional test name. */
export interface ExperimentCase<I = Record<string, unknown>, G = unknown> extends DatasetItem<I, G> {
  /** The test's name. @defaultValue the first input value, shortened (as `honeyhive eval --junit` names cases) */
  name?: string;
}

/**
 * An experiment declared in a test file (`honeyhive/vitest`, `honeyhive/jest`): evaluate()'s options, with the
 * cases given inline (`cases`) or as a dataset file path (`dataset`, read when the file is collected). Every case
 * becomes a test; the `describe` block is one run with one session per case.
 */
export interface ExperimentOptions<I = Record<string, unknown>, G = unknown, O = unknown>
  extends Omit<EvaluateOptions<I, G, O, HoneyHiveTracer>, "dataset" | "datasetId" | "printResults" | "writer" | "progress" | "progressStream" | "shard" | "split" | "sample"> {
  /** The experiment (run, session and `describe` block) name. */
  name: string;
  /** The cases, each a test. Exactly one of `cases` / `dataset`. */
  cases?: readonly ExperimentCase<I, G>[];
  /** A dataset file (JSON array or JSON Lines, as `loadDataset` reads it), or inline items. */
  dataset?: string | readonly DatasetItem<I, G>[];
  /**
   * Runs only this shard of the cases (the others are skipped tests), like `honeyhive eval --shard`: shards with
   * the same `HH_RUN_ID` fill one run. Env `HH_EVAL_SHARD` (`i/n`). Test-runner sharding (`vitest --shard`,
   * `jest --shard`) splits files instead, so every experiment runs whole in the shard that got its file.
   */
  shard?: ShardSpec;
  /** Time limit of each case's test, waiting for its datapoint. @defaultValue 300000 (5 minutes) */
  testTimeoutMs?: number;
  /**
   * Directory keeping each experiment's previous metrics, so that a rerun (watch mode) prints its changes since
   * the previous run. @defaultValue `node_modules/.cache/honeyhive/experiments` under the current directory
   */
  stateDir?: string;
}
