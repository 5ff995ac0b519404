const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Which limit stopped judging. */
export type BudgetLimit = "callsPerMinute" | "costPerDayUsd";

/**
 * Online evaluation's budget: evaluator calls per minute (fixed one-minute windows) and evaluation cost per UTC day.
 * {@link take} asks for one call; a refused call is not made.
 */
export class OnlineBudget {
  #minute = -1;
  #calls = 0;
  #day = -1;
  #cost = 0;

  constructor(
    private readonly callsPerMinute: number,
    private readonly costPerDayUsd: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one call from the budget; returns the limit reached instead when there is none left. */
  take(): BudgetLimit | undefined {
    const now = this.now();
    this.#roll(now);
    if (this.#cost >= this.costPerDayUsd) return "costPerDayUsd";
    if (this.#calls >= this.callsPerMinute) return "callsPerMinute";
    this.#calls++;
    return undefined;
  }

  /** Adds the cost (US dollars) of a judge's model call. */
  addCost(usd: number): void {
    if (!(usd > 0) || !Number.isFinite(usd)) return;
    this.#roll(this.now());
    this.#cost += usd;
  }

  /** Evaluation cost counted today (UTC), US dollars. */
  get costToday(): number {
    return this.#cost;
  }

  #roll(now: number): void {
    const minute = Math.floor(now / MINUTE_MS);
    if (minute !== this.#minute) {
      this.#minute = minute;
      this.#calls = 0;
    }
    const day = Math.floor(now / DAY_MS);
    if (day !== this.#day) {
      this.#day = day;
      this.#cost = 0;
    }
  }
}
