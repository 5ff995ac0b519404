import { context, createContextKey, ROOT_CONTEXT } from "@opentelemetry/api";
import { runtime } from "../runtime/platform";

const PROBE_KEY = createContextKey("honeyhive.context_probe");
/** The probe's context, made once: a context is immutable (each of evaluate()'s datapoint tracers probes). */
const PROBE = ROOT_CONTEXT.setValue(PROBE_KEY, true);

/** True when a working context manager is registered (the API's default no-op manager loses values). */
export function hasWorkingContextManager(): boolean {
  return context.with(PROBE, isProbeActive);
}

function isProbeActive(): boolean {
  return context.active().getValue(PROBE_KEY) === true;
}

/**
 * Registers an AsyncLocalStorage context manager when none is registered; an existing one (NodeSDK, Sentry,
 * @vercel/otel) is used as it is. Returns whether a working manager is in place afterwards.
 */
export function ensureContextManager(): { present: boolean; registeredByUs: boolean; followsAsync: boolean } {
  if (hasWorkingContextManager()) return { present: true, registeredByUs: false, followsAsync: true };
  const { manager, followsAsync } = runtime.createContextManager();
  manager.enable();
  const registered = context.setGlobalContextManager(manager);
  if (!registered) manager.disable();
  return { present: hasWorkingContextManager(), registeredByUs: registered, followsAsync };
}
