/** The command line of `honeyhive eval`, parsed and validated (usage errors are {@link UsageError}s). */
import { parsePromptArg, type PromptArg } from "./eval-prompt";
import { parseArgs } from "node:util";
import type { ShardSpec } from "../../evaluation/shard";
import { parseThreshold, type Threshold } from "../support/thresholds";
import { joinNegativeValues } from "@honeyhive/core/cli/negative-values";
import { UsageError } from "@honeyhive/core/cli/usage-error";
import { parseArgsMessage } from "@honeyhive/core/cli/parse-args-message";
import type { FailureAllowance } from "@honeyhive/core/verdict/exit-rule";
import { ANY_METRIC, type RegressionWatch } from "@honeyhive/core/verdict/regression-gate";

/** Parsed `honeyhive eval` options. */
export interface EvalCliOptions {
  patterns: string[];
  /** A file, or "-" for standard output. */
  json?: string;
  junit?: string;
  markdown?: string;
  thresholds: Threshold[];
  /** `--max-failures` / `--min-pass-rate`: failing datapoints allowed per experiment (none by default). */
  allowance: FailureAllowance;
  compare?: string;
  /**
   * `--fail-on-regression`: with `--compare`, the run fails only on a significant degradation of these metrics
   * (`any`: the verdict or any metric), not on failing datapoints.
   */
  failOnRegression?: RegressionWatch;
  concurrency?: number;
  /** `--max-cost-usd`: each experiment's cost budget (US dollars); see evaluate()'s `maxCostUsd`. */
  maxCostUsd?: number;
  shard?: ShardSpec;
  runId?: string;
  watch: boolean;
  /** Run locally on purpose: nothing is uploaded, even with HH_API_KEY set. */
  offline: boolean;
  /** `--dataset-version`: a `dsv-…` version or a lock file. */
  datasetVersion?: string;
  allowDatasetDrift: boolean;
  /** `--resume`: every run is resumable (needs `--run-id`): run again, it runs only the datapoints not done. */
  resume: boolean;
  /** `--prompt name@env`: the prompt every evaluation runs with. */
  prompt?: PromptArg;
}

/**
 * Parses `i/n` (Playwright/Jest convention, 1-based): throws a {@link UsageError} for anything but
 * integers with 1 ≤ i ≤ n (so `0/3`, `4/3` and `a/b` are rejected with a message saying why).
 */
export function parseShardArg(text: string): ShardSpec {
  const match = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/.exec(text);
  if (!match) throw new UsageError(`--shard expects i/n with whole numbers, e.g. --shard 1/3 (got "${text}")`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new UsageError(`--shard: the shard count must be at least 1 (got "${text}")`);
  if (index < 1 || index > count) throw new UsageError(`--shard: the shard index must be between 1 and ${count} (got "${text}"; shards are numbered from 1)`);
  return { index, count };
}

function parseConcurrency(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1) throw new UsageError(`--concurrency must be a positive integer, got "${value}"`);
  return n;
}

type Parsed = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: typeof OPTIONS }>>;
type ParsedValues = Parsed["values"];

function parse(args: string[]): Parsed {
  try {
    return parseArgs({ args: joinNegativeValues(args, OPTIONS), allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error, OPTIONS));
  }
}

function parseMaxFailures(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*\d{1,9}\s*$/.test(value)) throw new UsageError(`--max-failures expects a whole number of datapoints, e.g. --max-failures 2 (got "${value}")`);
  return Number(value);
}

/** `0.95` or `95%`: the share of each experiment's datapoint runs that must pass. */
function parseMinPassRate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const percent = text.endsWith("%");
  const n = Number(percent ? text.slice(0, -1) : text);
  const rate = percent ? n / 100 : n;
  if (text === "" || text === "%" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new UsageError(`--min-pass-rate expects a share between 0 and 1 or a percentage, e.g. 0.95 or 95% (got "${value}")`);
  }
  return rate;
}

const OPTIONS = {
  json: { type: "string" },
  junit: { type: "string" },
  markdown: { type: "string" },
  "fail-under": { type: "string", multiple: true },
  "max-failures": { type: "string" },
  "min-pass-rate": { type: "string" },
  compare: { type: "string" },
  "fail-on-regression": { type: "string", multiple: true },
  concurrency: { type: "string" },
  "max-cost-usd": { type: "string" },
  shard: { type: "string" },
  "run-id": { type: "string" },
  watch: { type: "boolean" },
  offline: { type: "boolean" },
  "dataset-version": { type: "string" },
  "allow-dataset-drift": { type: "boolean" },
  resume: { type: "boolean" },
  prompt: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function allowanceOf(maxFailures: string | undefined, minPassRate: string | undefined): FailureAllowance {
  const allowance: FailureAllowance = {};
  const max = parseMaxFailures(maxFailures);
  const rate = parseMinPassRate(minPassRate);
  if (max !== undefined) allowance.maxFailures = max;
  if (rate !== undefined) allowance.minPassRate = rate;
  return allowance;
}

function parseThresholds(values: string[] | undefined): Threshold[] {
  try {
    return (values ?? []).map(parseThreshold);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseRunId(value: string | undefined): string | undefined {
  const runId = value?.trim();
  if (value !== undefined && !runId) throw new UsageError("--run-id must not be empty");
  return runId;
}

/** `--max-cost-usd 2.50`: a positive number of US dollars. */
function parseMaxCost(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim().replace(/^\$/, ""));
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new UsageError(`--max-cost-usd expects a positive number of US dollars, e.g. --max-cost-usd 2.50 (got "${value}")`);
  return n;
}

/** `--fail-on-regression any` or metric names (repeated or comma-separated); undefined without the option. */
function parseRegressionWatch(values: string[] | undefined, compare: string | undefined): RegressionWatch | undefined {
  if (values === undefined) return undefined;
  const names = values.flatMap((v) => v.split(",")).map((n) => n.trim()).filter((n) => n !== "");
  if (names.length === 0) throw new UsageError(`--fail-on-regression expects "${ANY_METRIC}" or metric names, e.g. --fail-on-regression pass_rate,accuracy`);
  if (!compare?.trim()) throw new UsageError("--fail-on-regression needs --compare <run id>: the run to compare with");
  return names.includes(ANY_METRIC) ? ANY_METRIC : [...new Set(names)];
}

/** Rejects options that cannot go together, and report options without a file name. */
function checkCombinations(values: ParsedValues, shard: ShardSpec | undefined): void {
  if (values.watch && shard) throw new UsageError("--watch cannot be combined with --shard");
  if (values.offline && values.compare !== undefined) throw new UsageError("--offline cannot be combined with --compare (a comparison needs the server)");
  if (values.resume && values["run-id"] === undefined) throw new UsageError("--resume needs --run-id (the key of the runs to resume)");
  if (values.resume && values.offline) throw new UsageError("--resume cannot be combined with --offline (a run is resumed from what the server holds)");
  for (const name of ["junit", "markdown"] as const) {
    if (values[name] === "") throw new UsageError(`--${name} needs a file name`);
  }
  const toStdout = (["json", "junit", "markdown"] as const).filter((name) => values[name] === "-");
  if (toStdout.length > 1) {
    const names = toStdout.map((n) => `--${n}`);
    const who = names.length === 2 ? `${names.join(" and ")} both name it` : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} all name it`;
    throw new UsageError(`only one report can go to standard output (-): ${who}; give the others a file`);
  }
}

/** Parses the arguments after `eval`; "help" for `--help`. Throws {@link UsageError}. */
export function parseEvalArgs(args: string[]): EvalCliOptions | "help" {
  const { values, positionals } = parse(args);
  if (values.help) return "help";
  if (positionals.length === 0) throw new UsageError("give at least one evaluation file or glob");
  const thresholds = parseThresholds(values["fail-under"]);
  const runId = parseRunId(values["run-id"]);
  const shard = values.shard === undefined ? undefined : parseShardArg(values.shard);
  checkCombinations(values, shard);
  return {
    patterns: positionals,
    json: values.json,
    junit: values.junit,
    markdown: values.markdown,
    thresholds,
    allowance: allowanceOf(values["max-failures"], values["min-pass-rate"]),
    compare: values.compare?.trim() || undefined,
    ...(values["fail-on-regression"] !== undefined ? { failOnRegression: parseRegressionWatch(values["fail-on-regression"], values.compare) } : {}),
    concurrency: parseConcurrency(values.concurrency),
    ...(values["max-cost-usd"] !== undefined ? { maxCostUsd: parseMaxCost(values["max-cost-usd"]) } : {}),
    shard,
    runId,
    watch: values.watch === true,
    offline: values.offline === true,
    ...(values["dataset-version"] ? { datasetVersion: values["dataset-version"] } : {}),
    allowDatasetDrift: values["allow-dataset-drift"] === true,
    resume: values.resume === true,
    ...(values.prompt !== undefined ? { prompt: parsePromptArg(values.prompt) } : {}),
  };
}
