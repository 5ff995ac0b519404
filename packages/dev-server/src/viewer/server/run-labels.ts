/**
 * What tells runs apart in the viewer: the git commit, branch and dirty flag the SDK records under
 * `metadata.git`, the caller's `metadata`, and the run `configuration` (the caller's keys, e.g. model and
 * prompt version, besides the SDK's own). One definition for the runs list, the run page, the comparison
 * header and the runs filter. Stored data is untrusted: only scalar values become labels, cut to a bounded length.
 */
import type { RunRecord } from "../../domain/records";
import type { RunLabel } from "../shared/wire-types";

const MAX_VALUE = 80;
const MAX_LABELS = 24;
/** Metadata keys the SDK itself writes (not labels). */
const SDK_METADATA = new Set(["git", "offline_dataset_id", "evaluator_errors"]);
/** Configuration keys the SDK itself writes; shown on the run page only. */
const SDK_CONFIGURATION = new Set(["function", "evaluators", "max_workers", "aggregate_function", "trials", "timeout_ms", "shards"]);

function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function gitLabels(metadata: Record<string, unknown>): RunLabel[] {
  const git = record(metadata.git);
  const labels: RunLabel[] = [];
  const commit = typeof git.commit_hash === "string" ? scalar(git.commit_hash) : undefined;
  if (commit) labels.push({ source: "git", key: "commit", value: commit.slice(0, 12), title: scalar(git.commit_message) ?? commit });
  const branch = scalar(git.branch);
  if (branch) labels.push({ source: "git", key: "branch", value: branch });
  if (typeof git.is_dirty === "boolean") labels.push({ source: "git", key: "dirty", value: String(git.is_dirty) });
  return labels;
}

function entries(source: RunLabel["source"], values: Record<string, unknown>, skip: ReadonlySet<string>): RunLabel[] {
  const labels: RunLabel[] = [];
  for (const [key, raw] of Object.entries(values)) {
    if (skip.has(key) || /^shard_\d+_of_\d+$/.test(key)) continue;
    const value = scalar(raw);
    if (value !== undefined) labels.push({ source, key: key.slice(0, MAX_VALUE), value });
  }
  return labels;
}

function allLabels(run: Pick<RunRecord, "metadata" | "configuration">): RunLabel[] {
  const metadata = record(run.metadata);
  return [
    ...gitLabels(metadata),
    ...entries("metadata", metadata, SDK_METADATA),
    ...entries("configuration", record(run.configuration), SDK_CONFIGURATION),
  ];
}

/** The labels of a run, git first, then metadata, then the caller's configuration keys (at most 24 shown). */
export function runLabels(run: Pick<RunRecord, "metadata" | "configuration">): RunLabel[] {
  return allLabels(run).slice(0, MAX_LABELS);
}

/** A `key=value` filter on the labels (a commit matches by prefix; other values exactly, case-insensitively). */
export interface LabelFilter {
  key: string;
  value: string;
}

/** Parses `key=value`; undefined when it has no `=` or an empty key. */
export function parseLabelFilter(text: string): LabelFilter | undefined {
  const eq = text.indexOf("=");
  if (eq <= 0) return undefined;
  return { key: text.slice(0, eq).trim(), value: text.slice(eq + 1).trim() };
}

/** True when the run has a label matching `filter` (the full commit hash is checked for a commit prefix). */
export function runMatchesLabel(run: Pick<RunRecord, "metadata" | "configuration">, filter: LabelFilter): boolean {
  const key = filter.key.toLowerCase();
  const wanted = filter.value.toLowerCase();
  if (key === "commit") {
    const full = scalar(record(record(run.metadata).git).commit_hash)?.toLowerCase();
    return full !== undefined && wanted.length > 0 && full.startsWith(wanted);
  }
  return allLabels(run).some((l) => l.key.toLowerCase() === key && l.value.toLowerCase() === wanted);
}
