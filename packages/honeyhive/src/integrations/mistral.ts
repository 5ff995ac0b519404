/**
 * The SDK's own instrumentation of Mistral's client (`@mistralai/mistralai` 1.x–2.x, an ES module), for
 * `instrumentModules: { mistral }`. Mistral's built-in telemetry is off unless the application turns it on, and then
 * records no time to first token. Here `chat.complete` and `chat.stream` are patched on the `Chat` class's prototype
 * (reached through a client made with a placeholder key, which sends nothing): each call is one CLIENT span in the
 * OpenTelemetry GenAI dialect (`mistral-attributes.ts`), a stream followed as the application reads it, with its time
 * to first token (`own-model-call.ts`). Decision record 0060.
 */
import type { TracerProvider } from "@opentelemetry/api";
import { MISTRAL_SCOPE } from "@honeyhive/core/semconv/instrumentation-layer";
import type { Logger } from "../internal/logger";
import { emptyReply, replyAttributes } from "./genai-reply";
import { type PendingCalls, addMistralChunk, addMistralResponse, finishMistralCalls, mistralRequestAttributes } from "./mistral-attributes";
import { type ModelCallSpan, type Settled, followStream, runModelCall, startModelCall } from "./own-model-call";
import { MISTRAL_PATCHED, mistralChatPrototype, warnNotMistralModule } from "./mistral-module";

const PATCHED = MISTRAL_PATCHED;

interface PatchState {
  provider: TracerProvider;
}

type Method = (this: unknown, request: unknown, ...rest: unknown[]) => Promise<unknown>;

function recordResponse(call: ModelCallSpan, response: unknown): void {
  const reply = emptyReply();
  addMistralResponse(reply, response);
  call.span.setAttributes(replyAttributes(reply));
}

function followResponse(call: ModelCallSpan, stream: unknown): Settled<unknown> | void {
  const reply = emptyReply();
  const pending: PendingCalls = new Map();
  const reader = {
    add: (event: unknown) => addMistralChunk(reply, event, pending),
    attributes: () => {
      finishMistralCalls(reply, pending);
      return replyAttributes(reply);
    },
  };
  // the EventStream the application already gets: its own iterator is shadowed, so it stays the same object
  const followed = followStream(stream, call, reader, "in-place");
  return followed === undefined ? undefined : { value: followed, streaming: true };
}

function wrap(original: Method, state: PatchState, streamed: boolean): Method {
  return function mistralChat(this: unknown, request: unknown, ...rest: unknown[]): Promise<unknown> {
    const call = startModelCall(state.provider, MISTRAL_SCOPE, () => mistralRequestAttributes(request));
    const invoke = () => Reflect.apply(original, this, [request, ...rest]) as Promise<unknown>;
    if (call === undefined) return invoke();
    return runModelCall(call, invoke, (result) => (streamed ? followResponse(call, result) : recordResponse(call, result)));
  };
}

/**
 * Patches `chat.complete` and `chat.stream` of a `@mistralai/mistralai` module once; a second call only rebinds the
 * spans to `provider`. Returns false when nothing was newly patched; something else than the module is warned about
 * and reported by `diagnose()` with its fix.
 */
export function instrumentMistral(module: unknown, provider: TracerProvider, logger: Logger): boolean {
  const proto = mistralChatPrototype(module);
  if (!proto) {
    warnNotMistralModule(module, logger);
    return false;
  }
  const existing = Object.prototype.hasOwnProperty.call(proto, PATCHED) ? (proto[PATCHED] as PatchState) : undefined;
  if (existing) {
    existing.provider = provider;
    return false;
  }
  const state: PatchState = { provider };
  proto.complete = wrap(proto.complete as Method, state, false);
  proto.stream = wrap(proto.stream as Method, state, true);
  Object.defineProperty(proto, PATCHED, { value: state, configurable: true });
  logger.debug("instrumentModules.mistral: patched @mistralai/mistralai's Chat (complete, stream)");
  return true;
}
