import type { ExitHooks } from "../runtime";

/**
 * Node's exit hooks: `beforeExit` (the loop is empty), `SIGTERM` (re-raised after the flush unless something else
 * listens for it then), `exit`, and crashes seen through `uncaughtExceptionMonitor` (a monitor changes nothing in how
 * Node handles the error).
 */
export function installNodeExitHooks(hooks: ExitHooks): (() => void) | undefined {
  if (typeof process === "undefined" || typeof process.once !== "function") return undefined;
  // Registered with `on`, not `once`: while the SDK's listener is still there, any other listener is the
  // application's (with `once` Node removed it before it ran, one app handler looked like none, the SDK re-raised the
  // signal and that handler ran twice).
  const othersListen = (): boolean => process.listeners("SIGTERM").some((listener) => listener !== onSignal);
  const onSignal = (signal: NodeJS.Signals): void => {
    hooks.signal("SIGTERM", () => {
      if (othersListen()) return; // never re-raise a signal the application listens for
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal); // no listener left: Node's default, the process ends by the signal
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
  process.on("SIGTERM", onSignal);
  return () => {
    process.removeListener("beforeExit", onBeforeExit);
    process.removeListener("exit", onExit);
    process.removeListener("uncaughtExceptionMonitor", onUncaught);
    process.removeListener("SIGTERM", onSignal);
  };
}
