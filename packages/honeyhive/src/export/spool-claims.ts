/**
 * Who owns a claimed spool file. A process claims a file by renaming it to `<file>.claimed-<pid>-<start>-<n>` and
 * keeps the claim's modification time fresh (a heartbeat) while it sends the file. A PID alone cannot tell whether
 * the claimer still runs: PIDs repeat (an app restarted in a container is often not PID 1 any more, while PID 1 — a
 * shell or tini — lives on) and are reused. So a claim is held only while its owner is provably alive and still
 * refreshing it:
 * - a claim of this process (same PID and start token) is held;
 * - a claim of an earlier process with this process's PID, or of a PID that is gone, is abandoned at once;
 * - any other claim is held while its modification time is younger than {@link CLAIM_STALE_MS}, abandoned after.
 * Decision record: docs/decisions/0019-spool-claims-and-orphaned-evals.md.
 */

import { startDeadline, stopTimer } from "../internal/timers";

/** How often an owner refreshes the modification time of the file it is sending. */
const CLAIM_HEARTBEAT_MS = 5_000;

/** A claim (or a temporary file being written) not refreshed for this long is abandoned, whatever its PID says. */
export const CLAIM_STALE_MS = 30_000;

/** `<file>.claimed-<pid>-<process start token>-<n>`; claims of older versions have no start token. */
const CLAIM = /^(.+\.(?:pb|json))\.claimed-(\d+)-(?:([0-9a-z]+)-)?\d+$/;

/**
 * This process's start time (ms since the epoch, base 36): with the PID it names a process uniquely even where PIDs
 * repeat across restarts (PID 1 in a container), so a claim left by an earlier process of the same PID is released.
 */
const PROCESS_TOKEN = Math.round(performance.timeOrigin).toString(36);
const PROCESS_STARTED_MS = Math.floor(performance.timeOrigin);

/** A claimed file's name, parsed. */
interface ParsedClaim {
  /** The spool file's own name, to release the claim to. */
  readonly original: string;
  readonly pid: number;
  readonly token: string | undefined;
}

/** What the process can check about claim owners. */
interface ClaimHost {
  readonly pid: number;
  isProcessAlive(pid: number): boolean;
}

/** The name this process gives its `n`-th claim of the file at `path`. */
export function claimPath(path: string, pid: number, n: number): string {
  return `${path}.claimed-${pid}-${PROCESS_TOKEN}-${n}`;
}

/** The parts of a claim's file name; undefined when `name` is not a claim. */
export function parseClaim(name: string): ParsedClaim | undefined {
  const match = CLAIM.exec(name);
  if (!match) return undefined;
  return { original: match[1] as string, pid: Number(match[2]), token: match[3] };
}

/**
 * `held` while the claim's owner may still send it, `abandoned` when a restarted or other process should release it.
 * `ageMs` is how long ago the claim was last refreshed (its modification time).
 */
export function claimState(claim: ParsedClaim, ageMs: number, host: ClaimHost): "held" | "abandoned" {
  if (claim.pid === host.pid) return claim.token === PROCESS_TOKEN ? "held" : "abandoned";
  if (!host.isProcessAlive(claim.pid)) return "abandoned";
  return ageMs > CLAIM_STALE_MS ? "abandoned" : "held";
}

/**
 * Whether a `.tmp-<time>-<pid>-…` file is garbage: left by an earlier process with this PID, by a process that is
 * gone, or older than {@link CLAIM_STALE_MS} (a write takes milliseconds; a live PID may be another process's).
 */
export function tempFileAbandoned(name: string, nowMs: number, host: ClaimHost): boolean {
  const [, written, pid] = name.split("-");
  const writtenMs = Number(written);
  if (Number(pid) === host.pid) return writtenMs < PROCESS_STARTED_MS;
  if (!host.isProcessAlive(Number(pid))) return true;
  return !(nowMs - writtenMs <= CLAIM_STALE_MS);
}

/**
 * Refreshes the modification time of `path` every {@link CLAIM_HEARTBEAT_MS} until the returned function is called,
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
    }, CLAIM_HEARTBEAT_MS);
    timer.unref?.();
  };
  arm();
  return () => {
    stopped = true;
    stopTimer(timer);
  };
}
