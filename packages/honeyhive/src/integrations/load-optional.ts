import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * Loads an optional package from the application's own dependencies (resolved from the working
 * directory, then from the SDK), or returns undefined when it is not installed.
 */
export function loadOptional<T = unknown>(name: string): T | undefined {
  for (const base of [join(process.cwd(), "noop.js"), __sdkAnchor()]) {
    try {
      return createRequire(base)(name) as T;
    } catch {
      // try the next base
    }
  }
  return undefined;
}

function __sdkAnchor(): string {
  return typeof __filename === "string" ? __filename : join(process.cwd(), "noop.js");
}
