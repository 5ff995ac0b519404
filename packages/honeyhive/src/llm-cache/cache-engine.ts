/**
 * The record/replay cache's work per call (see `createLlmCache`): loaded with the first call through `cache.fetch`, so
 * `import "honeyhive"` does not load it.
 */
import { context, trace } from "@opentelemetry/api";
import { getActiveTracer } from "../context/active-tracer";
import { sdkLogger } from "../internal/logger";
import { describeError } from "../internal/safe-invoke";
import { ATTR_LLM_CACHE, ATTR_LLM_CACHE_KEY } from "@honeyhive/core/semconv/attributes";
import type { ResolvedLlmCacheOptions } from "./cache-options";
import type { LlmCacheStats } from "./cache-stats";
import { type RecordedExchange, type RecordedRequest, decodeBody, encodeBody } from "./recorded-exchange";
import type { LlmCacheStore } from "./cache-store";
import { UncacheableRequest, describeForHumans, describeRequest, requestKey } from "./request-key";

/** What `createLlmCache` loads on the first call: the cached fetch and its counts. */
export interface CacheEngine {
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  stats(): LlmCacheStats;
}

const DROPPED_HEADERS = new Set(["content-encoding", "content-length", "transfer-encoding"]);

/**
 * The datapoint evaluate() is running in this context (its `EXT-` id) and that run's tracer (one per datapoint and
 * trial), if any.
 */
function currentDatapoint(): { id: string; run: object } | undefined {
  const tracer = getActiveTracer();
  const id = tracer?.settings.datapointId;
  return tracer && id !== undefined ? { id, run: tracer } : undefined;
}

/** Numbers repeated identical requests within each datapoint run (see {@link occurrences}). */
interface Occurrences {
  /** The number of this request in its run: 0, 1, 2, … */
  take(run: object, hash: string): number;
  /** Gives number `n` back when no later identical request took one since: an answer not stored leaves no gap. */
  giveBack(run: object, hash: string, n: number): void;
}

/**
 * Numbers repeated identical requests within one datapoint run (0, 1, 2, …), so a loop that sends the same request
 * until the answer changes replays its answers in order. A call whose answer is not stored (a 429 or 5xx the client
 * retries, a reset) gives its number back, so its retry records under the number the replay will ask for. Held per
 * run in a WeakMap: freed with the run's tracer.
 */
function occurrences(): Occurrences {
  const runs = new WeakMap<object, Map<string, number>>();
  return {
    take: (run, hash) => {
      let counts = runs.get(run);
      if (!counts) runs.set(run, (counts = new Map()));
      const n = counts.get(hash) ?? 0;
      counts.set(hash, n + 1);
      return n;
    },
    giveBack: (run, hash, n) => {
      const counts = runs.get(run);
      if (counts?.get(hash) === n + 1) counts.set(hash, n);
    },
  };
}

function markSpan(outcome: "replayed" | "recorded", key: string): void {
  const span = trace.getSpan(context.active());
  if (span?.isRecording()) span.setAttributes({ [ATTR_LLM_CACHE]: outcome, [ATTR_LLM_CACHE_KEY]: key });
}

function replayResponse(exchange: RecordedExchange): Response {
  const headers = new Headers({ "x-honeyhive-llm-cache": "replayed" });
  if (exchange.response.contentType !== null) headers.set("content-type", exchange.response.contentType);
  return new Response(decodeBody(exchange.response), { status: exchange.response.status, headers });
}

/**
 * The answer to a replay miss or an unreadable recording: a 404 that the OpenAI and Anthropic clients (and the AI
 * SDK) turn into an error with this message, never retried (a thrown fetch error would become a retried
 * "Connection error.").
 */
function missResponse(message: string, type = "llm_cache_miss"): Response {
  const body = { type: "error", error: { type, code: type, message } };
  return new Response(JSON.stringify(body), { status: 404, headers: { "content-type": "application/json", "x-should-retry": "false", "x-honeyhive-llm-cache": "miss" } });
}

/** The cache engine over resolved options (the cache's behaviour: see `createLlmCache`). */
export function createCacheEngine({ mode, store, fetch: base }: ResolvedLlmCacheOptions): CacheEngine {
  const stats: LlmCacheStats = { replayed: 0, recorded: 0, misses: 0, passedThrough: 0, writeFailures: 0 };
  const numbers = occurrences();
  const passThrough = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    stats.passedThrough += 1;
    return base(input, init);
  };

  const cachedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (mode === "off") return base(input, init);
    const datapoint = currentDatapoint();
    if (datapoint === undefined) return passThrough(input, init);
    const datapointId = datapoint.id;
    const request = await describeRequest(input, init);
    if (request instanceof UncacheableRequest) {
      if (mode !== "replay") return passThrough(input, init);
      stats.misses += 1;
      return missResponse(`honeyhive llm cache (replay): datapoint ${datapointId}: cannot replay a request with ${request.reason}`);
    }
    const hash = await requestKey(request);
    const n = numbers.take(datapoint.run, hash);
    const call: CacheCall = { datapointId, key: n === 0 ? hash : `${hash}-${n}`, repeat: n, request };
    if (mode === "replay" || mode === "auto") {
      const replayed = await replayRecording(store, stats, call, mode);
      if (replayed) return replayed;
    }
    const giveBack = () => numbers.giveBack(datapoint.run, hash, n);
    return recordExchange(base, store, stats, call, input, init).then((response) => {
      if (!response.ok) giveBack();
      return response;
    }, (error: unknown) => {
      giveBack();
      throw error;
    });
  };

  return { fetch: cachedFetch, stats: () => ({ ...stats }) };
}

/** One cacheable call: its datapoint, key (hash, with `-<n>` for the n-th repeat in the run) and request. */
interface CacheCall {
  datapointId: string;
  key: string;
  repeat: number;
  request: RecordedRequest;
}

/** The recorded answer as a response; in replay mode a miss response when there is none; undefined to record. */
async function replayRecording(store: LlmCacheStore, stats: LlmCacheStats, call: CacheCall, mode: "replay" | "auto"): Promise<Response | undefined> {
  let exchange: RecordedExchange | undefined;
  try {
    exchange = await store.read(call.datapointId, call.key);
  } catch (error) {
    stats.misses += 1;
    const reason = error instanceof Error ? error.message.replace(/^honeyhive llm cache: /, "") : describeError(error);
    return missResponse(`honeyhive llm cache: datapoint ${call.datapointId}: ${reason}`, "llm_cache_unreadable");
  }
  if (exchange) {
    stats.replayed += 1;
    markSpan("replayed", call.key);
    return replayResponse(exchange);
  }
  if (mode !== "replay") return undefined;
  stats.misses += 1;
  const n = call.repeat;
  return missResponse(`honeyhive llm cache (replay): no recording for datapoint ${call.datapointId} of ${describeForHumans(call.request)}${n === 0 ? "" : ` (repeat ${n + 1} of this request)`}, key ${call.key.slice(0, 16)}${n === 0 ? "" : `-${n}`}, in ${store.location}; record it with HH_LLM_CACHE=record or auto`);
}

/** Calls the provider and stores a successful answer (a failed write is a warning, the answer still returned). */
async function recordExchange(base: ResolvedFetch, store: LlmCacheStore, stats: LlmCacheStats, call: CacheCall, input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await base(input, init);
  if (!response.ok) {
    stats.passedThrough += 1;
    return response;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const contentType = response.headers.get("content-type");
  try {
    await store.write({ version: 1, datapointId: call.datapointId, key: call.key, request: call.request, response: { status: response.status, contentType, ...encodeBody(bytes, contentType) } });
    stats.recorded += 1;
    markSpan("recorded", call.key);
  } catch (error) {
    stats.writeFailures += 1;
    sdkLogger().warn(`llm cache: could not store the answer of ${describeForHumans(call.request)} for datapoint ${call.datapointId} in ${store.location}: ${describeError(error)}`);
  }
  const headers = new Headers();
  response.headers.forEach((value, name) => {
    if (!DROPPED_HEADERS.has(name.toLowerCase())) headers.set(name, value);
  });
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers });
}

type ResolvedFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
