/**
 * Provider names as pricing reads them: every spelling of a provider maps through its one name
 * (semconv/genai/provider-name.ts: `az.ai.openai` → `azure.ai.openai`) to the price dataset's provider id (`azure`,
 * `google`, `aws`, `x-ai`, …), and a
 * model name to the provider that makes it (`claude-…` → `anthropic`), for a call whose provider is not recorded.
 */
import { providerName } from "../semconv/genai/provider-name";
import { GENERATED_PRICES } from "./generated-prices";
import { matchesClause, type DatasetProvider } from "./price-dataset";

/**
 * The dataset's provider id of each one name (semconv/genai/provider-name.ts) the dataset spells otherwise; every
 * other one name is looked up in the dataset as it is.
 */
const DATASET_IDS: Readonly<Record<string, string>> = {
  mistral_ai: "mistral", x_ai: "x-ai", "aws.bedrock": "aws", "gcp.gemini": "google", "gcp.vertex_ai": "google", "gcp.gen_ai": "google",
  "azure.ai.openai": "azure", "azure.ai.inference": "azure",
};

/**
 * Servers that run models on the user's own machines (Ollama, vLLM, LM Studio, llama.cpp, LocalAI): no list price,
 * so a call through one is never priced at another provider's rate (a price file can still price it).
 */
const LOCAL_SERVERS: ReadonlySet<string> = new Set(["ollama", "vllm", "lmstudio", "lm-studio", "lm_studio", "llama.cpp", "llamacpp", "localai"]);

/**
 * The dataset's provider id for any spelling of a provider (through its one name, `providerName`), or the one name
 * itself when the dataset has no such provider; undefined for none.
 */
export function canonicalProvider(name: string | null | undefined): string | undefined {
  const n = providerName(name);
  if (n === null) return undefined;
  const id = DATASET_IDS[n];
  if (id !== undefined) return id;
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
