import { guard } from "../internal/guard";

/**
 * Thrown only with `resilience: "strict"`, for invalid configuration: by `new HoneyHiveTracer()`, and where `trace()` or
 * the old `traceFunction` helpers are given an unknown option or an option of the wrong type while the tracer they
 * find is strict.
 */
export class HoneyHiveConfigError extends Error {
  /** Each problem found, without secret values. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const list = guard(() => Array.from(problems, (p) => String(p)), [] as string[]);
    super(`HoneyHive configuration error: ${list.join("; ")}`);
    this.name = "HoneyHiveConfigError";
    this.problems = list;
  }
}
