import type { TracerProvider } from "@opentelemetry/api";
import { getGlobalSlot } from "../internal/global-slot";
import type { Logger } from "../internal/logger";
import { loadOptional } from "./load-optional";

/** The part of an OpenTelemetry instrumentation the SDK uses. */
export interface InstrumentationLike {
  instrumentationName?: string;
  setTracerProvider?(provider: TracerProvider): void;
  enable?(): void;
  manuallyInstrument?(module: unknown): void;
}

interface Registrations {
  names: Set<string>;
  objects: WeakSet<object>;
  patchedModules: WeakSet<object>;
}

function registrations(): Registrations {
  const slot = getGlobalSlot();
  slot.instrumentations ??= new Set();
  const holder = slot as { instrumentationRegistry?: Registrations };
  holder.instrumentationRegistry ??= { names: new Set(), objects: new WeakSet(), patchedModules: new WeakSet() };
  return holder.instrumentationRegistry;
}

function nameOf(instrumentation: InstrumentationLike): string {
  return instrumentation.instrumentationName ?? instrumentation.constructor?.name ?? "unknown";
}

/**
 * Enables instrumentations once per process, bound to the SDK's provider so their spans are routed to the
 * HoneyHive tracer active in context. Registering the same instrumentation (or another of the same name)
 * again is a no-op, so there are never duplicate LLM spans. Returns how many were newly enabled.
 */
export function registerInstrumentations(list: readonly unknown[], provider: TracerProvider, logger: Logger): number {
  const registry = registrations();
  let enabled = 0;
  for (const item of list) {
    if (typeof item !== "object" || item === null) continue;
    const instrumentation = item as InstrumentationLike;
    const name = nameOf(instrumentation);
    if (registry.objects.has(instrumentation) || registry.names.has(name)) {
      logger.debug(`instrumentation ${name} already registered; skipped`);
      continue;
    }
    try {
      instrumentation.setTracerProvider?.(provider);
      instrumentation.enable?.();
      registry.objects.add(instrumentation);
      registry.names.add(name);
      enabled++;
    } catch (error) {
      logger.warn(`instrumentation ${name} could not be enabled: ${String(error)}`);
    }
  }
  return enabled;
}

/** Instrumentation packages tried for `instrumentModules` keys (first installed wins). */
const MODULE_INSTRUMENTATIONS: Readonly<Record<string, readonly [string, string][]>> = {
  openai: [["@traceloop/instrumentation-openai", "OpenAIInstrumentation"], ["@arizeai/openinference-instrumentation-openai", "OpenAIInstrumentation"]],
  anthropic: [["@traceloop/instrumentation-anthropic", "AnthropicInstrumentation"], ["@arizeai/openinference-instrumentation-anthropic", "AnthropicInstrumentation"]],
  bedrock: [["@traceloop/instrumentation-bedrock", "BedrockInstrumentation"]],
  cohere: [["@traceloop/instrumentation-cohere", "CohereInstrumentation"]],
  langchain: [["@traceloop/instrumentation-langchain", "LangChainInstrumentation"]],
};

/**
 * Patches explicitly given modules (ESM, bundlers), as the old TS SDK's `instrumentModules` did:
 * `{ openAI: OpenAI }`. Uses an installed instrumentation package for each known key; each module object is
 * patched once per process.
 */
export function instrumentModules(modules: Record<string, unknown>, provider: TracerProvider, logger: Logger): number {
  const registry = registrations();
  let patched = 0;
  for (const [key, module] of Object.entries(modules)) {
    if (typeof module !== "object" && typeof module !== "function") continue;
    if (module === null || registry.patchedModules.has(module)) continue;
    const candidates = MODULE_INSTRUMENTATIONS[key.toLowerCase().replace(/^azure/, "")] ?? [];
    const found = candidates.map(([pkg, exportName]) => (loadOptional<Record<string, unknown>>(pkg) ?? {})[exportName]).find((c) => typeof c === "function") as
      | (new () => InstrumentationLike)
      | undefined;
    if (!found) {
      logger.warn(`instrumentModules.${key}: no instrumentation package installed for it (tried ${candidates.map(([p]) => p).join(", ") || "none known"})`);
      continue;
    }
    try {
      const instrumentation = new found();
      instrumentation.setTracerProvider?.(provider);
      instrumentation.manuallyInstrument?.(module);
      registry.patchedModules.add(module);
      patched++;
    } catch (error) {
      logger.warn(`instrumentModules.${key} could not be patched: ${String(error)}`);
    }
  }
  return patched;
}

/** Enables the official HTTP (node:http/https) and undici (fetch) instrumentations once per process. */
export function enableHttpTracing(provider: TracerProvider, logger: Logger): boolean {
  const registry = registrations();
  const wanted: [string, string][] = [["@opentelemetry/instrumentation-http", "HttpInstrumentation"], ["@opentelemetry/instrumentation-undici", "UndiciInstrumentation"]];
  const list: InstrumentationLike[] = [];
  for (const [pkg, exportName] of wanted) {
    if (registry.names.has(pkg)) return true; // constructing again would patch twice
    const Ctor = (loadOptional<Record<string, unknown>>(pkg) ?? {})[exportName] as (new () => InstrumentationLike) | undefined;
    if (typeof Ctor === "function") list.push(new Ctor());
  }
  if (list.length === 0) {
    logger.warnOnce("http-tracing", "httpTracing needs @opentelemetry/instrumentation-http and/or @opentelemetry/instrumentation-undici installed");
    return false;
  }
  registerInstrumentations(list, provider, logger);
  return true;
}
