/**
 * Whether a file that names the process which wrote it (a disk-spool claim, the dev server's data-directory lock)
 * still belongs to a live owner. A PID alone cannot tell: PIDs repeat. A container app restarted after `kill -9`
 * often gets back the very PID it had (PID 1), and then its own PID is alive; or its old PID now belongs to another
 * process (a shell or tini as PID 1, a reused PID). So such a file names the writer's PID and start token
 * ({@link processStartToken}), and its owner refreshes the file's modification time every
 * {@link OWNER_HEARTBEAT_MS} while it holds it. The file is:
 * - held when it is this process's (same PID and start token);
 * - abandoned when it names this process's PID with another start token (an earlier process), or a PID that is gone;
 * - otherwise held while it was refreshed less than {@link OWNER_STALE_MS} ago, abandoned after.
 * Decision records: docs/decisions/0019-spool-claims-and-orphaned-evals.md, 0032-data-dir-lock-owner.md.
 */

/** How often an owner refreshes the modification time of the file it holds. */
export const OWNER_HEARTBEAT_MS = 5_000;

/** A file naming another live PID that nobody refreshed for this long is abandoned, whatever its PID says. */
export const OWNER_STALE_MS = 30_000;

let startToken: string | undefined;

/**
 * This process's start token: its start time (ms since the epoch, base 36). With the PID it names one process, even
 * where PIDs repeat across restarts. (A worker thread has its own start time, so its token differs from its process's.)
 */
export function processStartToken(): string {
  startToken ??= Math.round(performance.timeOrigin).toString(36);
  return startToken;
}

/** The writer a file names: its PID and start token (undefined when an older version wrote the file). */
export interface OwnerMark {
  readonly pid: number;
  readonly token: string | undefined;
}

/** What the process can check about owners: its own PID, and whether another PID runs. */
export interface OwnerProbe {
  readonly pid: number;
  isProcessAlive(pid: number): boolean;
  /** The staleness interval to judge by; default {@link OWNER_STALE_MS}. */
  readonly staleMs?: number;
}

/** `held` while the file's writer may still hold it, `abandoned` when another process may take it (module comment). */
export function ownerState(mark: OwnerMark, ageMs: number, probe: OwnerProbe): "held" | "abandoned" {
  if (mark.pid === probe.pid) return mark.token === processStartToken() ? "held" : "abandoned";
  if (!probe.isProcessAlive(mark.pid)) return "abandoned";
  return ageMs > (probe.staleMs ?? OWNER_STALE_MS) ? "abandoned" : "held";
}
