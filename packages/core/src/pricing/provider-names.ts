/**
 * Provider names as pricing reads them: every dialect's name for a provider (`az.ai.openai`, `gcp.vertex_ai`,
 * `aws.bedrock`, `x_ai`, …) maps to the price dataset's provider id (`azure`, `google`, `aws`, `x-ai`, …), and a
 * model name to the provider that makes it (`claude-…` → `anthropic`), for a call whose provider is not recorded.
 */
import { GENERATED_PRICES } from "./generated-prices";
import { matchesClause, type DatasetProvider } from "./price-dataset";

/** Dialect names → the dataset's provider id (names the dataset's own provider rules do not already match). */
const DIALECT_NAMES: readonly (readonly [RegExp, string])[] = [
  [/^(azure|az\.ai\.|azure\.ai\.)/, "azure"],
  [/^openai(\.|$)/, "openai"],
  [/^anthropic(\.|$)/, "anthropic"],
  [/^(google|gcp\.|vertex|gemini)/, "google"],
  [/^(aws|bedrock|amazon)(\.|_|-|$)/, "aws"],
  [/^x[_.-]?ai$/, "x-ai"],
  [/^mistral/, "mistral"],
  [/^together([_.-]ai)?$/, "together"],
  [/^fireworks([_.-]ai)?$/, "fireworks"],
  [/^(cohere|deepseek|groq|openrouter|perplexity|cerebras)(\.|$)/, "$1"],
];

/**
 * Servers that run models on the user's own machines (Ollama, vLLM, LM Studio, llama.cpp, LocalAI): no list price,
 * so a call through one is never priced at another provider's rate (a price file can still price it).
 */
const LOCAL_SERVERS: ReadonlySet<string> = new Set(["ollama", "vllm", "lmstudio", "lm-studio", "lm_studio", "llama.cpp", "llamacpp", "localai"]);

/** The dataset's provider id for a dialect's provider name (lower case), or the trimmed lower-case name; undefined for none. */
export function canonicalProvider(name: string | null | undefined): string | undefined {
  if (typeof name !== "string") return undefined;
  const n = name.trim().toLowerCase();
  if (n === "") return undefined;
  for (const [pattern, id] of DIALECT_NAMES) {
    const match = pattern.exec(n);
    if (match) return id === "$1" ? match[1]! : id;
  }
  const known = GENERATED_PRICES.find((p) => p.id === n) ?? GENERATED_PRICES.find((p) => p.providerMatch && matchesClause(p.providerMatch, n));
  return known?.id ?? n;
}

/** True for a local model server (no list price). */
export function isLocalServer(canonical: string): boolean {
  return LOCAL_SERVERS.has(canonical);
}

/** The dataset provider with this id, if any. */
export function datasetProvider(id: string): DatasetProvider | undefined {
  return GENERATED_PRICES.find((p) => p.id === id);
}

/** The provider that makes a model, by the dataset's model-name rules (`gpt-…` → `openai`), or undefined. */
export function modelMaker(model: string): string | undefined {
  return GENERATED_PRICES.find((p) => p.modelMatch && matchesClause(p.modelMatch, model))?.id;
}
