import type { ExitSignal } from "../runtime/runtime";

/** A run a termination signal cancels: `cancel` aborts it; `over` settles once the run is closed (its end was called). */
interface CancellableRun {
  cancel(signal: ExitSignal): void;
  readonly over: Promise<void>;
}

/**
 * The evaluate() runs in progress in this process, which a termination signal the application does not handle
 * cancels (the exit hooks of `live-tracers.ts`), and the SIGINT listening they need: the exit hooks listen for SIGINT
 * only while something holds it (a run in progress, or a signal's cancellation of runs); otherwise Ctrl-C keeps
 * Node's default and ends the process at once. Nothing here throws.
 */
export class SignalCancellableRuns {
  readonly #runs = new Set<CancellableRun>();
  #sigintHolds = 0;
  #listenSigint: (listen: boolean) => void = () => undefined;

  /** Runs in progress. */
  get size(): number {
    return this.#runs.size;
  }

  /** Sets how to switch the SIGINT listener on and off (the installed exit hooks'), and switches it as the holds say. */
  useSigintSwitch(listenSigint: (listen: boolean) => void): void {
    this.#listenSigint = listenSigint;
    this.#switchSigint(this.#sigintHolds > 0);
  }

  /** Adds a run in progress; returns its end, to call once the run is over (idempotent). */
  add(cancel: (signal: ExitSignal) => void): () => void {
    let settle: () => void = () => undefined;
    const run: CancellableRun = { cancel, over: new Promise<void>((resolve) => (settle = resolve)) };
    this.#runs.add(run);
    const releaseSigint = this.holdSigint();
    return () => {
      if (!this.#runs.delete(run)) return;
      releaseSigint();
      settle();
    };
  }

  /** Cancels every run in progress; resolves once all of them are over. Never rejects. */
  cancelAll(signal: ExitSignal): Promise<void> {
    const runs = [...this.#runs];
    for (const run of runs) {
      try {
        run.cancel(signal);
      } catch {
        // nothing may throw at exit
      }
    }
    return Promise.all(runs.map((run) => run.over)).then(() => undefined);
  }

  /** Keeps the SIGINT listener until the returned release is called (holds are counted; the release is idempotent). */
  holdSigint(): () => void {
    if (this.#sigintHolds++ === 0) this.#switchSigint(true);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#sigintHolds === 0) this.#switchSigint(false);
    };
  }

  /** Forgets every run and hold (the process state reset); the listener is removed by the hooks' undo. */
  clear(): void {
    this.#runs.clear();
    this.#sigintHolds = 0;
    this.#listenSigint = () => undefined;
  }

  #switchSigint(listen: boolean): void {
    try {
      this.#listenSigint(listen);
    } catch {
      // never throw into the caller (evaluate(), or the exit hooks)
    }
  }
}
