/** Counts the requests a server is handling, so a graceful close can wait until none is left. */
export class InFlightRequests {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  /** Requests currently being handled. */
  get count(): number {
    return this.inFlight;
  }

  /** A request arrived. */
  enter(): void {
    this.inFlight += 1;
  }

  /** A request was answered; wakes the waiters when none is left. */
  settle(): void {
    this.inFlight -= 1;
    if (this.inFlight !== 0) return;
    const current = this.waiters;
    this.waiters = [];
    for (const resolve of current) resolve();
  }

  /** Resolves when no request is in flight. */
  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}
