/**
 * Which layer of an application an instrumentation scope reports: a **framework** (LangChain/LangGraph, LlamaIndex,
 * the OpenAI Agents SDK, the Vercel AI SDK, Mastra: the span of a call as the application made it, inside the
 * framework's own runs) or a **client library** (the `openai`, `@anthropic-ai/sdk`, `@google/genai`, … clients: the
 * HTTP request the framework's call became). The one classification, by instrumentation scope name; read by the
 * sibling rule (`sibling-call.ts`, decision record 0009) to keep a framework's report of a call over a client
 * instrumentation's when their trees cannot tell them apart. A scope not classified here has no layer (undefined).
 *
 * Known scopes, as the stacks and captured fixtures record them (test/frameworks/stacks, test/fixtures/genai):
 * - the instrumentation packages of OpenInference (`@arizeai/openinference-instrumentation-<library>`) and OpenLLMetry
 *   (`@traceloop/instrumentation-<library>`), whose scope is the package name, by the library they instrument
 *   ({@link LIBRARY_LAYERS});
 * - frameworks' own telemetry: the Vercel AI SDK 5/6 (`ai`), `@ai-sdk/otel` as the SDK registers it for ai 7
 *   (`gen_ai`), Mastra's bridge and exporter ({@link MASTRA_SCOPE}), Genkit's (`genkit-tracer`);
 * - clients' own telemetry: `@anthropic-ai/sdk`'s built-in spans (`com.anthropic.sdk.typescript`) and the SDK's own
 *   `@google/genai`, `@aws-sdk/client-bedrock-runtime`, `cohere-ai`, `@mistralai/mistralai` and `@google-cloud/vertexai`
 *   instrumentations ({@link GOOGLE_GENAI_SCOPE}, {@link BEDROCK_SCOPE}, {@link COHERE_SCOPE}, {@link MISTRAL_SCOPE},
 *   {@link VERTEXAI_SCOPE}).
 * Pure.
 */
import { MASTRA_SCOPE } from "./event-type";

export type InstrumentationLayer = "framework" | "client";

/** The instrumentation scope of the SDK's own `@google/genai` client instrumentation (decision record 0008). */
export const GOOGLE_GENAI_SCOPE = "honeyhive.google-genai";
/** The instrumentation scope of the SDK's own `@aws-sdk/client-bedrock-runtime` client instrumentation (decision record 0047). */
export const BEDROCK_SCOPE = "honeyhive.bedrock-runtime";
/** The instrumentation scope of the SDK's own `cohere-ai` client instrumentation (decision record 0060). */
export const COHERE_SCOPE = "honeyhive.cohere";
/** The instrumentation scope of the SDK's own `@mistralai/mistralai` client instrumentation (decision record 0060). */
export const MISTRAL_SCOPE = "honeyhive.mistral";
/** The instrumentation scope of the SDK's own `@google-cloud/vertexai` client instrumentation (decision record 0060). */
export const VERTEXAI_SCOPE = "honeyhive.vertexai";
/** The tracer name the SDK gives `@ai-sdk/otel`'s integration for the Vercel AI SDK 7 (`integrations/ai-sdk-telemetry.ts`). */
export const AI_SDK_OTEL_SCOPE = "gen_ai";

/** The instrumentation packages of OpenInference and OpenLLMetry: their scope is their package name. */
const INSTRUMENTATION_PACKAGE = /^(?:@arizeai\/openinference-instrumentation-|@traceloop\/instrumentation-)([a-z0-9-]+)$/;

/** The layer of each library an instrumentation package instruments (the package name's suffix). */
const LIBRARY_LAYERS: ReadonlyMap<string, InstrumentationLayer> = new Map([
  ...["langchain", "openai-agents", "llamaindex", "beeai"].map((library) => [library, "framework"] as const),
  ...["openai", "anthropic", "bedrock", "cohere", "vertexai", "google-genai", "together", "mistralai", "groq"].map((library) => [library, "client"] as const),
]);

/** Scopes of a framework's or a client's own telemetry. */
const SCOPE_LAYERS: ReadonlyMap<string, InstrumentationLayer> = new Map([
  ["ai", "framework"], [AI_SDK_OTEL_SCOPE, "framework"], ["genkit-tracer", "framework"],
  ["com.anthropic.sdk.typescript", "client"], [GOOGLE_GENAI_SCOPE, "client"], [BEDROCK_SCOPE, "client"],
  [COHERE_SCOPE, "client"], [MISTRAL_SCOPE, "client"], [VERTEXAI_SCOPE, "client"],
]);

/** The layer an instrumentation scope reports (see the module's comment); undefined for a scope not classified. */
export function instrumentationLayer(scope: string): InstrumentationLayer | undefined {
  const own = SCOPE_LAYERS.get(scope);
  if (own !== undefined) return own;
  if (MASTRA_SCOPE.test(scope)) return "framework";
  const library = INSTRUMENTATION_PACKAGE.exec(scope)?.[1];
  return library === undefined ? undefined : LIBRARY_LAYERS.get(library);
}
