import { noteInternalError } from "./guard";

/**
 * Runs a function that must not break the caller (a user hook, a telemetry step) and returns
 * `fallback` if it throws. Used wherever telemetry code could otherwise throw into user code.
 */
export function safeInvoke<T>(fn: () => T, fallback: T, onError?: (error: unknown) => void): T {
  try {
    return fn();
  } catch (error) {
    noteInternalError(error);
    if (onError) {
      try {
        onError(error);
      } catch (error) {
        noteInternalError(error); // the error reporter itself failed; nothing more to do
      }
    }
    return fallback;
  }
}

/** Describes an unknown thrown value as a short string without ever throwing. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return String(error);
  } catch {
    return "unknown error";
  }
}
