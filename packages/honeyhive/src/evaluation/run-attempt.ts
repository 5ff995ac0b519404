/**
 * Two attempts of one resumable run at once (the same command started twice, a CI re-run overlapping a job still
 * running) both read "nothing done" and run the same datapoints into the same sessions. The server offers no lock, so
 * it is detected, not prevented: each attempt claims the run when it starts (its attempt id under
 * {@link ATTEMPT_KEY} in the run's metadata, the last claim wins) and reads the run back before it closes it. An
 * attempt whose claim another attempt replaced meanwhile ran beside it: it warns, marks the run
 * ({@link OVERLAPPING_KEY}) and leaves the run's status to the latest attempt. An attempt that finds the mark says so
 * too. Each shard of a sharded run claims on its own key (its shards run at once on purpose).
 */
import type { ApiClient } from "../api-client/create-api-client";
import { shardMarkerKey } from "@honeyhive/core/runs/shard-attempts";
import { storedRun } from "./run-lifecycle";
import type { ShardSpec } from "./shard";

/** The run-metadata key of the attempt that claimed the run last (per shard: `resume_attempt_shard_2_of_3`). */
export const ATTEMPT_KEY = "resume_attempt";
/** The run-metadata key an attempt that ran beside another one writes: `{ attempts: [earlier, later], at }`. */
export const OVERLAPPING_KEY = "honeyhive_overlapping_attempts";

/** The key this attempt claims under. */
function claimKey(shard: ShardSpec | undefined): string {
  return shard ? `${ATTEMPT_KEY}_${shardMarkerKey(shard)}` : ATTEMPT_KEY;
}

/** Claims the run for attempt `id` (see the module comment). False when the claim could not be written. */
export async function claimRun(api: ApiClient, runId: string, shard: ShardSpec | undefined, id: string, signal?: AbortSignal): Promise<boolean> {
  const written = await api.runs.updateWithoutIds(runId, { metadata: { [claimKey(shard)]: id } }, signal);
  return written.ok;
}

/**
 * Why attempt `id` ran beside another attempt of the run, and whether that attempt took the run over (it claimed the
 * run after this one); undefined when it did not (as far as the run read back shows; a failed read shows nothing).
 * Marks the run when this attempt finds another one's claim.
 */
export async function overlappingAttempt(
  api: ApiClient, runId: string, shard: ShardSpec | undefined, id: string,
): Promise<{ message: string; takenOver: boolean } | undefined> {
  const read = await api.runs.getWithoutIds(runId);
  if (!read.ok) return undefined;
  const metadata = storedRun(read.data)?.metadata ?? {};
  const claimed = metadata[claimKey(shard)];
  if (typeof claimed === "string" && claimed !== id) {
    await api.runs.updateWithoutIds(runId, { metadata: { [OVERLAPPING_KEY]: { attempts: [id, claimed], at: new Date().toISOString() } } });
    const message = `another attempt of run ${runId} (${claimed}) started while this one (${id}) ran: both ran datapoints into the same sessions, so the server may hold some of them twice; this attempt leaves the run's status to it`;
    return { message, takenOver: true };
  }
  const mark = metadata[OVERLAPPING_KEY] as { attempts?: unknown } | undefined;
  if (Array.isArray(mark?.attempts) && mark.attempts.includes(id)) {
    return { message: `another attempt of run ${runId} ran while this one (${id}) ran: both ran datapoints into the same sessions, so the server may hold some of them twice`, takenOver: false };
  }
  return undefined;
}
