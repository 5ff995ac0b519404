/**
 * Who owns a claimed spool file. A process claims a file by renaming it to `<file>.claimed-<pid>-<start>-<n>` and
 * keeps the claim's modification time fresh (a heartbeat) while it sends the file. Whether the claimer still holds it
 * is core's owner rule (`@honeyhive/core/process/owner-record`: PIDs repeat, so the PID, the start token and the
 * heartbeat decide), shared with the dev server's data-directory lock.
 * Decision record: docs/decisions/0019-spool-claims-and-orphaned-evals.md.
 */

import { OWNER_HEARTBEAT_MS, OWNER_STALE_MS, processStartToken, type OwnerProbe } from "@honeyhive/core/process/owner-record";
import { startDeadline, stopTimer } from "../internal/timers";

/** A claim (or a temporary file being written) not refreshed for this long is abandoned, whatever its PID says. */
export const CLAIM_STALE_MS = OWNER_STALE_MS;

/** `<file>.claimed-<pid>-<process start token>-<n>`; claims of older versions have no start token. */
const CLAIM = /^(.+\.(?:pb|json))\.claimed-(\d+)-(?:([0-9a-z]+)-)?\d+$/;

/** This process's start time (ms since the epoch): a temporary file written before it is an earlier process's. */
const PROCESS_STARTED_MS = Math.floor(performance.timeOrigin);

/** A claimed file's name, parsed. */
interface ParsedClaim {
  /** The spool file's own name, to release the claim to. */
  readonly original: string;
  readonly pid: number;
  readonly token: string | undefined;
}

/** The name this process gives its `n`-th claim of the file at `path`. */
export function claimPath(path: string, pid: number, n: number): string {
  return `${path}.claimed-${pid}-${processStartToken()}-${n}`;
}

/** The parts of a claim's file name; undefined when `name` is not a claim. */
export function parseClaim(name: string): ParsedClaim | undefined {
  const match = CLAIM.exec(name);
  if (!match) return undefined;
  return { original: match[1] as string, pid: Number(match[2]), token: match[3] };
}

/**
 * Whether a `.tmp-<time>-<pid>-…` file is garbage: left by an earlier process with this PID, by a process that is
 * gone, or older than {@link CLAIM_STALE_MS} (a write takes milliseconds; a live PID may be another process's).
 */
export function tempFileAbandoned(name: string, nowMs: number, host: OwnerProbe): boolean {
  const [, written, pid] = name.split("-");
  const writtenMs = Number(written);
  if (Number(pid) === host.pid) return writtenMs < PROCESS_STARTED_MS;
  if (!host.isProcessAlive(Number(pid))) return true;
  return !(nowMs - writtenMs <= CLAIM_STALE_MS);
}

/**
 * Refreshes the modification time of `path` every {@link OWNER_HEARTBEAT_MS} until the returned function is called,
 * so other processes see the claim as held however long the send takes. The timer never keeps the process alive.
 */
export function startHeartbeat(path: string, touch: (path: string) => Promise<void>): () => void {
  let stopped = false;
  let timer: ReturnType<typeof startDeadline> | undefined;
  const arm = (): void => {
    timer = startDeadline(() => {
      if (stopped) return;
      void touch(path).catch(() => undefined);
      arm();
    }, OWNER_HEARTBEAT_MS);
    timer.unref?.();
  };
  arm();
  return () => {
    stopped = true;
    stopTimer(timer);
  };
}
