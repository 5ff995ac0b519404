/**
 * Keeps the Node process alive while a promise the user awaits is pending. The SDK's sockets and timers are
 * unref'ed so that tracing never holds a finished program open; a promise the user awaits (shutdown, an API call,
 * an awaited enrichSession: {@link holdWhileAwaited}) must still hold the event loop, or Node exits in the middle of
 * the user's `await`.
 * One ref'ed timer is shared by every pending hold; it is cleared when the last one settles. The promises held
 * here all settle in bounded time (their own timeouts), so a hold never keeps a program alive forever.
 */
let pending = 0;
/**
 * The shared keep-alive timer. Where timers can be ref'ed (Node, Bun) it is made once and ref'ed while a hold is
 * pending, unref'ed (never cleared) when none is: toggling costs far less than making and clearing a timer per hold,
 * and `evaluate()` holds once per datapoint. Elsewhere it is made and cleared.
 */
let timer: ReturnType<typeof setInterval> | undefined;

/** A timer that can be told whether it keeps the process alive. */
interface RefTimer {
  ref(): void;
  unref(): void;
}

function refTimer(value: unknown): RefTimer | undefined {
  const candidate = value as Partial<RefTimer> | undefined;
  return typeof candidate?.ref === "function" && typeof candidate.unref === "function" ? (candidate as RefTimer) : undefined;
}

function hold(): void {
  const reusable = refTimer(timer);
  if (reusable) reusable.ref();
  else if (timer === undefined && typeof setInterval === "function") timer = setInterval(() => undefined, 1 << 30); // none where a runtime has no timers
}

function release(): void {
  pending -= 1;
  if (pending !== 0 || timer === undefined) return;
  const reusable = refTimer(timer);
  if (reusable) reusable.unref();
  else {
    clearInterval(timer);
    timer = undefined;
  }
}

/** Returns `promise` unchanged in value; the process stays alive until it settles. */
export function holdProcessUntilSettled<T>(promise: Promise<T>): Promise<T> {
  pending += 1;
  if (pending === 1) hold();
  return promise.finally(release);
}

/**
 * A promise that holds the process (as {@link holdProcessUntilSettled}) only once someone awaits it or attaches a
 * handler: `await`, `.then`/`.catch`/`.finally` and `Promise.all` all call its `then`, which starts the hold. A
 * promise nobody awaits (`void enrichSession(…)`) is background work: it never keeps a finished program alive (the
 * exit flush waits for it within its budget). Derived promises are plain promises.
 */
class HoldWhenAwaited<T> extends Promise<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  #source: Promise<T> | undefined;

  constructor(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void) {
    super(executor);
  }

  static wrap<T>(source: Promise<T>): HoldWhenAwaited<T> {
    const held = new HoldWhenAwaited<T>((resolve, reject) => source.then(resolve, reject));
    held.#source = source;
    return held;
  }

  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const source = this.#source;
    if (source !== undefined) {
      this.#source = undefined; // one hold, however many handlers
      holdProcessUntilSettled(source).catch(() => undefined);
    }
    return super.then(onFulfilled, onRejected);
  }
}

/** Returns a promise settling like `promise` that keeps the process alive only while someone awaits it. */
export function holdWhileAwaited<T>(promise: Promise<T>): Promise<T> {
  return HoldWhenAwaited.wrap(promise);
}
