/**
 * A run's cancellation as its datapoints hear it: one listener on the run's signal calls those of the datapoints in
 * flight, instead of each datapoint adding and removing a listener of its own on the run's signal.
 */
export class RunAbort {
  readonly #listeners = new Set<() => void>();

  /** @param signal - the run's signal (aborted when the run is cancelled). */
  constructor(readonly signal: AbortSignal) {
    if (!signal.aborted) signal.addEventListener("abort", () => this.#notify(), { once: true });
  }

  /** Calls `listener` once when the run is cancelled (from now on); returns its removal. */
  listen(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #notify(): void {
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) listener();
  }
}

/**
 * `": <reason>"` when the run's signal was aborted with a reason of the caller's (`controller.abort(new Error("user
 * cancelled"))` or a string), else `""` (a plain `abort()`, Ctrl-C): what cancellation messages add to "cancelled".
 */
export function cancellationReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== "AbortError" && reason.message !== "") return `: ${reason.message}`;
  if (typeof reason === "string" && reason.trim() !== "") return `: ${reason}`;
  return "";
}
