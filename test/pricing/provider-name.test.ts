// One name per provider, whichever instrumentation or route recorded the call: every dialect's spelling maps to the
// OpenTelemetry GenAI gen_ai.provider.name value where one exists, a cloud-hosted model is named for the cloud, and
// the name prices the call at that route's price row.
import { describe, expect, it } from "vitest";
import { GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC, GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK, GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_INFERENCE,
  GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI, GEN_AI_PROVIDER_NAME_VALUE_COHERE, GEN_AI_PROVIDER_NAME_VALUE_DEEPSEEK,
  GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI, GEN_AI_PROVIDER_NAME_VALUE_GCP_GEN_AI, GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI,
  GEN_AI_PROVIDER_NAME_VALUE_GROQ, GEN_AI_PROVIDER_NAME_VALUE_IBM_WATSONX_AI, GEN_AI_PROVIDER_NAME_VALUE_MISTRAL_AI,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI, GEN_AI_PROVIDER_NAME_VALUE_PERPLEXITY, GEN_AI_PROVIDER_NAME_VALUE_X_AI } from "@opentelemetry/semantic-conventions/incubating";
import { OTEL_PROVIDER_NAMES, providerName } from "../../packages/core/src/semconv/genai/provider-name";
import { providerFromEndpoint, providerOfCall } from "../../packages/core/src/semconv/genai/provider-endpoint";
import { readModelCall } from "../../packages/core/src/semconv/genai/translate";
import { priceCall } from "../../packages/core/src/pricing/call-cost";

describe("providerName: one name per provider", () => {
  it("produces exactly the OpenTelemetry GenAI provider names it claims (checked against the conventions package)", () => {
    const otel = [GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC, GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK, GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_INFERENCE,
      GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI, GEN_AI_PROVIDER_NAME_VALUE_COHERE, GEN_AI_PROVIDER_NAME_VALUE_DEEPSEEK,
      GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI, GEN_AI_PROVIDER_NAME_VALUE_GCP_GEN_AI, GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI,
      GEN_AI_PROVIDER_NAME_VALUE_GROQ, GEN_AI_PROVIDER_NAME_VALUE_IBM_WATSONX_AI, GEN_AI_PROVIDER_NAME_VALUE_MISTRAL_AI,
      GEN_AI_PROVIDER_NAME_VALUE_OPENAI, GEN_AI_PROVIDER_NAME_VALUE_PERPLEXITY, GEN_AI_PROVIDER_NAME_VALUE_X_AI];
    expect([...OTEL_PROVIDER_NAMES].sort()).toEqual([...otel].sort());
    for (const name of otel) expect(providerName(name), name).toBe(name); // each is its own one name
  });

  // [spelling, where it comes from, one name]
  const table: [string, string, string][] = [
    ["openai", "every dialect", "openai"], ["OpenAI", "OpenLLMetry gen_ai.system", "openai"], ["openai.chat", "Vercel AI SDK", "openai"],
    ["openai.responses", "Vercel AI SDK", "openai"],
    ["anthropic", "OpenInference", "anthropic"], ["Anthropic", "OpenLLMetry", "anthropic"], ["anthropic.messages", "Vercel AI SDK", "anthropic"],
    ["mistral", "endpoint table (before)", "mistral_ai"], ["mistralai", "OpenInference / LangChain ls_provider", "mistral_ai"],
    ["MistralAI", "OpenLLMetry", "mistral_ai"], ["mistral.chat", "Vercel AI SDK", "mistral_ai"], ["mistral_ai", "OTel GenAI", "mistral_ai"],
    ["mistral-ai", "hand-written", "mistral_ai"],
    ["xai", "OpenInference / LangChain / Vercel", "x_ai"], ["x-ai", "endpoint table (before)", "x_ai"], ["xai.chat", "Vercel AI SDK", "x_ai"],
    ["x_ai", "OTel GenAI", "x_ai"], ["x.ai", "hand-written", "x_ai"],
    ["cohere", "every dialect", "cohere"], ["Cohere", "OpenLLMetry", "cohere"], ["cohere.chat", "Vercel AI SDK", "cohere"],
    ["aws", "OpenInference", "aws.bedrock"], ["AWS", "OpenLLMetry Bedrock", "aws.bedrock"], ["amazon_bedrock", "LangChain ls_provider", "aws.bedrock"],
    ["amazon-bedrock", "Vercel AI SDK", "aws.bedrock"], ["bedrock", "hand-written", "aws.bedrock"], ["aws.bedrock", "OTel GenAI", "aws.bedrock"],
    ["google", "OpenInference / Vercel google.generative-ai", "gcp.gemini"], ["google.generative-ai", "Vercel AI SDK", "gcp.gemini"],
    ["google_genai", "LangChain ls_provider", "gcp.gemini"], ["gemini", "hand-written", "gcp.gemini"], ["gcp.gemini", "OTel GenAI", "gcp.gemini"],
    ["google.vertex.chat", "Vercel AI SDK", "gcp.vertex_ai"], ["vertex.anthropic.messages", "Vercel AI SDK (Claude on Vertex)", "gcp.vertex_ai"],
    ["google_vertexai", "LangChain ls_provider", "gcp.vertex_ai"], ["VertexAI", "OpenLLMetry", "gcp.vertex_ai"], ["Vertex AI", "hand-written", "gcp.vertex_ai"],
    ["gcp.vertex_ai", "OTel GenAI", "gcp.vertex_ai"], ["gcp.gen_ai", "OTel GenAI", "gcp.gen_ai"],
    ["azure", "OpenInference / endpoint table (before)", "azure.ai.openai"], ["azure-openai.chat", "Vercel AI SDK", "azure.ai.openai"],
    ["az.ai.openai", "OTel GenAI 1.36", "azure.ai.openai"], ["azure.ai.openai", "OTel GenAI", "azure.ai.openai"],
    ["azure.ai.inference", "OTel GenAI", "azure.ai.inference"],
    ["groq", "every dialect", "groq"], ["groq.chat", "Vercel AI SDK", "groq"], ["deepseek.chat", "Vercel AI SDK", "deepseek"],
    ["perplexity", "Vercel AI SDK", "perplexity"], ["watsonx", "hand-written", "ibm.watsonx.ai"],
    ["together_ai", "hand-written", "together"], ["togetherai.chat", "Vercel AI SDK", "together"], ["fireworks_ai", "hand-written", "fireworks"],
    ["LM Studio", "hand-written", "lmstudio"], ["ollama", "endpoint table", "ollama"], ["my-gateway", "unknown", "my-gateway"],
  ];
  it.each(table)("%s (%s) is %s", (spelling, _from, name) => {
    expect(providerName(spelling)).toBe(name);
  });

  it("reads no name from nothing", () => {
    for (const value of [undefined, null, "", "   ", 3, {}]) expect(providerName(value)).toBeNull();
  });
});

describe("the route names the call and prices it", () => {
  it("names endpoints with the one names (OpenAI-compatible routes, Cohere's compatibility API, cloud endpoints)", () => {
    const cases: [string, string][] = [
      ["api.mistral.ai", "mistral_ai"], ["api.x.ai", "x_ai"], ["api.cohere.ai", "cohere"], ["api.cohere.com", "cohere"],
      ["my-resource.openai.azure.com", "azure.ai.openai"], ["generativelanguage.googleapis.com", "gcp.gemini"],
      ["bedrock-runtime.us-east-1.amazonaws.com", "aws.bedrock"], ["bedrock-runtime-fips.us-gov-west-1.amazonaws.com", "aws.bedrock"],
      ["us-east5-aiplatform.googleapis.com", "gcp.vertex_ai"], ["aiplatform.googleapis.com", "gcp.vertex_ai"],
    ];
    for (const [host, name] of cases) expect(providerFromEndpoint(host, 443), host).toBe(name);
    expect(providerFromEndpoint("s3.us-east-1.amazonaws.com", 443)).toBeUndefined();
    expect(providerFromEndpoint("storage.googleapis.com", 443)).toBeUndefined();
  });

  it("one provider, one name, whatever the route: Mistral and xAI through their own SDKs, the openai client or the AI SDK", () => {
    const call = (attributes: Record<string, unknown>) => readModelCall({ name: "chat", attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "m", "gen_ai.usage.input_tokens": 1, ...attributes } })?.provider;
    expect(call({ "gen_ai.provider.name": "mistral_ai" })).toBe("mistral_ai"); // Mistral's own SDK
    expect(call({ "gen_ai.provider.name": "openai", "server.address": "api.mistral.ai" })).toBe("mistral_ai"); // the openai client
    expect(readModelCall({ name: "ai.generateText.doGenerate", attributes: { "ai.operationId": "ai.generateText.doGenerate", "ai.model.provider": "mistral.chat", "ai.model.id": "mistral-small-latest", "ai.usage.promptTokens": 1 } })?.provider).toBe("mistral_ai");
    expect(call({ "gen_ai.system": "MistralAI" })).toBe("mistral_ai");
    expect(call({ "gen_ai.provider.name": "openai", "server.address": "api.x.ai" })).toBe("x_ai");
    expect(call({ "gen_ai.provider.name": "xai" })).toBe("x_ai");
    expect(call({ "gen_ai.provider.name": "openai", "server.address": "api.cohere.ai" })).toBe("cohere");
  });

  it("a model hosted by a cloud is named for the cloud, whatever its client calls it; other endpoints rename only openai", () => {
    expect(providerOfCall("anthropic", { "server.address": "bedrock-runtime.us-east-1.amazonaws.com" })).toBe("aws.bedrock");
    expect(providerOfCall("anthropic", { "server.address": "us-east5-aiplatform.googleapis.com" })).toBe("gcp.vertex_ai");
    expect(providerOfCall("anthropic", { "server.address": "api.anthropic.com" })).toBe("anthropic");
    expect(providerOfCall("anthropic", { "server.address": "api.groq.com" })).toBe("anthropic");
    expect(providerOfCall("anthropic", {})).toBe("anthropic");
  });

  it("each name prices at its route's row: Claude on Bedrock (us. profile) and Vertex at the cloud's price, Cohere's compatibility API at Cohere's", () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    const direct = priceCall({ provider: "anthropic", model: "claude-haiku-4-5-20251001", usage });
    const bedrock = priceCall({ provider: "aws.bedrock", model: "us.anthropic.claude-haiku-4-5-20251001-v1:0", usage });
    expect(direct).toMatchObject({ cost: 6, priceKey: "anthropic/claude-haiku-4-5" });
    expect(bedrock?.priceKey).toMatch(/^aws\//);
    expect(bedrock?.cost).toBeCloseTo(6.6, 10); // the regional profile costs 10 % more
    const vertex = priceCall({ provider: "gcp.vertex_ai", model: "claude-3-5-haiku@20241022", usage });
    expect(vertex?.priceKey).toMatch(/^google\//);
    expect(priceCall({ provider: "cohere", model: "command-r-08-2024", usage })).toMatchObject({ priceKey: "cohere/command-r" });
    for (const [name, model] of [["mistral_ai", "mistral-small-2603"], ["x_ai", "grok-3"], ["azure.ai.openai", "gpt-4o-mini"], ["gcp.gemini", "gemini-2.5-flash"]]) {
      expect(priceCall({ provider: name, model, usage }), `${name} ${model}`).not.toBeNull();
    }
  });
});
