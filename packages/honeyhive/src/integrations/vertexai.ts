/**
 * The SDK's own instrumentation of Google's Vertex AI client (`@google-cloud/vertexai` 1.x), for
 * `instrumentModules: { vertexAI }`. `instrumentModules: { googleGenAI }` covers `@google/genai` only, and
 * OpenLLMetry's Vertex AI instrumentation records no time to first token. Here the calls are patched on the exported
 * classes' prototypes: `generateContent` / `generateContentStream` of `GenerativeModel` (and its preview twin) and
 * `sendMessage` / `sendMessageStream` of `ChatSession` (and its twin, with the session's history as the conversation).
 * Each call is one CLIENT span in the OpenTelemetry GenAI dialect, read as `@google/genai`'s (same Gemini shapes:
 * `google-genai-attributes.ts`), provider `gcp.vertex_ai`. A streamed call's result holds `stream` (what the application
 * reads: followed, never read ahead, for the time to first token) and `response` (the client's own aggregate of the
 * whole stream): the span ends when `response` settles, with the reply and tokens it holds. Decision record 0060.
 */
import type { TracerProvider } from "@opentelemetry/api";
import { VERTEXAI_SCOPE } from "@honeyhive/core/semconv/instrumentation-layer";
import type { Logger } from "../internal/logger";
import { noteInternalError } from "../internal/guard";
import { recordError } from "../instrument/record-error";
import { proxyAsyncIterable } from "../instrument/stream-async-iterable";
import { type GenAiResponseSummary, addResponse, requestAttributes, responseAttributes } from "./google-genai-attributes";
import { type ModelCallSpan, type Settled, isAsyncIterable, runModelCall, startModelCall } from "./own-model-call";
import { VERTEXAI_PATCHED, VERTEXAI_TARGETS, vertexAIExports, warnNotVertexAIModule } from "./vertexai-module";

/** The provider name of Vertex AI's calls. */
const VERTEX_PROVIDER = "gcp.vertex_ai";
const PATCHED = VERTEXAI_PATCHED;

interface PatchState {
  provider: TracerProvider;
}

type Method = (this: unknown, request: unknown, ...rest: unknown[]) => Promise<unknown>;
type Self = Record<string, unknown>;

/** The model of a model or chat session: its `model`, else the last segment of its resource path. */
function modelOf(self: Self): string | undefined {
  if (typeof self.model === "string") return self.model.replace(/^.*\/models\//, "");
  return typeof self.resourcePath === "string" ? self.resourcePath.split("/").pop() : undefined;
}

/** A `string | Part[] | GenerateContentRequest` as the request's `contents` and its own system instruction. */
function contentsOf(request: unknown): { contents: unknown; system?: unknown; config?: Record<string, unknown> } {
  if (typeof request === "string" || Array.isArray(request)) return { contents: [{ role: "user", parts: typeof request === "string" ? [{ text: request }] : request.map((p) => (typeof p === "string" ? { text: p } : p)) }] };
  const r = (request ?? {}) as Record<string, unknown>;
  return { contents: r.contents, system: r.systemInstruction, config: r.generationConfig as Record<string, unknown> | undefined };
}

/** The call in `@google/genai`'s parameter shape (`{ model, contents, config }`), which `requestAttributes` reads. */
function callParams(self: Self, request: unknown, chat: boolean): Record<string, unknown> {
  const own = contentsOf(request);
  const history = chat && Array.isArray(self.historyInternal) ? (self.historyInternal as unknown[]) : [];
  const contents = [...history, ...(Array.isArray(own.contents) ? own.contents : own.contents === undefined ? [] : [own.contents])];
  const config = { ...((self.generationConfig as Record<string, unknown> | undefined) ?? {}), ...(own.config ?? {}) };
  const system = own.system ?? self.systemInstruction;
  return { model: modelOf(self), contents, config: system === undefined ? config : { ...config, systemInstruction: system } };
}

function recordResponse(call: ModelCallSpan, result: unknown): void {
  const summary: GenAiResponseSummary = { parts: [] };
  addResponse(summary, (result as { response?: unknown } | null)?.response);
  call.span.setAttributes(responseAttributes(summary));
}

/**
 * A streamed result: its `stream` followed for the first chunk (a proxy in its place), the span ended when `response`
 * settles. Undefined (the span ends at once) for a result without both.
 */
function followResult(call: ModelCallSpan, result: unknown): Settled<unknown> | void {
  const r = result as { stream?: unknown; response?: unknown } | null;
  if (typeof r !== "object" || r === null || !isAsyncIterable(r.stream) || typeof (r.response as Promise<unknown> | undefined)?.then !== "function") return undefined;
  let first = true;
  const stream = proxyAsyncIterable(r.stream, {
    chunk: () => {
      if (!first) return;
      first = false;
      call.span.setAttribute("gen_ai.response.time_to_first_chunk", (performance.now() - call.startedAt) / 1000);
    },
    end: () => undefined,
  }, call.spanContext);
  (r.response as Promise<unknown>).then(
    (response) => {
      try {
        recordResponse(call, { response });
        call.span.setAttribute("honeyhive_metadata.stream_end", "completed");
      } catch (error) {
        noteInternalError(error);
      }
      call.span.end();
    },
    (error: unknown) => {
      recordError(call.span, error);
      call.span.end();
    },
  );
  r.stream = stream;
  return { value: result, streaming: true };
}

function wrap(original: Method, state: PatchState, chat: boolean, streamed: boolean): Method {
  return function vertexCall(this: unknown, request: unknown, ...rest: unknown[]): Promise<unknown> {
    const self = (this ?? {}) as Self;
    const call = startModelCall(state.provider, VERTEXAI_SCOPE, () => requestAttributes(callParams(self, request, chat), VERTEX_PROVIDER));
    const invoke = () => Reflect.apply(original, this, [request, ...rest]) as Promise<unknown>;
    if (call === undefined) return invoke();
    return runModelCall(call, invoke, (result) => (streamed ? followResult(call, result) : recordResponse(call, result)));
  };
}

/** Patches one class's two methods once; true when patched now. */
function patchClass(Class: unknown, plain: string, stream: string, chat: boolean, state: PatchState): boolean {
  const proto = (Class as { prototype?: Record<string | symbol, unknown> } | undefined)?.prototype;
  if (!proto || typeof proto[plain] !== "function" || typeof proto[stream] !== "function") return false;
  const existing = Object.prototype.hasOwnProperty.call(proto, PATCHED) ? (proto[PATCHED] as PatchState) : undefined;
  if (existing) {
    existing.provider = state.provider;
    return false;
  }
  proto[plain] = wrap(proto[plain] as Method, state, chat, false);
  proto[stream] = wrap(proto[stream] as Method, state, chat, true);
  Object.defineProperty(proto, PATCHED, { value: state, configurable: true });
  return true;
}

/**
 * Patches a `@google-cloud/vertexai` module's generative models and chat sessions once; a second call only rebinds the
 * spans to `provider`. Returns false when nothing was newly patched; something else than the module is warned about and
 * reported by `diagnose()` with its fix.
 */
export function instrumentVertexAI(module: unknown, provider: TracerProvider, logger: Logger): boolean {
  const exports = vertexAIExports(module);
  if (exports === undefined) {
    warnNotVertexAIModule(module, logger);
    return false;
  }
  const state: PatchState = { provider };
  const patched = VERTEXAI_TARGETS.filter(([name, plain, stream, chat]) => patchClass(exports[name], plain, stream, chat, state)).length;
  if (patched > 0) logger.debug(`instrumentModules.vertexAI: patched ${patched} class(es) of @google-cloud/vertexai`);
  return patched > 0;
}
