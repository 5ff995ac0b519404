/**
 * Sharding one experiment over several processes (a CI matrix): each shard runs a deterministic slice of
 * the dataset into the same run (same `runId`), and the run is completed by whichever shard finishes last.
 *
 * Completion protocol (works against any server that merges run `metadata` key by key, as `PUT /v1/runs`
 * does): a finishing shard writes its own top-level marker key `shard_<i>_of_<n>` (never a shared counter,
 * so concurrent writers cannot lose each other's update) together with its session ids, then reads the run
 * back. The shard that sees all `n` markers (and no failure) sets the status to `completed`; the others leave
 * the status as it is (a sharded run is created `running`). The last marker written is
 * always followed by its writer's read, so at least one shard completes the run, and extra completions are
 * idempotent. A cancelled shard writes no marker (and marks the run `cancelled`), so the run is never
 * reported complete with datapoints missing. A later attempt of the cancelled shard (run again, resumed or not) that
 * finishes writes the marker, and the shard that then sees all `n` completes the run, `cancelled` as it is: every
 * shard has finished (a cancelled attempt's sessions no longer count once a later one finished, or they are the same
 * attempt's when resumed). Only a `failed` run stays as it is.
 */
import type { ApiClient } from "../api-client/create-api-client";
import type { ApiResult, RunStatus } from "../api-client/types";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { shardMarkerKey } from "@honeyhive/core/runs/shard-attempts";
import { type StoredRun, storedRun } from "./run-lifecycle";
import { isTransientStatus } from "../transport/retry-policy";

/** A 1-based slice of a dataset: shard `index` of `count` (`--shard 2/3` is `{ index: 2, count: 3 }`). */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Validates a shard option; throws {@link EvaluationConfigError} when it is not 1 ≤ index ≤ count. */
export function resolveShard(value: unknown): ShardSpec | undefined {
  if (value === undefined || value === null) return undefined;
  let index: unknown;
  let count: unknown;
  try {
    ({ index, count } = value as Partial<ShardSpec>); // read once: a hostile object costs the option, not a crash
  } catch {
    index = count = undefined;
  }
  const ok = typeof value === "object" && Number.isInteger(index) && Number.isInteger(count) && (count as number) >= 1
    && (index as number) >= 1 && (index as number) <= (count as number);
  if (!ok) throw new EvaluationConfigError(`shard must be { index, count } with 1 <= index <= count (got ${describeShard(index, count)})`);
  return { index: index as number, count: count as number };
}

function describeShard(index: unknown, count: unknown): string {
  return `index ${typeof index === "number" ? index : typeof index}, count ${typeof count === "number" ? count : typeof count}`;
}

/**
 * The contiguous slice of `items` that shard `index` of `count` runs: sizes differ by at most one, the
 * slices of all shards cover every item exactly once, in dataset order. Pure and deterministic.
 */
export function shardSlice<T>(items: readonly T[], shard: ShardSpec | undefined): T[] {
  const { start, end } = shardRange(items.length, shard);
  return items.slice(start, end);
}

/** Positions `start` (included) to `end` (excluded) of a dataset of `length` items. */
export interface PositionRange {
  start: number;
  end: number;
}

/**
 * The positions of the slice of a dataset of `length` items that shard `index` of `count` runs (the whole dataset
 * without a shard): the one definition {@link shardSlice} and a streamed server dataset both use.
 */
export function shardRange(length: number, shard: ShardSpec | undefined): PositionRange {
  if (!shard) return { start: 0, end: length };
  return { start: Math.floor(((shard.index - 1) * length) / shard.count), end: Math.floor((shard.index * length) / shard.count) };
}

/** How many of the `count` shard markers `metadata` holds. */
export function countShardMarkers(metadata: unknown, count: number): number {
  if (!metadata || typeof metadata !== "object") return 0;
  let found = 0;
  for (let i = 1; i <= count; i++) if (Object.prototype.hasOwnProperty.call(metadata, shardMarkerKey({ index: i, count }))) found += 1;
  return found;
}

/**
 * Finishes one shard of a run (see the module comment). Returns an error message when a request failed,
 * and whether this shard completed the whole run.
 */
export async function finishShard(
  api: ApiClient,
  runId: string,
  shard: ShardSpec,
  body: { cancelled: boolean; name: string; event_ids: string[]; metadata: Record<string, unknown>; datapoints: number; attempt?: string },
): Promise<{ error?: string; completedRun: boolean }> {
  const marker = { datapoints: body.datapoints, sessions: body.event_ids.length, finished_at: new Date().toISOString(), ...(body.attempt ? { attempt: body.attempt } : {}) };
  // A finished shard leaves the status alone (the run is created "running"), so it never hides a failed shard.
  const update = body.cancelled
    ? { status: "cancelled" as RunStatus, name: body.name, event_ids: body.event_ids, metadata: body.metadata }
    : { name: body.name, event_ids: body.event_ids, metadata: { ...body.metadata, [shardMarkerKey(shard)]: marker } };
  const written = await api.runs.updateWithoutIds(runId, update);
  const after = await runAfterWrite(api, runId, written);
  // a write whose every answer was lost may have landed: the run read back shows it (this marker's own finish time)
  const landed = written.ok || (body.cancelled ? after.run?.status === "cancelled" : markerOf(after.run, shard)?.finished_at === marker.finished_at);
  if (!landed) return { error: written.ok ? undefined : written.error, completedRun: false };
  if (body.cancelled) return { completedRun: false };
  if (after.error !== undefined) return { error: after.error, completedRun: false };
  const run = after.run;
  if (run?.status === "failed" || countShardMarkers(run?.metadata, shard.count) < shard.count) return { completedRun: false };
  return completeShardedRun(api, runId);
}

/** The run read back after a shard's write that succeeded or may have landed (not after one refused). */
async function runAfterWrite(api: ApiClient, runId: string, written: ApiResult<unknown>): Promise<{ run?: StoredRun; error?: string }> {
  if (!written.ok && !isTransientStatus(written.status)) return {};
  const read = await api.runs.getWithoutIds(runId);
  return read.ok ? { run: storedRun(read.data) } : { error: read.error };
}

/** Sets the run completed (the last shard's step); a failure that may have landed is read back. */
async function completeShardedRun(api: ApiClient, runId: string): Promise<{ error?: string; completedRun: boolean }> {
  const completed = await api.runs.updateWithoutIds(runId, { status: "completed" });
  if (completed.ok) return { completedRun: true };
  if (isTransientStatus(completed.status)) {
    const again = await api.runs.getWithoutIds(runId);
    if (again.ok && storedRun(again.data)?.status === "completed") return { completedRun: true };
  }
  return { error: completed.error, completedRun: false };
}

/** Shard `shard`'s marker in the stored run's metadata, if any. */
function markerOf(run: StoredRun | undefined, shard: ShardSpec): { finished_at?: unknown } | undefined {
  const marker = run?.metadata[shardMarkerKey(shard)];
  return typeof marker === "object" && marker !== null ? (marker as { finished_at?: unknown }) : undefined;
}
