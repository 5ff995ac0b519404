/**
 * Time to first token of LlamaIndex.TS's streamed `chat()` under OpenLLMetry's LlamaIndex instrumentation, which
 * records the call as one span but no time to its first chunk. Before that instrumentation patches a module (its
 * `manuallyInstrument(llamaindex, llamaOpenAI)` or its require hook), the SDK wraps `chat` of each LLM class the module
 * exports (a class whose prototype has `chat` and `complete`, the instrumentation's own test), so its wrapper ends up
 * inside the instrumentation's: a streamed call then runs with the instrumentation's span active, and the first chunk
 * the stream yields gives that span `time_to_first_token` (ms from the span's start) and `streamed`, where it has none.
 * Only a span of that instrumentation's scope is marked: a class it did not wrap runs under the caller's span, which
 * is left alone.
 * A call that is not streamed passes straight through; the stream's chunks, order, return and errors are unchanged.
 * Once per class; never throws into the app.
 */
import { hrTimeToMilliseconds } from "@opentelemetry/core";
import { trace, type HrTime, type Span } from "@opentelemetry/api";
import { noteInternalError } from "../internal/guard";
import { aroundPatching } from "./after-patching";
import { markFirstToken } from "./span-first-token";

const OBSERVED = Symbol.for("honeyhive.llamaindex-first-token");
const PATCHING = Symbol.for("honeyhive.llamaindex-first-token.patching");

type Chat = ((this: unknown, ...args: unknown[]) => unknown) & { [OBSERVED]?: true };

/** Milliseconds since the span's start (its recorded start time when readable, else `since`). */
function msSinceStart(span: Span, since: number): number {
  const start = (span as unknown as { startTime?: unknown }).startTime;
  if (Array.isArray(start) && typeof start[0] === "number" && typeof start[1] === "number") {
    return Math.max(0, Date.now() - hrTimeToMilliseconds(start as HrTime));
  }
  return Math.max(0, performance.now() - since);
}

function noteFirstChunk(span: Span, since: number): void {
  try {
    markFirstToken(span, msSinceStart(span, since));
  } catch (error) {
    noteInternalError(error);
  }
}

/** The same chunks, in order; the first one notes the span's first token. Breaking out closes the source too. */
async function* firstChunkNoted<T>(stream: AsyncIterable<T>, span: Span, since: number): AsyncGenerator<T> {
  let first = true;
  for await (const chunk of stream) {
    if (first) {
      first = false;
      noteFirstChunk(span, since);
    }
    yield chunk;
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function";
}

/** The active span when the instrumentation `scope` made it, else undefined. */
function activeSpanOf(scope: string): Span | undefined {
  const span = trace.getActiveSpan() as (Span & { instrumentationScope?: { name?: unknown } }) | undefined;
  return span?.instrumentationScope?.name === scope ? span : undefined;
}

/** `chat` wrapped: a streamed call's answer is followed for its first chunk, under the instrumentation's span. */
function observedChat(original: Chat, scope: string): Chat {
  const chat: Chat = function chat(this: unknown, ...args: unknown[]): unknown {
    const params = args[0] as { stream?: unknown } | null | undefined;
    const span = params?.stream === true ? activeSpanOf(scope) : undefined;
    const result = Reflect.apply(original, this, args);
    if (span === undefined || !(result instanceof Promise)) return result;
    const since = performance.now();
    return result.then((answer: unknown) => (isAsyncIterable(answer) ? firstChunkNoted(answer, span, since) : answer));
  };
  Object.defineProperty(chat, OBSERVED, { value: true });
  return chat;
}

/** Wraps `chat` of each LLM class `module` exports (once per class), for the spans of instrumentation `scope`. */
function observeLlmClasses(module: unknown, scope: string): void {
  if ((typeof module !== "object" && typeof module !== "function") || module === null) return;
  for (const name of Object.keys(module)) {
    try {
      const cls = (module as Record<string, unknown>)[name];
      const proto = typeof cls === "function" ? (cls as { prototype?: Record<string, unknown> }).prototype : undefined;
      const chat = proto?.chat as Chat | undefined;
      if (proto === undefined || typeof chat !== "function" || typeof proto.complete !== "function" || chat[OBSERVED] === true) continue;
      Object.defineProperty(proto, "chat", { value: observedChat(chat, scope), configurable: true, writable: true, enumerable: false });
    } catch (error) {
      noteInternalError(error); // a getter that throws, a frozen prototype: that class keeps its chat
    }
  }
}

/**
 * For OpenLLMetry's LlamaIndex instrumentation (its name says `llamaindex`): each module it patches from now on has its
 * LLM classes' `chat` observed first (see the module comment). Other instrumentations: nothing. Loads nothing.
 */
export function observeLlamaIndexFirstTokens(instrumentation: unknown): void {
  const name = String((instrumentation as { instrumentationName?: unknown } | null)?.instrumentationName ?? "");
  if (!/llamaindex/i.test(name)) return;
  aroundPatching(instrumentation, PATCHING, (_module, patch, modules) => {
    for (const module of modules) observeLlmClasses(module, name);
    return patch();
  });
}
