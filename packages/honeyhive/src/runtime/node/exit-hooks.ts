import type { ExitHooks } from "../runtime";

/** Node's exit hooks: `beforeExit` (the loop is empty) and `SIGTERM` (re-raised after the flush unless the application listens too). */
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
  process.on("beforeExit", onBeforeExit);
  process.on("exit", onExit);
  process.once("SIGTERM", onSignal);
  return () => {
    process.removeListener("beforeExit", onBeforeExit);
    process.removeListener("exit", onExit);
    process.removeListener("SIGTERM", onSignal);
  };
}
