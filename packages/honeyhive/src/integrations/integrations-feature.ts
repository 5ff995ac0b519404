/**
 * The provider integrations as the tracer knows them (`seam/tracer-feature.ts`): activation's process-wide step
 * registers the instrumentations the options name (`instrumentations`, `instrumentModules`, `httpTracing`), binds
 * LangChain's callback queue to each caller's context and watches the AI SDK 7's telemetry channel.
 */
import { firstTimeInProcess } from "../internal/process-state";
import type { TracerFeature } from "../seam/tracer-feature";
import { watchAiSdkTelemetry } from "./ai-sdk-telemetry";
import { enableHttpTracing } from "./http-tracing";
import { bindLangChainCallbackQueue } from "./langchain-callback-queue";
import { instrumentModules, registerInstrumentations } from "./register-instrumentations";

/** The provider integrations (see the module comment). */
export const integrationsFeature: TracerFeature = {
  name: "integrations",
  activate({ options, config, provider, logger }) {
    if (options.instrumentations?.length) registerInstrumentations(options.instrumentations, provider, logger);
    if (options.instrumentModules) instrumentModules(options.instrumentModules, provider, logger);
    if (config.httpTracing) enableHttpTracing(provider, logger);
    if (firstTimeInProcess("langchain-callback-queue")) bindLangChainCallbackQueue(logger); // each queued callback in its caller's context
    watchAiSdkTelemetry(logger); // ai 7 without a telemetry integration records nothing: say so once
  },
};
