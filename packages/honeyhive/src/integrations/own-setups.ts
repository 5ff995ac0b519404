/**
 * The `instrumentModules` keys the SDK sets up itself rather than through an instrumentation package: the Vercel AI
 * SDK 7 telemetry integration (`ai`, `aiSdkOtel`), its own instrumentations of Google GenAI (`googleGenAI`), Bedrock
 * Runtime (`bedrock`), MCP (`mcp`), Cohere (`cohere`), Mistral (`mistral`) and Vertex AI (`vertexAI`), and Genkit's time
 * to first token (`genkit`). The Bedrock, MCP, Cohere, Mistral and Vertex AI instrumentations are imported when their key
 * is given (their methods held meanwhile: `deferred-patch.ts`); a value that is not their module is refused at once.
 */
import type { TracerProvider } from "@opentelemetry/api";
import type { Logger } from "../internal/logger";
import { onDemand } from "../seam/on-demand";
import { registerAiSdkTelemetry } from "./ai-sdk-telemetry";
import { BEDROCK_PATCHED, bedrockClientPrototype, warnNotBedrockModule } from "./bedrock-module";
import { patchWhenLoaded } from "./deferred-patch";
import { instrumentGoogleGenAI } from "./google-genai";
import { MCP_PATCHED, MCP_SCOPE, mcpPatchTargets, mcpServerProblem, reportMcpUnpatched, warnNoMcpClasses } from "./mcp-module";
import { COHERE_PATCHED, cohereChatTargets, cohereModuleObject, reportNotCohere, v2Prototype } from "./cohere-module";
import { MISTRAL_PATCHED, mistralChatPrototype, warnNotMistralModule } from "./mistral-module";
import { VERTEXAI_PATCHED, vertexAIExports, vertexAIPatchTargets, warnNotVertexAIModule } from "./vertexai-module";
import { instrumentGenkit } from "./genkit";
import { noteOwnSetup } from "./own-setup-records";
import { AI_SDK_OTEL_SCOPE, BEDROCK_SCOPE, COHERE_SCOPE, GOOGLE_GENAI_SCOPE, MISTRAL_SCOPE, VERTEXAI_SCOPE } from "@honeyhive/core/semconv/instrumentation-layer";

/** `instrumentModules` keys set up by the SDK itself, as documented. */
export const OWN_SETUPS = ["ai", "aiSdkOtel", "googleGenAI", "bedrock", "mcp", "cohere", "mistral", "vertexAI", "genkit"];
/** {@link OWN_SETUPS} lowercased (keys are matched case-insensitively). */
export const OWN_SETUP_KEYS = new Set(OWN_SETUPS.map((key) => key.toLowerCase()));

const loadBedrock = onDemand(() => import("./bedrock-runtime"));
const loadMcp = onDemand(() => import("./mcp"));
const loadVertexAI = onDemand(() => import("./vertexai"));
const loadMistral = onDemand(() => import("./mistral"));
const loadCohere = onDemand(() => import("./cohere"));

/** The module given under `key`, matched case-insensitively. */
function moduleAt(modules: Record<string, unknown>, key: string): unknown {
  return Object.entries(modules).find(([k]) => k.toLowerCase() === key)?.[1];
}

/** Bedrock Runtime: its instrumentation is imported and patches `send` (held until then); false for another value. */
function setUpBedrock(module: unknown, provider: TracerProvider, logger: Logger): boolean {
  const proto = bedrockClientPrototype(module);
  if (proto === undefined) {
    warnNotBedrockModule(module, logger);
    return false;
  }
  void patchWhenLoaded([[proto, "send"]], BEDROCK_PATCHED, async () => void (await loadBedrock()).instrumentBedrockRuntime(module, provider, logger));
  return true;
}

/** Vertex AI: its instrumentation is imported and patches the models' and chat sessions' calls (held until then). */
function setUpVertexAI(module: unknown, provider: TracerProvider, logger: Logger): boolean {
  const exports = vertexAIExports(module);
  if (exports === undefined) {
    warnNotVertexAIModule(module, logger);
    return false;
  }
  void patchWhenLoaded(vertexAIPatchTargets(exports), VERTEXAI_PATCHED, async () => void (await loadVertexAI()).instrumentVertexAI(module, provider, logger));
  return true;
}

/** Mistral: its instrumentation is imported and patches `chat.complete` and `chat.stream` (held until then). */
function setUpMistral(module: unknown, provider: TracerProvider, logger: Logger): boolean {
  const proto = mistralChatPrototype(module);
  if (proto === undefined) {
    warnNotMistralModule(module, logger);
    return false;
  }
  void patchWhenLoaded([[proto, "complete"], [proto, "stream"]], MISTRAL_PATCHED, async () => void (await loadMistral()).instrumentMistral(module, provider, logger));
  return true;
}

/** Cohere: its instrumentation is imported and patches the v2 and v1 clients' chat methods (held until then). */
function setUpCohere(module: unknown, provider: TracerProvider, logger: Logger): boolean {
  const targets = cohereChatTargets(module);
  if (targets.length === 0) {
    const m = cohereModuleObject(module);
    if (m === undefined || v2Prototype(m) === undefined) reportNotCohere(module, logger);
    return false;
  }
  void patchWhenLoaded(targets, COHERE_PATCHED, async () => void (await loadCohere()).instrumentCohere(module, provider, logger));
  return true;
}

/** MCP: its instrumentation is imported and patches `Client.request` / `Server._onrequest` (held until then). */
function setUpMcp(modules: unknown, provider: TracerProvider, logger: Logger): boolean {
  const targets = mcpPatchTargets(modules);
  if (targets.length === 0) {
    warnNoMcpClasses(modules, logger);
    return false;
  }
  const serverSide = mcpServerProblem(modules); // `McpServer` for `Server`: said now, not once the instrumentation loaded
  if (serverSide !== undefined) reportMcpUnpatched(modules, serverSide, logger);
  void patchWhenLoaded(targets, MCP_PATCHED, async () => void (await loadMcp()).instrumentMcp(modules, provider, logger));
  return true;
}

/** The scope of the spans each key's setup records (`diagnose()` counts them); Genkit's are Genkit's own. */
const SCOPE_OF: Readonly<Record<string, string | undefined>> = {
  ai: AI_SDK_OTEL_SCOPE, aisdkotel: AI_SDK_OTEL_SCOPE, googlegenai: GOOGLE_GENAI_SCOPE, bedrock: BEDROCK_SCOPE, mcp: MCP_SCOPE,
  cohere: COHERE_SCOPE, mistral: MISTRAL_SCOPE, vertexai: VERTEXAI_SCOPE, genkit: undefined,
};

/** Records, for `diagnose()`, each key of {@link OWN_SETUPS} given a module in `modules`. */
function noteGiven(modules: Record<string, unknown>): void {
  for (const key of Object.keys(modules)) {
    const own = key.toLowerCase();
    if (OWN_SETUP_KEYS.has(own) && modules[key] !== undefined) noteOwnSetup(own, SCOPE_OF[own]);
  }
}

/** Sets up the keys of {@link OWN_SETUPS} found in `modules`. Returns how many were set up (or are being set up). */
export function ownSetups(modules: Record<string, unknown>, provider: TracerProvider, logger: Logger): number {
  noteGiven(modules);
  let done = 0;
  const ai = moduleAt(modules, "ai");
  const otel = moduleAt(modules, "aisdkotel");
  if ((ai !== undefined || otel !== undefined) && registerAiSdkTelemetry(ai, otel, provider, logger)) done++;
  const google = moduleAt(modules, "googlegenai");
  if (google !== undefined && instrumentGoogleGenAI(google, provider, logger)) done++;
  const bedrock = moduleAt(modules, "bedrock");
  if (bedrock !== undefined && setUpBedrock(bedrock, provider, logger)) done++;
  const mcp = moduleAt(modules, "mcp");
  if (mcp !== undefined && setUpMcp(mcp, provider, logger)) done++;
  const clients: readonly (readonly [string, (module: unknown, provider: TracerProvider, logger: Logger) => boolean])[] = [
    ["cohere", setUpCohere], ["mistral", setUpMistral], ["vertexai", setUpVertexAI],
  ];
  for (const [key, instrument] of clients) {
    const module = moduleAt(modules, key);
    if (module !== undefined && instrument(module, provider, logger)) done++;
  }
  const genkit = moduleAt(modules, "genkit");
  if (genkit !== undefined && instrumentGenkit(genkit, logger)) done++;
  return done;
}
