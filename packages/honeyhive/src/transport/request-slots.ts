/**
 * How many of the SDK's requests a fetch it does not own (a custom `fetch`, the platform's) is given at once per origin
 * and lane (decision record 0043). Such a fetch gives no signal when a request is handed a connection, so the SDK keeps
 * its own queue in front of it: a request takes a slot first and its timeout starts then, with at most
 * {@link POOL_CONNECTIONS} of the lane's requests in the fetch at once. The platform's fetch (undici on Node) opens a
 * connection for each request it is given, so a request with a slot does not wait for one. A request waiting for a
 * slot is bounded by the requests ahead of it (each bounded by its own timeout) and stops with its call (its caller's
 * signal, its backend's breaker opening), which then never reaches the fetch.
 */
import { type ConnectionPool, POOL_CONNECTIONS } from "../runtime/connection-pools";
import type { RequestStop } from "../runtime/fetch-like";
import { registerModuleCache } from "../internal/process-state";
import { stopError } from "./bounded-exchange";

/** A request waiting for a slot: its turn, and the removal of its stop hook. */
interface Waiter {
  readonly take: () => void;
  unhook: (() => void) | undefined;
}

/** The slots of one origin and lane (see the module comment). */
export class RequestSlots {
  #busy = 0;
  /** Waiting requests in arrival order (a Set: a stopped one leaves in O(1)). */
  readonly #waiting = new Set<Waiter>();

  constructor(readonly limit: number) {}

  /** Requests holding a slot now. */
  get busy(): number {
    return this.#busy;
  }

  /** Requests waiting for a slot now. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /**
   * Resolves with the slot's release once the request has one; rejects with the stop's reason when the call stops
   * first (the request must then not be sent).
   */
  take(stop?: RequestStop): Promise<() => void> {
    if (this.#busy < this.limit && this.#waiting.size === 0) {
      this.#busy++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { take: () => resolve(this.#releaser()), unhook: undefined };
      this.#waiting.add(waiter);
      waiter.unhook = stop?.whenStopped((reason) => {
        if (this.#waiting.delete(waiter)) reject(stopError(reason));
      });
    });
  }

  /** A release that frees the slot once, handing it to the first waiting request. */
  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.values().next();
      if (next.done === true) return void this.#busy--;
      this.#waiting.delete(next.value);
      next.value.unhook?.();
      next.value.take();
    };
  }
}

const slotsByOrigin = new Map<string, RequestSlots>();
registerModuleCache("transport/request-slots", { clear: () => slotsByOrigin.clear(), size: () => slotsByOrigin.size });

/** The origin of an absolute URL (scheme, host and port), or the URL itself when it has none. */
function originOf(url: string): string {
  const slashes = url.indexOf("//");
  const end = url.indexOf("/", slashes < 0 ? 0 : slashes + 2);
  return end < 0 ? url : url.slice(0, end);
}

/** The slots of `url`'s origin in `pool`'s lane (made on first use, kept for the process). */
export function requestSlotsFor(url: string, pool: ConnectionPool): RequestSlots {
  const key = `${pool} ${originOf(url)}`;
  let slots = slotsByOrigin.get(key);
  if (slots === undefined) slotsByOrigin.set(key, (slots = new RequestSlots(POOL_CONNECTIONS[pool])));
  return slots;
}
