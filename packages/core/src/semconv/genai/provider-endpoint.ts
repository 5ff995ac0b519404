/**
 * The one table of endpoints: a call made through the `openai` client (or an OpenAI-shaped SDK) to another provider's
 * API is named after the endpoint it reached (`server.address` / `server.port` on its span), not `openai`, so that it
 * is priced and filtered as that provider's; a call a provider's own client made to a cloud that hosts its models
 * (`@anthropic-ai/bedrock-sdk` to Bedrock, `@anthropic-ai/vertex-sdk` to Vertex AI) is named for the cloud, so that it
 * is priced at that cloud's price. Remote providers are known by host name; a local model server on the loopback
 * interface by its default port. Names are the one names of `provider-name.ts`.
 */

/** Host names (the host itself or any subdomain of it) → provider. */
const PROVIDER_HOSTS: readonly (readonly [string, string])[] = [
  ["api.groq.com", "groq"],
  ["api.together.xyz", "together"],
  ["api.together.ai", "together"],
  ["api.fireworks.ai", "fireworks"],
  ["api.deepseek.com", "deepseek"],
  ["openrouter.ai", "openrouter"],
  ["api.mistral.ai", "mistral_ai"],
  ["api.x.ai", "x_ai"],
  ["api.perplexity.ai", "perplexity"],
  ["api.cerebras.ai", "cerebras"],
  ["api.anthropic.com", "anthropic"],
  ["api.cohere.ai", "cohere"],
  ["api.cohere.com", "cohere"],
  ["generativelanguage.googleapis.com", "gcp.gemini"],
  ["openai.azure.com", "azure.ai.openai"],
  ["api.openai.com", "openai"],
];

/** Cloud endpoints by pattern (regional host names): Bedrock Runtime, Vertex AI. */
const CLOUD_HOSTS: readonly (readonly [RegExp, string])[] = [
  [/^bedrock(-runtime)?(-fips)?\.[a-z0-9-]+\.amazonaws\.com$/, "aws.bedrock"],
  [/^([a-z0-9-]+-)?aiplatform\.googleapis\.com$/, "gcp.vertex_ai"],
];

/** Clouds that host other makers' models: a call that reached one is named for it, whatever its client called it. */
const HOSTING_CLOUDS: ReadonlySet<string> = new Set(["aws.bedrock", "gcp.vertex_ai", "azure.ai.openai"]);

/** Default ports of local model servers, on a loopback address only. */
const LOCAL_SERVER_PORTS: Readonly<Record<number, string>> = { 11434: "ollama", 1234: "lmstudio", 8000: "vllm" };

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/;

/** The provider an endpoint belongs to (`api.groq.com` → `groq`, `localhost:11434` → `ollama`), or undefined. */
export function providerFromEndpoint(address: unknown, port: unknown): string | undefined {
  if (typeof address !== "string") return undefined;
  const host = address.trim().toLowerCase().replace(/\.$/, "");
  if (host === "") return undefined;
  for (const [known, provider] of PROVIDER_HOSTS) if (host === known || host.endsWith(`.${known}`)) return provider;
  for (const [pattern, provider] of CLOUD_HOSTS) if (pattern.test(host)) return provider;
  const n = typeof port === "number" ? port : typeof port === "string" ? Number(port) : NaN;
  return LOOPBACK.test(host) ? LOCAL_SERVER_PORTS[n] : undefined;
}

/**
 * A model call's provider given the endpoint its span reached: a call the dialect names `openai` (the `openai`
 * client's name for any endpoint) or does not name is the endpoint's provider when the endpoint is known, and a call
 * that reached a cloud hosting other makers' models (Bedrock, Vertex AI, Azure OpenAI) is the cloud's.
 */
export function providerOfCall(provider: string | null, attributes: Readonly<Record<string, unknown>>): string | null {
  const endpoint = providerFromEndpoint(attributes["server.address"], attributes["server.port"]);
  if (endpoint === undefined) return provider;
  return provider === null || provider === "openai" || HOSTING_CLOUDS.has(endpoint) ? endpoint : provider;
}
