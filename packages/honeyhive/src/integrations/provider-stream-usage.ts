/**
 * Streamed OpenAI chat completions (and Anthropic messages, whose client shares the same generated core): the provider sends the usage in the stream's last chunk when the request asks
 * for it (`stream_options: { include_usage: true }`), but the OpenAI instrumentations drop it — OpenInference's
 * (4.x) skips every chunk without choices, where the usage chunk has none; Traceloop's (0.27) never reads
 * `chunk.usage` — and neither records when the first chunk came. What the span lacks, the translation cannot read,
 * so the SDK observes the stream itself, below the instrumentation: it wraps the client's `post` (the call every
 * resource method makes, run inside the instrumentation's span) and, for a request made while a model span is active
 * whose response the client parses as a stream (`streamedResponse`: `openai` 5, 6 and 7 and `@anthropic-ai/sdk`
 * alike), watches the chunks as they leave the response, before any consumer (the instrumentation's tee or
 * wrapper, the application) sees them. On the first chunk it sets `gen_ai.response.time_to_first_chunk` (seconds),
 * on the usage chunk the OTel GenAI usage attributes (semconv/genai/provider-result.ts), each only where the span
 * has none — so a later instrumentation release that records them itself wins. Anthropic's instrumentations record
 * the stream's usage but not its first chunk; the same observer gives them the time to first chunk (its
 * `message_start` / `message_delta` usage is set only where the span has none yet). Applied by `instrumentModules`
 * (`openAI` and `anthropic` keys) to the module it patches, and for an OpenAI or Anthropic instrumentation given in
 * `instrumentations` to each module that instrumentation patches (its require hook or `manuallyInstrument`); never
 * throws, never changes what the application receives. A stream that fails midway under OpenInference's span is
 * recorded on it, not left to reject unhandled (instrumentation-stream-branch.ts).
 */
import { type Attributes, type Span, trace } from "@opentelemetry/api";
import { noteInternalError } from "../internal/guard";
import { afterPatching } from "./after-patching";
import { ATTR_EVENT_TYPE } from "@honeyhive/core/semconv/attributes";
import { instrumentationLayer } from "@honeyhive/core/semconv/instrumentation-layer";
import { providerResultAttributes } from "@honeyhive/core/semconv/genai/provider-result";
import { mergeStreamFacts } from "@honeyhive/core/semconv/stream-facts";
import { routeOf } from "../span/span-route";
import { type ClientStream, guardInstrumentationBranch } from "./instrumentation-stream-branch";

const PATCHED = Symbol.for("honeyhive.provider-stream-usage");
const MODEL_OPERATIONS = new Set(["chat", "text_completion"]);
/** The client class a provider module exports: `openai`'s, `@anthropic-ai/sdk`'s, `groq-sdk`'s (all one generated core). */
type ClientExport = "OpenAI" | "Anthropic" | "Groq";
/** `instrumentModules` keys whose module gets the observer, and the client class each exports. */
export const OBSERVED_MODULE_KEYS: Readonly<Record<string, ClientExport>> = { openai: "OpenAI", azureopenai: "OpenAI", anthropic: "Anthropic", groq: "Groq" };

type Post = (this: unknown, path: unknown, ...rest: unknown[]) => unknown;
/** What the client's `_thenUnwrap` hands its transform beside the parsed body (`APIResponseProps`). */
interface ResponseProps {
  options?: { stream?: unknown };
}
type Unwrap = (transform: (value: unknown, props?: ResponseProps) => unknown) => unknown;

/** The attributes of a span as the SDK holds it, or of the span a wrapper holds (OpenInference's OISpan). */
function attributesOf(span: Span): Attributes | undefined {
  const s = span as unknown as { attributes?: Attributes; span?: { attributes?: Attributes } };
  return s.attributes ?? s.span?.attributes;
}

/** True for a recording span that reports an LLM call (OpenInference LLM, OTel GenAI chat, HoneyHive model). */
function modelSpan(span: Span | undefined): span is Span {
  if (span === undefined || !span.isRecording()) return false;
  const a = attributesOf(span);
  if (a === undefined) return false;
  return a["openinference.span.kind"] === "LLM" || MODEL_OPERATIONS.has(String(a["gen_ai.operation.name"])) || a[ATTR_EVENT_TYPE] === "model" || a["llm.request.type"] === "chat";
}

/**
 * Sets the attributes of `found` the span lacks; usage only while the span reports none but what this stream set
 * (`ours`: an Anthropic stream's input count comes first, its output count later).
 */
function setMissing(span: Span, found: Record<string, string | number>, ours: Set<string>): void {
  if (!span.isRecording()) return;
  const current = attributesOf(span) ?? {};
  const hasUsage = Object.keys(current).some((k) => !ours.has(k) && (k.startsWith("gen_ai.usage.") || k.startsWith("llm.token_count.")));
  const missing: Attributes = {};
  for (const key of Object.keys(found)) {
    if (current[key] !== undefined || (hasUsage && key.startsWith("gen_ai.usage."))) continue;
    missing[key] = found[key];
    ours.add(key);
  }
  if (Object.keys(missing).length > 0) span.setAttributes(missing);
}

/** An OpenAI usage chunk or Responses `response.completed` event, or an Anthropic event that reports usage. */
function carriesUsage(chunk: unknown): boolean {
  if (typeof chunk !== "object" || chunk === null) return false;
  const c = chunk as { usage?: unknown; type?: unknown };
  return Boolean(c.usage) || c.type === "message_start" || c.type === "response.completed";
}

/**
 * Records the first chunk's time on the call's span, and hands it at once to the model call enclosing that span (a
 * framework's or the application's model span around the client's): an instrumentation that reads the stream on a
 * branch of its own (OpenInference's `tee()`) may end its span after the enclosing one ended, too late for the hand-up
 * at its end (processing/tracer-span-sink.ts).
 */
function firstChunk(span: Span, elapsedMs: number, ours: Set<string>): void {
  setMissing(span, { "gen_ai.response.time_to_first_chunk": elapsedMs / 1000 }, ours);
  const enclosing = routeOf(span)?.enclosing;
  if (enclosing !== undefined && !enclosing.span.ended) enclosing.absorbedStream = mergeStreamFacts(enclosing.absorbedStream, { streamed: true, firstChunkMs: elapsedMs });
}

/** Wraps the stream's chunk source (used by both its iteration and `tee()`), recording on `span`. */
function observe(stream: unknown, span: Span, startedAt: number): void {
  const target = stream as ClientStream;
  const source = target?.iterator;
  if (typeof source !== "function") return;
  target.iterator = async function* observed() {
    let first = true;
    const ours = new Set<string>();
    for await (const chunk of { [Symbol.asyncIterator]: () => source.call(target) }) {
      try {
        if (first) firstChunk(span, performance.now() - startedAt, ours);
        first = false;
        if (carriesUsage(chunk)) setMissing(span, providerResultAttributes(chunk), ours);
      } catch (error) {
        noteInternalError(error);
      }
      yield chunk;
    }
  };
  guardInstrumentationBranch(stream, span, attributesOf(span));
}

/**
 * True when the client parsed the response as a stream: the request options it answered (`props.options`, final
 * after the request was built) say `stream: true`. The one rule for every client version: `openai` 5 and 6 and
 * `@anthropic-ai/sdk` pass `post()` the options as an object, `openai` 7 as a promise whose `stream` flag is
 * settled only when the body is serialized (`streamFromBody`), so the options `post()` receives cannot tell.
 */
function streamedResponse(props: ResponseProps | undefined): boolean {
  return props?.options?.stream === true;
}

/**
 * Sets `server.address` / `server.port` from the client's `baseURL` where the span has no address: the endpoint the
 * call reached, from which the translation names an OpenAI-compatible provider (semconv/genai/provider-endpoint.ts).
 */
function recordEndpoint(span: Span, client: unknown): void {
  const base = typeof client === "object" && client !== null ? (client as { baseURL?: unknown }).baseURL : undefined;
  if (typeof base !== "string" || (attributesOf(span) ?? {})["server.address"] !== undefined) return;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return; // not a URL: nothing to name the endpoint by
  }
  if (url.hostname === "") return;
  const port = url.port !== "" ? Number(url.port) : url.protocol === "http:" ? 80 : 443;
  span.setAttributes({ "server.address": url.hostname, "server.port": port });
}

function wrapPost(original: Post): Post {
  return function post(this: unknown, path, ...rest) {
    const result = original.call(this, path, ...rest);
    try {
      const span = trace.getActiveSpan();
      const unwrap = (result as { _thenUnwrap?: Unwrap } | undefined)?._thenUnwrap;
      if (!modelSpan(span)) return result;
      recordEndpoint(span, this);
      if (typeof unwrap !== "function") return result;
      const startedAt = performance.now();
      return unwrap.call(result, (value, props) => {
        try {
          if (streamedResponse(props)) observe(value, span, startedAt);
        } catch (error) {
          noteInternalError(error);
        }
        return value;
      });
    } catch (error) {
      noteInternalError(error);
      return result;
    }
  };
}

/** The client class of an `openai` / `@anthropic-ai/sdk` module namespace (export `exportName`), or the class itself. */
function clientClass(module: unknown, exportName: string): { prototype: { post?: Post } } | undefined {
  const hasPost = (c: unknown): c is { prototype: { post?: Post } } =>
    typeof c === "function" && typeof (c as { prototype?: { post?: unknown } }).prototype?.post === "function";
  const named = typeof module === "object" || typeof module === "function" ? (module as Record<string, unknown> | null)?.[exportName] : undefined;
  if (hasPost(named)) return named; // a module namespace (the CommonJS export is itself a function: check OpenAI first)
  return hasPost(module) ? module : undefined;
}

/**
 * The prototype that defines `post` in the client class's chain: the generated base class (`BaseAnthropic`, the
 * `openai` client's core), which the provider's other clients extend too, so that `@anthropic-ai/bedrock-sdk`'s and
 * `@anthropic-ai/vertex-sdk`'s clients (subclasses of `BaseAnthropic`, not of `Anthropic`) are observed with it.
 */
function postOwner(proto: object | undefined): ({ post?: Post } & Record<symbol, unknown>) | undefined {
  for (let p: object | null | undefined = proto; p !== null && p !== undefined && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, "post")) return p as { post?: Post } & Record<symbol, unknown>;
  }
  return undefined;
}

/**
 * Observes the streamed calls of the `openai` module (`exportName` "OpenAI") or `@anthropic-ai/sdk` ("Anthropic"),
 * a namespace or the client class; once per class that defines `post` (the generated base class, shared by the
 * provider's clients for other clouds). Returns true when patched now.
 */
export function observeProviderStreams(module: unknown, exportName: ClientExport = "OpenAI"): boolean {
  try {
    const proto = postOwner(clientClass(module, exportName)?.prototype);
    if (proto === undefined || Object.prototype.hasOwnProperty.call(proto, PATCHED) || typeof proto.post !== "function") return false;
    proto.post = wrapPost(proto.post);
    Object.defineProperty(proto, PATCHED, { value: true });
    return true;
  } catch (error) {
    noteInternalError(error);
    return false;
  }
}

/**
 * The client class an instrumentation's modules export, by its scope name: OpenAI or Anthropic client
 * instrumentations only. A framework's instrumentation (the one classification, `instrumentationLayer`) is never one,
 * though its name may say "openai" (`…-openai-agents`); a client or unclassified scope is one by the client its name
 * says, so an instrumentation package not known yet still has its streams observed.
 */
export function clientOfInstrumentation(name: string): "OpenAI" | "Anthropic" | undefined {
  if (instrumentationLayer(name) === "framework") return undefined;
  if (/openai/i.test(name)) return "OpenAI";
  return /anthropic/i.test(name) ? "Anthropic" : undefined;
}

/**
 * For an OpenAI or Anthropic client instrumentation (OpenInference's, OpenLLMetry's): observes the streams of every
 * module it patches from now on — through its require hook (its module definitions' `patch`, looked up when the
 * module loads) or its `manuallyInstrument`. Other instrumentations: nothing. Never throws.
 */
export function observeThroughInstrumentation(instrumentation: unknown): void {
  try {
    const client = clientOfInstrumentation(String((instrumentation as { instrumentationName?: unknown } | null)?.instrumentationName ?? ""));
    if (client !== undefined) afterPatching(instrumentation, PATCHED, (module) => void observeProviderStreams(module, client));
  } catch (error) {
    noteInternalError(error);
  }
}
