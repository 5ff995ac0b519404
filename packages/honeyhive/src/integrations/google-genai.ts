/**
 * The SDK's own instrumentation of Google GenAI (`@google/genai` 1.x–3.x), for `instrumentModules: { googleGenAI }`.
 * No published instrumentation covers the current major as users load it: OpenLLMetry's patches by replacing the
 * exported `GoogleGenAI` class (impossible on an ESM namespace) and its require hook stops at 1.x. Here the class
 * *prototype* is patched, which is mutable whether the module came from `import` or `require`: every LLM request goes
 * through `Models.prototype.generateContentInternal` / `generateContentStreamInternal` (one per HTTP request, so an
 * automatic-function-calling loop or a continuation is one span per call), and each becomes a CLIENT span in the
 * OpenTelemetry GenAI dialect (`google-genai-attributes.ts`) that the one translation reads. Decision record 0008.
 */
import { type Span, SpanKind, SpanStatusCode, type TracerProvider, context, trace } from "@opentelemetry/api";
import { GOOGLE_GENAI_SCOPE } from "@honeyhive/core/semconv/instrumentation-layer";
import type { Logger } from "../internal/logger";
import { type GenAiResponseSummary, addResponse, modelId, requestAttributes, responseAttributes } from "./google-genai-attributes";
import { reportWrongModule } from "./unpatched-modules";

/** Marks a patched prototype (shared by every copy of this package, so a prototype is never wrapped twice). */
const PATCHED = Symbol.for("honeyhive.google-genai.patched");

type Method = (this: ModelsLike, params: unknown) => Promise<unknown>;

interface ModelsLike {
  apiClient?: { isVertexAI?: () => boolean };
}

interface PatchState {
  provider: TracerProvider;
}

function providerName(models: ModelsLike): string {
  try {
    return models.apiClient?.isVertexAI?.() === true ? "gcp.vertex_ai" : "gcp.gemini";
  } catch {
    return "gcp.gemini";
  }
}

function startSpan(state: PatchState, models: ModelsLike, params: unknown): Span {
  const model = modelId((params as { model?: unknown } | undefined)?.model);
  const tracer = state.provider.getTracer(GOOGLE_GENAI_SCOPE);
  return tracer.startSpan(`generate_content${model ? ` ${model}` : ""}`, { kind: SpanKind.CLIENT, attributes: requestAttributes(params, providerName(models)) });
}

function fail(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.setAttribute("error.type", error instanceof Error ? error.name : "Error");
  span.end();
}

function succeed(span: Span, summary: GenAiResponseSummary): void {
  span.setAttributes(responseAttributes(summary));
  span.end();
}

function wrapGenerate(original: Method, state: PatchState): Method {
  return async function generateContentInternal(this: ModelsLike, params: unknown): Promise<unknown> {
    const span = startSpan(state, this, params);
    try {
      const response = await context.with(trace.setSpan(context.active(), span), () => original.call(this, params));
      const summary: GenAiResponseSummary = { parts: [] };
      addResponse(summary, response);
      succeed(span, summary);
      return response;
    } catch (error) {
      fail(span, error);
      throw error;
    }
  };
}

/** The stream's chunks, unchanged; the span ends when it is consumed, fails or is closed early. */
async function* tracedStream(stream: AsyncIterable<unknown>, span: Span, startedAt: number): AsyncGenerator<unknown, void, undefined> {
  const summary: GenAiResponseSummary = { parts: [] };
  let first = true;
  let failed = false;
  try {
    for await (const chunk of stream) {
      if (first) {
        span.setAttribute("gen_ai.response.time_to_first_chunk", (performance.now() - startedAt) / 1000);
        first = false;
      }
      addResponse(summary, chunk);
      yield chunk;
    }
  } catch (error) {
    failed = true;
    fail(span, error);
    throw error;
  } finally {
    if (!failed) succeed(span, summary);
  }
}

function wrapStream(original: Method, state: PatchState): Method {
  return async function generateContentStreamInternal(this: ModelsLike, params: unknown): Promise<unknown> {
    const startedAt = performance.now();
    const span = startSpan(state, this, params);
    try {
      const stream = await context.with(trace.setSpan(context.active(), span), () => original.call(this, params));
      if (stream === null || typeof (stream as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function") {
        succeed(span, { parts: [] });
        return stream;
      }
      return tracedStream(stream as AsyncIterable<unknown>, span, startedAt);
    } catch (error) {
      fail(span, error);
      throw error;
    }
  };
}

/** One warning and a `diagnose()` problem for a value that is not `@google/genai` (naming `vertexAI` when it is `@google-cloud/vertexai`). */
function warnNotGoogleGenAI(module: unknown, logger: Logger): void {
  const m = (typeof module === "object" || typeof module === "function") && module !== null ? (module as Record<string, unknown>) : undefined;
  const vertex = typeof m?.VertexAI === "function" && typeof m.GenerativeModel === "function";
  const record = {
    option: "instrumentModules.googleGenAI",
    reason: vertex ? "the value is the @google-cloud/vertexai module, which this key does not instrument (nothing was patched)" : "the value is not a @google/genai module with a patchable Models class (nothing was patched)",
    fix: vertex
      ? "Give @google-cloud/vertexai under its own key: `import * as vertexAI from \"@google-cloud/vertexai\"` and `instrumentModules: { vertexAI }`."
      : "Pass the module itself: `import * as genai from \"@google/genai\"` (or its require()) and `instrumentModules: { googleGenAI: genai }`; for @google-cloud/vertexai use the `vertexAI` key.",
  };
  reportWrongModule(record, m, logger);
}

/**
 * Patches the `Models` prototype of a `@google/genai` module (ESM namespace or CommonJS exports) once; a second call
 * only rebinds the spans to `provider`. Returns false, with a warning, when the module has no patchable `Models`.
 */
export function instrumentGoogleGenAI(module: unknown, provider: TracerProvider, logger: Logger): boolean {
  const Models = (module as { Models?: { prototype?: Record<string | symbol, unknown> } } | null)?.Models;
  const proto = Models?.prototype;
  const generate = proto?.generateContentInternal;
  const stream = proto?.generateContentStreamInternal;
  if (!proto || typeof generate !== "function" || typeof stream !== "function") {
    warnNotGoogleGenAI(module, logger);
    return false;
  }
  const existing = proto[PATCHED] as PatchState | undefined;
  if (existing) {
    existing.provider = provider;
    return false;
  }
  const state: PatchState = { provider };
  proto.generateContentInternal = wrapGenerate(generate as Method, state);
  proto.generateContentStreamInternal = wrapStream(stream as Method, state);
  Object.defineProperty(proto, PATCHED, { value: state, configurable: true });
  logger.debug("instrumentModules.googleGenAI: patched @google/genai's Models (generateContent, generateContentStream)");
  return true;
}
