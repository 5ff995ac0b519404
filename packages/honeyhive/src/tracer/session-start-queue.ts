import { PIPELINED_IN_FLIGHT, POOL_CONNECTIONS } from "../runtime/connection-pools";
import { hasRequestScopedIo } from "../runtime/detect-host";
import { runtime } from "../runtime/platform";
import type { CallStop } from "../internal/call-stop";

/** A session start waiting for its turn: its session, how it is sent, and the removal of its stop's hook. */
interface QueuedStart {
  readonly sessionId: string;
  readonly go: () => void;
  unhook: (() => void) | undefined;
}

/**
 * How many session starts one client hands its transport at once: as many as the transport answers at once per
 * origin (`runtime/connection-pools.ts`): the pipelined sockets' requests in flight, else the API lane's connections.
 * No limit where I/O is request-scoped (workerd, Edge): a waiting start would be sent from another start's answer,
 * that is inside the request that sent that one, and cancelled when that request ends.
 */
export function sessionStartWindow(pipelined: boolean, requestScopedIo = hasRequestScopedIo(runtime.host)): number {
  if (requestScopedIo) return Number.POSITIVE_INFINITY;
  return pipelined ? PIPELINED_IN_FLIGHT : POOL_CONNECTIONS.api;
}

/**
 * The session starts of one client on their way to the transport: at most `window` are being sent at once, the rest
 * wait here in the order they were started. Handed to the transport all at once, thousands of per-request session
 * starts would wait in its queue in arrival order, and every other request of the lane (session updates, online
 * evaluation's scores) behind them; here they wait in front of it instead, so the transport's queue stays short, and a
 * start that a write is waiting for ({@link hurry}) goes next, ahead of the other waiting starts. No start is sent
 * twice or left out: each is sent once, in its turn, or at once when its request is aborted while it waits (the
 * aborted request fails without being sent and is counted by its caller). Bounded by the client's
 * `MAX_PENDING_SESSION_STARTS`: every waiting start is one of its pending starts.
 */
export class SessionStartQueue {
  #sending = 0;
  /** Starts a write waits for, in the order they were hurried; then the others, in the order they were started. */
  readonly #hurried = new Set<QueuedStart>();
  readonly #waiting = new Set<QueuedStart>();
  /** The latest waiting start of each session (what {@link hurry} finds). */
  readonly #bySession = new Map<string, QueuedStart>();

  constructor(readonly window: number) {}

  /** Starts waiting for their turn now. */
  get waiting(): number {
    return this.#hurried.size + this.#waiting.size;
  }

  /**
   * Sends a start through `send` now when fewer than `window` are being sent, else in its turn; resolves as `send`'s
   * promise does. When its stop fires while it waits, it is sent at once (its request then fails without being sent).
   */
  run<T>(sessionId: string, send: () => Promise<T>, stop: CallStop): Promise<T> {
    if (this.#sending < this.window && this.waiting === 0) return this.#send(send);
    return new Promise<T>((resolve) => {
      const start: QueuedStart = { sessionId, go: () => resolve(this.#send(send)), unhook: undefined };
      this.#waiting.add(start);
      this.#bySession.set(sessionId, start);
      const aborted = (): void => {
        if (!this.#leave(start)) return;
        resolve(called(send)); // not counted in the window: the aborted request ends without being sent
      };
      start.unhook = stop.whenStopped(aborted);
    });
  }

  /** A write waits for `sessionId`'s start: when it is still waiting here, it goes next. True when it was waiting. */
  hurry(sessionId: string): boolean {
    const start = this.#bySession.get(sessionId);
    if (start === undefined || !this.#waiting.delete(start)) return false;
    this.#hurried.add(start);
    return true;
  }

  #send<T>(send: () => Promise<T>): Promise<T> {
    this.#sending++;
    const sent = called(send);
    const done = (): void => {
      this.#sending--;
      this.#next();
    };
    sent.then(done, done);
    return sent;
  }

  /** Hands the freed room to the next waiting starts (the hurried ones first). */
  #next(): void {
    while (this.#sending < this.window) {
      const start = first(this.#hurried) ?? first(this.#waiting);
      if (start === undefined) return;
      this.#leave(start);
      start.go();
    }
  }

  /** Takes `start` out of the queue; false when it had left already. */
  #leave(start: QueuedStart): boolean {
    if (!this.#hurried.delete(start) && !this.#waiting.delete(start)) return false;
    if (this.#bySession.get(start.sessionId) === start) this.#bySession.delete(start.sessionId);
    start.unhook?.();
    return true;
  }
}

/** `send`'s promise (a synchronous throw as a rejection). */
function called<T>(send: () => Promise<T>): Promise<T> {
  try {
    return send();
  } catch (error) {
    return Promise.reject(error);
  }
}

function first<T>(set: Set<T>): T | undefined {
  return set.values().next().value;
}
