import { runtime } from "../runtime/platform";

const TWO_POW_32 = 2 ** 32;

/**
 * The sampling fraction of a session for online evaluation: the first 8 bytes of sha256 over the session id (its
 * lowercase UTF-8 text) read as a big-endian unsigned 64-bit integer, divided by 2^64. A number in [0, 1), the same
 * in every process, service and language: Python computes it as
 * `int.from_bytes(hashlib.sha256(session_id.lower().encode()).digest()[:8], "big") / 2**64`.
 */
export function sessionSampleFraction(sessionId: string): number {
  const hex = runtime.sha256Hex(sessionId.toLowerCase());
  const high = Number.parseInt(hex.slice(0, 8), 16);
  const low = Number.parseInt(hex.slice(8, 16), 16);
  return (high * TWO_POW_32 + low) / (TWO_POW_32 * TWO_POW_32);
}

/**
 * Whether online evaluation samples session `sessionId` at `rate` (0 to 1): its {@link sessionSampleFraction} is
 * below the rate. Every evaluator and every process deciding at one rate picks the same sessions; a session sampled
 * at a rate is sampled at every higher rate.
 */
export function isSessionSampled(sessionId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (!(rate > 0)) return false;
  return sessionSampleFraction(sessionId) < rate;
}
