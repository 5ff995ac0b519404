/**
 * The `instrumentModules` keys the SDK sets up itself rather than through an instrumentation package: the Vercel AI
 * SDK 7 telemetry integration (`ai`, `aiSdkOtel`), its own instrumentations of Google GenAI (`googleGenAI`), Bedrock
 * Runtime (`bedrock`), MCP (`mcp`), Cohere (`cohere`), Mistral (`mistral`) and Vertex AI (`vertexAI`), and Genkit's time
 * to first token (`genkit`).
 */
import type { TracerProvider } from "@opentelemetry/api";
import type { Logger } from "../internal/logger";
import { registerAiSdkTelemetry } from "./ai-sdk-telemetry";
import { instrumentGoogleGenAI } from "./google-genai";
import { instrumentBedrockRuntime } from "./bedrock-runtime";
import { instrumentMcp } from "./mcp";
import { instrumentCohere } from "./cohere";
import { instrumentMistral } from "./mistral";
import { instrumentVertexAI } from "./vertexai";
import { instrumentGenkit } from "./genkit";

/** `instrumentModules` keys set up by the SDK itself, as documented. */
export const OWN_SETUPS = ["ai", "aiSdkOtel", "googleGenAI", "bedrock", "mcp", "cohere", "mistral", "vertexAI", "genkit"];
/** {@link OWN_SETUPS} lowercased (keys are matched case-insensitively). */
export const OWN_SETUP_KEYS = new Set(OWN_SETUPS.map((key) => key.toLowerCase()));

/** The module given under `key`, matched case-insensitively. */
function moduleAt(modules: Record<string, unknown>, key: string): unknown {
  return Object.entries(modules).find(([k]) => k.toLowerCase() === key)?.[1];
}

/** Sets up the keys of {@link OWN_SETUPS} found in `modules`. Returns how many were newly set up. */
export function ownSetups(modules: Record<string, unknown>, provider: TracerProvider, logger: Logger): number {
  let done = 0;
  const ai = moduleAt(modules, "ai");
  const otel = moduleAt(modules, "aisdkotel");
  if ((ai !== undefined || otel !== undefined) && registerAiSdkTelemetry(ai, otel, provider, logger)) done++;
  const google = moduleAt(modules, "googlegenai");
  if (google !== undefined && instrumentGoogleGenAI(google, provider, logger)) done++;
  const bedrock = moduleAt(modules, "bedrock");
  if (bedrock !== undefined && instrumentBedrockRuntime(bedrock, provider, logger)) done++;
  const mcp = moduleAt(modules, "mcp");
  if (mcp !== undefined && instrumentMcp(mcp, provider, logger)) done++;
  const clients: readonly (readonly [string, (module: unknown, provider: TracerProvider, logger: Logger) => boolean])[] = [
    ["cohere", instrumentCohere], ["mistral", instrumentMistral], ["vertexai", instrumentVertexAI],
  ];
  for (const [key, instrument] of clients) {
    const module = moduleAt(modules, key);
    if (module !== undefined && instrument(module, provider, logger)) done++;
  }
  const genkit = moduleAt(modules, "genkit");
  if (genkit !== undefined && instrumentGenkit(genkit, logger)) done++;
  return done;
}
