/**
 * When an idle keep-alive socket may no longer be written to: one rule for both of the SDK's Node clients (the
 * node:http pools of `http-fetch.ts` and the pipelined sockets of `pipelined-connection.ts`). A server closes an idle
 * socket after its own timeout; a request written as it does meets a reset, and a POST (a run's creation, a session
 * start) is then retried or lost, as it may not be repeated once it may have reached the server. So the client closes
 * the socket first: a second before the server's `Keep-Alive: timeout=` hint says it will, never later than
 * {@link IDLE_SOCKET_TIMEOUT_MS}, and at once, before a write, when a busy event loop let the limit pass unseen.
 */

/**
 * How long a keep-alive socket may sit idle when the server gives no usable hint, and at most with one: undici's
 * default, below the idle timeouts of common servers and load balancers that send no hint.
 */
export const IDLE_SOCKET_TIMEOUT_MS = 4000;

/** What a server's hint loses: a request written just before the limit still reaches a server whose timer has not run. */
const HINT_MARGIN_MS = 1000;

/** How long before its idle limit a socket counts as overdue, checked before a write (see {@link isIdleOverdue}). */
export const OVERDUE_MARGIN_MS = 500;

/** The `timeout` parameter of a `Keep-Alive` header (seconds, in any position, a decimal fraction allowed). */
const TIMEOUT_PARAMETER = /(?:^|,)\s*timeout\s*=\s*(\d+(?:\.\d+)?)\s*(?:,|$)/i;

/** The last header read and its limit: a server sends the same hint on every answer, read once. */
let lastHint: string | undefined;
let lastLimitMs = IDLE_SOCKET_TIMEOUT_MS;

/**
 * A socket's idle limit (ms) after an answer whose `Keep-Alive` header is `keepAlive`: the hint less a second, at most
 * {@link IDLE_SOCKET_TIMEOUT_MS}; 0 (not to be reused once idle) when the hint leaves nothing; the default when there
 * is no hint or it cannot be read (negative, garbage). Allocates nothing for the header it read last.
 */
export function idleLimitOf(keepAlive: string | null | undefined): number {
  if (keepAlive === undefined || keepAlive === null || keepAlive === "") return IDLE_SOCKET_TIMEOUT_MS;
  if (keepAlive !== lastHint) {
    lastLimitMs = limitOfHint(keepAlive);
    lastHint = keepAlive;
  }
  return lastLimitMs;
}

function limitOfHint(keepAlive: string): number {
  const seconds = TIMEOUT_PARAMETER.exec(keepAlive)?.[1];
  if (seconds === undefined) return IDLE_SOCKET_TIMEOUT_MS;
  const limitMs = Math.floor(Number(seconds) * 1000) - HINT_MARGIN_MS; // Infinity for a huge value: the default below
  return limitMs > 0 ? Math.min(limitMs, IDLE_SOCKET_TIMEOUT_MS) : 0;
}

/**
 * True when a socket idle for `idleMs` with idle limit `limitMs` is to be closed rather than written to: its limit is
 * less than {@link OVERDUE_MARGIN_MS} away (the time the request takes to reach the server), or past.
 */
export function isIdleOverdue(idleMs: number, limitMs: number): boolean {
  return idleMs >= limitMs - OVERDUE_MARGIN_MS;
}
