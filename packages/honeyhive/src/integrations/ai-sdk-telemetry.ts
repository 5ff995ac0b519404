/**
 * The Vercel AI SDK 7 telemetry route. `ai` 7 has no OpenTelemetry code: its calls produce spans only through a
 * telemetry *integration* registered with `registerTelemetry()` (a process-wide list, `globalThis
 * .AI_SDK_TELEMETRY_INTEGRATIONS`), such as `new OpenTelemetry()` from `@ai-sdk/otel`; registering one twice
 * doubles every span. (`ai` 5 and 6 emit their `ai.*` spans themselves: nothing to do for them.)
 *
 * - {@link registerAiSdkTelemetry} (`instrumentModules: { ai, aiSdkOtel }`) registers `@ai-sdk/otel`'s
 *   integration once per process, bound to the SDK's provider, unless one is already registered (by the app, or
 *   by another copy of this package).
 * - {@link watchAiSdkTelemetry} observes ai 7's diagnostics channel (`ai:telemetry`, published for every call whose
 *   telemetry is not disabled): the first call tells which `ai` ran and whether any integration was registered. With
 *   none, the SDK warns once (nothing of that call reaches HoneyHive) and `diagnose()` reports it
 *   ({@link aiSdkTelemetrySeen}). The channel is left after that first call, so later calls pay nothing.
 */
import type { TracerProvider } from "@opentelemetry/api";
import { AI_SDK_OTEL_SCOPE } from "@honeyhive/core/semconv/instrumentation-layer";
import { type DisposableEntry, firstTimeInProcess, sharedState } from "../internal/process-state";
import type { Logger } from "../internal/logger";
import { runtime } from "../runtime/platform";

/** ai 7's tracing channel (`AI_SDK_TELEMETRY_TRACING_CHANNEL`). */
const CHANNEL = "ai:telemetry";
/** Class names of `@ai-sdk/otel`'s integrations (an instance from another copy of the package is recognised by name). */
const OTEL_INTEGRATIONS = ["OpenTelemetry", "LegacyOpenTelemetry"];

/** What the SDK found out about ai 7's telemetry in this process. */
interface AiSdkTelemetrySeen {
  /** The `ai` version of the first call observed (`aiVersion` of its telemetry event), when one was. */
  observedVersion?: string;
  /** Integrations registered when that call ran. */
  integrationsAtCall?: number;
  /** Who registered the `@ai-sdk/otel` integration: this SDK (`instrumentModules`) or the application. */
  registeredBy?: "honeyhive" | "application";
}

interface TracingChannelLike {
  subscribe(handlers: { start: (message: unknown) => void }): void;
  unsubscribe(handlers: { start: (message: unknown) => void }): void;
}

interface WatchState extends DisposableEntry, AiSdkTelemetrySeen {}

function state(): WatchState {
  const slot = sharedState();
  slot.aiSdkTelemetry ??= { dispose: () => undefined } satisfies WatchState;
  return slot.aiSdkTelemetry as WatchState;
}

/** The integrations in ai's process-wide list (what `registerTelemetry` appended to). */
export function registeredAiSdkIntegrations(): readonly unknown[] {
  const list = (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown }).AI_SDK_TELEMETRY_INTEGRATIONS;
  return Array.isArray(list) ? list : [];
}

/** True for an `@ai-sdk/otel` integration: an instance of the given module's classes, or of another copy's (by name). */
function isOtelIntegration(value: unknown, otel: Record<string, unknown> = {}): boolean {
  if (typeof value !== "object" || value === null) return false;
  for (const name of OTEL_INTEGRATIONS) {
    const Ctor = otel[name];
    if (typeof Ctor === "function" && value instanceof Ctor) return true;
  }
  return OTEL_INTEGRATIONS.includes((value as { constructor?: { name?: string } }).constructor?.name ?? "");
}

/** How many `@ai-sdk/otel` integrations are registered (two record every span twice). */
export function otelIntegrationCount(): number {
  return registeredAiSdkIntegrations().filter((i) => isOtelIntegration(i)).length;
}

/** The fix for two `@ai-sdk/otel` integrations (warning and `diagnose()`). */
export const AI_SDK_DOUBLE_FIX = "register it once: drop your own `registerTelemetry(new OpenTelemetry())` call or `aiSdkOtel` from instrumentModules";

/** What the SDK observed about ai 7's telemetry (for `diagnose()`). */
export function aiSdkTelemetrySeen(): AiSdkTelemetrySeen {
  const { observedVersion, integrationsAtCall, registeredBy } = state();
  return { observedVersion, integrationsAtCall, registeredBy };
}

/** The fix for an ai 7 app without an integration (warning and `diagnose()`). */
export const AI_SDK_7_FIX =
  'install @ai-sdk/otel and pass both modules to HoneyHive: `import * as ai from "ai"; import * as aiSdkOtel from "@ai-sdk/otel"; ' +
  "new HoneyHiveTracer({ instrumentModules: { ai, aiSdkOtel } })` (or call `registerTelemetry(new OpenTelemetry())` yourself, once)";

/** Handles the first ai 7 call seen on the channel: records it, warns when no integration is registered. */
function onFirstCall(message: unknown, logger: Logger): void {
  const event = (message as { event?: { aiVersion?: unknown } } | undefined)?.event;
  const version = typeof event?.aiVersion === "string" ? event.aiVersion : undefined;
  const s = state();
  s.observedVersion = version ?? "7 or later";
  s.integrationsAtCall = registeredAiSdkIntegrations().length;
  const otel = otelIntegrationCount();
  if (otel > 1) logger.warn(`@ai-sdk/otel's integration is registered ${otel} times: every AI SDK span is recorded ${otel} times. To fix it, ${AI_SDK_DOUBLE_FIX}.`);
  if (s.integrationsAtCall > 0 || !firstTimeInProcess("ai-sdk-7-no-integration")) return;
  logger.warn(`ai ${s.observedVersion} ran a call with no telemetry integration registered: ai 7 records no spans without one, so its calls do not reach HoneyHive. To fix it, ${AI_SDK_7_FIX}.`);
}

/**
 * Watches ai 7's diagnostics channel until the first call (Node only; once per process). Never throws.
 */
export function watchAiSdkTelemetry(logger: Logger): void {
  const s = state();
  if (s.observedVersion !== undefined || !firstTimeInProcess("ai-sdk-telemetry-watch")) return;
  const dc = runtime.node?.loadModule("node:diagnostics_channel") as { tracingChannel?: (name: string) => TracingChannelLike } | undefined;
  const channel = dc?.tracingChannel?.(CHANNEL);
  if (!channel) return;
  const handlers = {
    start: (message: unknown): void => {
      channel.unsubscribe(handlers);
      s.dispose = () => undefined;
      try {
        onFirstCall(message, logger);
      } catch {
        // an odd message costs only the observation
      }
    },
  };
  channel.subscribe(handlers);
  s.dispose = () => channel.unsubscribe(handlers);
}

function registerWith(ai: Record<string, unknown>, otel: Record<string, unknown>, provider: TracerProvider, logger: Logger): boolean {
  const s = state();
  if (s.registeredBy !== undefined) return false; // once per process
  if (registeredAiSdkIntegrations().some((i) => isOtelIntegration(i, otel))) {
    s.registeredBy = "application";
    logger.debug("instrumentModules.aiSdkOtel: an @ai-sdk/otel integration is already registered; not registering a second (it would double every span)");
    return false;
  }
  const OpenTelemetry = otel.OpenTelemetry as new (options: { tracer: unknown }) => object;
  (ai.registerTelemetry as (...integrations: unknown[]) => void)(new OpenTelemetry({ tracer: provider.getTracer(AI_SDK_OTEL_SCOPE) }));
  s.registeredBy = "honeyhive";
  logger.debug("instrumentModules.aiSdkOtel: registered @ai-sdk/otel's OpenTelemetry integration with ai");
  return true;
}

/**
 * `instrumentModules: { ai, aiSdkOtel }`: registers `@ai-sdk/otel`'s `OpenTelemetry` integration with ai 7 (once per
 * process, skipped when one is registered already), its spans created by the SDK's provider. `ai` alone: ai 5/6
 * need nothing; ai 7 gets a warning naming the missing module. Returns true when it registered the integration.
 */
export function registerAiSdkTelemetry(ai: unknown, otel: unknown, provider: TracerProvider, logger: Logger): boolean {
  const aiModule = (typeof ai === "object" && ai !== null ? ai : {}) as Record<string, unknown>;
  const otelModule = (typeof otel === "object" && otel !== null ? otel : undefined) as Record<string, unknown> | undefined;
  const isAi7 = typeof aiModule.registerTelemetry === "function";
  if (otelModule === undefined) {
    if (isAi7) logger.warn(`instrumentModules.ai is ai 7, which records spans only through a telemetry integration: ${AI_SDK_7_FIX}`);
    else if (ai !== undefined) logger.debug("instrumentModules.ai: ai 5/6 emit their spans themselves (experimental_telemetry: { isEnabled: true })");
    return false;
  }
  if (!isAi7 || typeof otelModule.OpenTelemetry !== "function") {
    logger.warn("instrumentModules.aiSdkOtel needs instrumentModules.ai too (the `ai` 7 module, whose registerTelemetry registers the integration): `instrumentModules: { ai, aiSdkOtel }`");
    return false;
  }
  try {
    return registerWith(aiModule, otelModule, provider, logger);
  } catch (error) {
    logger.warn(`instrumentModules.aiSdkOtel: the @ai-sdk/otel integration could not be registered: ${String(error)}`);
    return false;
  }
}

