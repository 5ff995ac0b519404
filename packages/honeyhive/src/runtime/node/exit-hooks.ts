import type { ExitHooks, ExitSignal, InstalledExitHooks } from "../runtime";

/** One listener of the hooks for a termination signal, and whether to listen. */
interface SignalListener {
  listen(on: boolean): void;
}

/**
 * The hooks' one listener for `name`. Registered with `on`, not `once`: while the SDK's listener is still there, any
 * other listener is the application's (with `once` Node removed it before it ran, one app handler looked like none,
 * the SDK re-raised the signal and that handler ran twice). One listener per signal: two SDK listeners would each take
 * the other for the application's, and neither would re-raise. When a signal finds another listener, the SDK's is
 * removed for good (later signals are the application's alone; the `beforeExit` and `exit` hooks remain).
 */
function signalListener(name: ExitSignal, hooks: ExitHooks): SignalListener {
  const othersListen = (): boolean => process.listeners(name).some((listener) => listener !== onSignal);
  const rethrow = (): void => {
    if (othersListen()) return; // never re-raise a signal the application listens for
    process.removeListener(name, onSignal);
    process.kill(process.pid, name); // no listener left: Node's default, the process ends by the signal
  };
  const onSignal = (): void => {
    // With another listener there (the application's, or a library's that ends the process only when it is the last
    // listener left, as the OpenAI Agents SDK's does), the SDK steps aside at once: such a library then finds itself
    // alone and ends the process, instead of each waiting for the other. The SDK's flush still runs (bounded).
    if (othersListen()) process.removeListener(name, onSignal);
    hooks.signal(name, rethrow, othersListen);
  };
  return {
    listen: (on) => {
      const listening = process.listeners(name).includes(onSignal);
      if (on && !listening) process.on(name, onSignal);
      else if (!on && listening) process.removeListener(name, onSignal);
    },
  };
}

/**
 * Node's exit hooks: `beforeExit` (the loop is empty), `SIGTERM` (re-raised after the flush unless something else
 * listens for it then), `SIGINT` the same way but only while {@link InstalledExitHooks.listenSigint} asks for it
 * (otherwise Ctrl-C keeps Node's default: the process ends at once), `exit`, and crashes seen through
 * `uncaughtExceptionMonitor` (a monitor changes nothing in how Node handles the error).
 */
export function installNodeExitHooks(hooks: ExitHooks): InstalledExitHooks | undefined {
  if (typeof process === "undefined" || typeof process.once !== "function") return undefined;
  const sigterm = signalListener("SIGTERM", hooks);
  const sigint = signalListener("SIGINT", hooks);
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
  sigterm.listen(true);
  return {
    undo: () => {
      process.removeListener("beforeExit", onBeforeExit);
      process.removeListener("exit", onExit);
      process.removeListener("uncaughtExceptionMonitor", onUncaught);
      sigterm.listen(false);
      sigint.listen(false);
    },
    listenSigint: (listen) => sigint.listen(listen),
  };
}
