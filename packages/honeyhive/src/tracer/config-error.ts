/** Thrown by `new HoneyHiveTracer()` only with `resilience: "strict"`, for invalid configuration. */
export class HoneyHiveConfigError extends Error {
  /** Each problem found, without secret values. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`HoneyHive configuration error: ${problems.join("; ")}`);
    this.name = "HoneyHiveConfigError";
    this.problems = problems;
  }
}
