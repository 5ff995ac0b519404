/**
 * Splits and samples: evaluate()'s `split` keeps the datapoints of one split (`metadata.split`, or a row's `split`),
 * and `sample: { n, seed }` a seeded deterministic sample of them. Datapoints keep their ids and dataset indexes, so
 * a sampled run's datapoints are the full dataset's; `trials` and `shard` then apply to the selection.
 */
import { describeValue } from "../internal/describe-value";
import { runtime } from "../runtime/platform";
import { VERDICT_UNKNOWN_OPTIONS, EvaluationConfigError } from "../config/evaluation-config-error";
import { checkUnknownOptions } from "../config/unknown-options";
import type { PreparedDatapoint } from "./prepare-dataset";

/** evaluate()'s `sample`: `n` datapoints chosen by `seed` (the same seed, the same datapoints). */
export interface DatasetSample {
  /** How many datapoints (all of them when the dataset has fewer). */
  n: number;
  /** @defaultValue 0 */
  seed?: number | string;
}

const SAMPLE_KEYS = ["n", "seed"] as const;

/** Checks `split` and `sample`. Throws {@link EvaluationConfigError} for a wrong value; an unknown sample key is one too (it decides what runs). */
export function checkSelection(split: unknown, sample: unknown): void {
  if (split !== undefined && (typeof split !== "string" || split === "")) throw new EvaluationConfigError(`split must be a non-empty string (got ${describeValue(split)})`);
  if (sample !== undefined) checkSample(sample);
}

function checkSample(sample: unknown): void {
  if (typeof sample !== "object" || sample === null || Array.isArray(sample)) throw new EvaluationConfigError("sample must be { n, seed }");
  checkUnknownOptions(sample, SAMPLE_KEYS, "sample", VERDICT_UNKNOWN_OPTIONS);
  const { n, seed } = sample as Record<string, unknown>;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new EvaluationConfigError(`sample.n must be a positive integer (got ${describeValue(n)})`);
  if (seed !== undefined && typeof seed !== "string" && !(typeof seed === "number" && Number.isFinite(seed))) {
    throw new EvaluationConfigError(`sample.seed must be a number or a string (got ${describeValue(seed)})`);
  }
}

/** The `n` datapoints whose sha256(`seed` + newline + datapoint id + newline + index) are smallest, in dataset order. */
function sampled(datapoints: readonly PreparedDatapoint[], sample: DatasetSample): PreparedDatapoint[] {
  if (sample.n >= datapoints.length) return [...datapoints];
  const seed = String(sample.seed ?? 0);
  const ranked = datapoints.map((d) => ({ d, rank: runtime.sha256Hex(`${seed}\n${d.datapointId}\n${d.index}`) }));
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.d.index - b.d.index));
  return ranked.slice(0, sample.n).map((r) => r.d).sort((a, b) => a.index - b.index);
}

/** The datapoints of `split`, sampled by `sample`. Throws {@link EvaluationConfigError} when the split has none. */
export function selectDatapoints(datapoints: readonly PreparedDatapoint[], split: string | undefined, sample: DatasetSample | undefined): PreparedDatapoint[] {
  let selected = [...datapoints];
  if (split !== undefined) {
    selected = selected.filter((d) => d.split === split);
    if (selected.length === 0) {
      const splits = [...new Set(datapoints.flatMap((d) => (d.split !== undefined ? [d.split] : [])))].sort();
      throw new EvaluationConfigError(`split "${split}" has no datapoints (${splits.length > 0 ? `the splits are: ${splits.join(", ")}` : "no datapoint has a split"})`);
    }
  }
  return sample ? sampled(selected, sample) : selected;
}
