/**
 * The one table of OpenAI-compatible endpoints: a call made through the `openai` client (or an OpenAI-shaped SDK)
 * to another provider's API is named after the endpoint it reached (`server.address` / `server.port` on its span),
 * not `openai`, so that it is priced and filtered as that provider's. Remote providers are known by host name; a
 * local model server on the loopback interface by its default port.
 */

/** Host names (the host itself or any subdomain of it) → provider. */
const PROVIDER_HOSTS: readonly (readonly [string, string])[] = [
  ["api.groq.com", "groq"],
  ["api.together.xyz", "together"],
  ["api.together.ai", "together"],
  ["api.fireworks.ai", "fireworks"],
  ["api.deepseek.com", "deepseek"],
  ["openrouter.ai", "openrouter"],
  ["api.mistral.ai", "mistral"],
  ["api.x.ai", "x-ai"],
  ["api.perplexity.ai", "perplexity"],
  ["api.cerebras.ai", "cerebras"],
  ["api.anthropic.com", "anthropic"],
  ["openai.azure.com", "azure"],
  ["api.openai.com", "openai"],
];

/** Default ports of local model servers, on a loopback address only. */
const LOCAL_SERVER_PORTS: Readonly<Record<number, string>> = { 11434: "ollama", 1234: "lmstudio", 8000: "vllm" };

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/;

/** The provider an endpoint belongs to (`api.groq.com` → `groq`, `localhost:11434` → `ollama`), or undefined. */
export function providerFromEndpoint(address: unknown, port: unknown): string | undefined {
  if (typeof address !== "string") return undefined;
  const host = address.trim().toLowerCase().replace(/\.$/, "");
  if (host === "") return undefined;
  for (const [known, provider] of PROVIDER_HOSTS) if (host === known || host.endsWith(`.${known}`)) return provider;
  const n = typeof port === "number" ? port : typeof port === "string" ? Number(port) : NaN;
  return LOOPBACK.test(host) ? LOCAL_SERVER_PORTS[n] : undefined;
}

/**
 * A model call's provider given the endpoint its span reached: a call the dialect names `openai` (the `openai`
 * client's name for any endpoint) or does not name is the endpoint's provider when the endpoint is known.
 */
export function providerOfCall(provider: string | null, attributes: Readonly<Record<string, unknown>>): string | null {
  if (provider !== null && provider !== "openai") return provider;
  return providerFromEndpoint(attributes["server.address"], attributes["server.port"]) ?? provider;
}
