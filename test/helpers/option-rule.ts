/**
 * The unknown-option rule in tests: run code in strict mode (`HH_RESILIENCE=strict`), or collect what the SDK's own
 * logger warned meanwhile (warnings of calls that find no tracer go there).
 */
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";

/** Runs `fn` with `HH_RESILIENCE=strict` (restored after, even when it throws or rejects). */
export async function inStrictMode<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = process.env.HH_RESILIENCE;
  process.env.HH_RESILIENCE = "strict";
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.HH_RESILIENCE;
    else process.env.HH_RESILIENCE = before;
  }
}

/**
 * Runs `fn` and returns what it returned with the SDK logger's warnings meanwhile. Each warning is said once per
 * process: a test gives a typo no other test in its file gives.
 */
export async function sdkWarnings<T>(fn: () => T | Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const logs = captureSdkLogs();
  try {
    const value = await fn();
    return { value, warnings: logs.lines.filter((l) => l.level === "warn").map((l) => l.message) };
  } finally {
    logs.restore();
  }
}
