/**
 * The one name of each provider, whichever instrumentation or route recorded the call: every dialect's spelling
 * (OpenInference's `mistralai`, OpenLLMetry's `MistralAI`, the Vercel AI SDK's `mistral.chat`, LangChain's
 * `amazon_bedrock`, an endpoint's `api.mistral.ai`) becomes the OpenTelemetry GenAI `gen_ai.provider.name` value where
 * the conventions define one (`mistral_ai`, `x_ai`, `aws.bedrock`, `gcp.vertex_ai`, `gcp.gemini`,
 * `azure.ai.openai`, …), else a stable lower-case id (`together`, `fireworks`, `openrouter`, `ollama`, …). A model
 * hosted by a cloud is named for the cloud (Anthropic's models on Vertex AI are `gcp.vertex_ai`), so that it is priced
 * with that cloud's prices. Pure and total.
 */
import { RememberedAnswers } from "../../values/remembered-answers";

/** The OpenTelemetry GenAI `gen_ai.provider.name` values (semantic conventions 1.37+) this mapping produces. */
export const OTEL_PROVIDER_NAMES = [
  "anthropic", "aws.bedrock", "azure.ai.inference", "azure.ai.openai", "cohere", "deepseek", "gcp.gemini", "gcp.gen_ai",
  "gcp.vertex_ai", "groq", "ibm.watsonx.ai", "mistral_ai", "openai", "perplexity", "x_ai",
] as const;

/**
 * Spellings → the one name, tried in order (the first match wins, so a cloud-hosted route such as `vertex.anthropic`
 * is named for the cloud before `anthropic` could match). Each pattern reads the whole lower-cased name, an API
 * suffix (`.chat`, `.messages`, …) already removed.
 */
const SPELLINGS: readonly (readonly [RegExp, string])[] = [
  [/^(gcp\.vertex_ai|google[._-]?vertex(ai)?|vertex([._ -]?ai)?)([._-].*)?$/, "gcp.vertex_ai"],
  [/^(aws([._-]bedrock)?|amazon[._-]?bedrock|bedrock|amazon)([._-].*)?$/, "aws.bedrock"],
  [/^(azure\.ai\.inference|azure[._-]ai[._-]inference)$/, "azure.ai.inference"],
  [/^(az\.ai\.openai|azure([._-].*)?)$/, "azure.ai.openai"],
  [/^(gcp\.gen_ai)$/, "gcp.gen_ai"],
  [/^(gcp\.gemini|google([._-](genai|generative[._-]?ai|gemini|ai))?|gemini|googleai)$/, "gcp.gemini"],
  [/^mistral([._-]?ai)?$/, "mistral_ai"],
  [/^x([._-]?ai)$/, "x_ai"],
  [/^(ibm[._-])?watsonx([._-]ai)?$|^ibm\.watsonx\.ai$/, "ibm.watsonx.ai"],
  [/^together([._-]?ai)?$/, "together"],
  [/^fireworks([._-]?ai)?$/, "fireworks"],
  [/^(lm[._ -]?studio)$/, "lmstudio"],
  [/^(openai|anthropic|cohere|deepseek|groq|perplexity|cerebras|openrouter|ollama|vllm)$/, "$1"],
];

/**
 * API suffixes some dialects put after the provider (the Vercel AI SDK's `openai.chat`, `anthropic.messages`,
 * `google.generative-ai`).
 */
const API_SUFFIX = /\.(chat|completion|completions|responses|messages|embedding|image|transcription|speech|generative-ai)$/;

/** The one name of a non-empty string as {@link providerName} reads it. */
function spelledName(raw: string): string | null {
  const name = raw.trim().toLowerCase().replace(API_SUFFIX, "");
  if (name === "") return null;
  for (const [pattern, id] of SPELLINGS) {
    const match = pattern.exec(name);
    if (match) return id === "$1" ? match[1]! : id;
  }
  return name;
}

/**
 * Each spelling's one name, remembered (bounded: see RememberedAnswers): the ingest asks it of every model span,
 * and a dozen patterns tried on the same few provider strings cost a model span more than its price lookup.
 */
const names = new RememberedAnswers(spelledName);

/**
 * The one name of a provider as any dialect or route spells it (`MistralAI`, `mistral.chat`, `mistral` →
 * `mistral_ai`); a name no rule knows is kept, lower-cased and without an API suffix; null for none.
 */
export function providerName(raw: unknown): string | null {
  return typeof raw === "string" ? names.get(raw) : null;
}
