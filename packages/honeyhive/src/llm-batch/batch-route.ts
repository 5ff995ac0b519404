/**
 * Which provider calls can go through a provider's Batch API, and with which others they may share a batch: the
 * OpenAI endpoints its Batch API takes and Anthropic's Messages API, never a streamed call. Calls share a batch when
 * they go to the same base URL and endpoint with the same credentials (and, for OpenAI, the same model).
 */

/** The provider whose Batch API a call goes through. */
export type BatchProvider = "openai" | "anthropic";

/** A call that can be batched: where the batch goes, and the call's body. */
export interface BatchableCall {
  readonly provider: BatchProvider;
  /** The API's base URL, e.g. `https://api.openai.com/v1` or `https://api.anthropic.com`. */
  readonly baseUrl: string;
  /** The endpoint the batch names (OpenAI: `/v1/chat/completions`, …; Anthropic: `/v1/messages`). */
  readonly endpoint: string;
  /** The headers the batch's own requests carry (credentials, API version), from the call's. */
  readonly headers: Headers;
  /** The call's JSON body. */
  readonly body: Record<string, unknown>;
  /** Calls with equal group keys may share one batch (the key holds credentials: never print it). */
  readonly groupKey: string;
}

/** OpenAI endpoints its Batch API takes, as the path's end after the base URL. */
const OPENAI_ENDPOINTS = ["/chat/completions", "/responses", "/embeddings", "/completions", "/moderations"];
/** Headers of a call that are not carried over to the batch's requests (body-specific, or one call's retry key). */
const DROPPED_HEADERS = new Set(["content-length", "content-type", "accept", "accept-encoding", "idempotency-key", "x-stainless-retry-count", "x-stainless-timeout"]);

function routeOf(url: URL): { provider: BatchProvider; baseUrl: string; endpoint: string } | undefined {
  const path = url.pathname.replace(/\/+$/, "");
  if (path.endsWith("/v1/messages")) return { provider: "anthropic", baseUrl: `${url.origin}${path.slice(0, -"/v1/messages".length)}`, endpoint: "/v1/messages" };
  const suffix = OPENAI_ENDPOINTS.find((s) => path.endsWith(s));
  if (suffix === undefined) return undefined;
  const base = path.slice(0, -suffix.length);
  return { provider: "openai", baseUrl: `${url.origin}${base}`, endpoint: `/v1${suffix}` };
}

function carriedHeaders(headers: Headers): Headers {
  const carried = new Headers();
  headers.forEach((value, name) => {
    if (!DROPPED_HEADERS.has(name.toLowerCase())) carried.set(name, value);
  });
  return carried;
}

function credentialsOf(headers: Headers): (string | null)[] {
  return ["authorization", "x-api-key", "api-key", "openai-organization", "openai-project", "anthropic-version", "anthropic-beta"].map((name) => headers.get(name));
}

/**
 * The batchable call a fetch call is, or undefined when it must go to the provider at once (another method or
 * endpoint, a host not in `hosts`, a streamed call, a body that is not a JSON object).
 */
export function batchableCall(url: string, method: string, headers: Headers, bodyText: string | null, hosts: ReadonlySet<string>): BatchableCall | undefined {
  if (method !== "POST" || bodyText === null) return undefined;
  let parsedUrl: URL;
  let body: unknown;
  try {
    parsedUrl = new URL(url);
    body = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  if (!hosts.has(parsedUrl.host) && !hosts.has(parsedUrl.hostname)) return undefined;
  const route = routeOf(parsedUrl);
  if (route === undefined || parsedUrl.search !== "" || typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  if (fields.stream === true) return undefined;
  const model = route.provider === "openai" && typeof fields.model === "string" ? fields.model : "";
  const carried = carriedHeaders(headers);
  return { ...route, headers: carried, body: fields, groupKey: JSON.stringify([route.provider, route.baseUrl, route.endpoint, model, credentialsOf(carried)]) };
}
