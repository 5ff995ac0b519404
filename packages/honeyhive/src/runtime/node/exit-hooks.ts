import type { ExitHooks } from "../runtime";

/**
 * Node's exit hooks: `beforeExit` (the loop is empty), `SIGTERM` (re-raised after the flush unless the application
 * listens too), `exit`, and crashes seen through `uncaughtExceptionMonitor` (a monitor changes nothing in how Node
 * handles the error).
 */
export function installNodeExitHooks(hooks: ExitHooks): (() => void) | undefined {
  if (typeof process === "undefined" || typeof process.once !== "function") return undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    const othersListen = process.listenerCount(signal) > 1;
    hooks.signal("SIGTERM", () => {
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    }, othersListen);
  };
  const onBeforeExit = (): void => hooks.beforeExit();
  const onExit = (): void => hooks.exit();
  const onUncaught = (): void => {
    // With an `uncaughtException` listener (or a capture callback, domains) the application handles the error and the
    // process goes on.
    const captured = typeof process.hasUncaughtExceptionCaptureCallback === "function" && process.hasUncaughtExceptionCaptureCallback();
    if (process.listenerCount("uncaughtException") === 0 && !captured) hooks.crash();
  };
  process.on("beforeExit", onBeforeExit);
  process.on("exit", onExit);
  process.on("uncaughtExceptionMonitor", onUncaught);
  process.once("SIGTERM", onSignal);
  return () => {
    process.removeListener("beforeExit", onBeforeExit);
    process.removeListener("exit", onExit);
    process.removeListener("uncaughtExceptionMonitor", onUncaught);
    process.removeListener("SIGTERM", onSignal);
  };
}
