/**
 * Which sessions of a sharded run count. A shard of a CI matrix may run more than once into the same run (the CI's
 * "Re-run failed jobs" with the same run key): every attempt adds its own sessions, and counting them all would count
 * the shard's datapoints twice. Each attempt of a shard tags its sessions (`metadata.shard`, `metadata.shard_attempt`)
 * and, when it finishes, writes its attempt into the shard's marker in the run's metadata (`shard_<i>_of_<n>`, the
 * last finished attempt wins). A session of a shard whose marker names another attempt is superseded: the run's
 * results leave it out. Sessions without the tags (not sharded), or of a shard with no finished attempt yet, count.
 * One rule for the SDK (which writes the tags and markers) and the dev server (which applies it to results).
 */

/** The run-metadata key a finished shard writes: `shard_2_of_3`. */
export function shardMarkerKey(shard: { index: number; count: number }): string {
  return `shard_${shard.index}_of_${shard.count}`;
}

/** How a session names its shard (`metadata.shard`): `"2/3"`. */
export function shardLabel(shard: { index: number; count: number }): string {
  return `${shard.index}/${shard.count}`;
}

/** The session-metadata keys of a shard attempt. */
export const SHARD_KEY = "shard";
export const SHARD_ATTEMPT_KEY = "shard_attempt";

/** The session's shard tags from its metadata, when it has both. */
export function sessionShardAttempt(metadata: unknown): { shard: string; attempt: string } | undefined {
  if (typeof metadata !== "object" || metadata === null) return undefined;
  const shard = (metadata as Record<string, unknown>)[SHARD_KEY];
  const attempt = (metadata as Record<string, unknown>)[SHARD_ATTEMPT_KEY];
  return typeof shard === "string" && typeof attempt === "string" ? { shard, attempt } : undefined;
}

/** The attempt a shard's marker names (a {@link shardLabel} `"2/3"` → `runMetadata.shard_2_of_3.attempt`), if any. */
function finishedAttempt(runMetadata: unknown, shard: string): string | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(shard);
  if (!match || typeof runMetadata !== "object" || runMetadata === null) return undefined;
  const marker = (runMetadata as Record<string, unknown>)[shardMarkerKey({ index: Number(match[1]), count: Number(match[2]) })];
  const attempt = typeof marker === "object" && marker !== null ? (marker as Record<string, unknown>).attempt : undefined;
  return typeof attempt === "string" ? attempt : undefined;
}

/** True when a later finished attempt of the session's shard replaced it (see the module comment). */
export function isSupersededSession(tags: { shard: string; attempt: string } | undefined, runMetadata: unknown): boolean {
  if (tags === undefined) return false;
  const finished = finishedAttempt(runMetadata, tags.shard);
  return finished !== undefined && finished !== tags.attempt;
}
