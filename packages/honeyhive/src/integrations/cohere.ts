/**
 * The SDK's own instrumentation of Cohere's client (`cohere-ai` 7.x–8.x), for `instrumentModules: { cohere }`.
 * OpenLLMetry's Cohere instrumentation patches the v1 client only, records it without inputs or tokens, and reads a
 * `chatStream()` to its end before the application gets it (the application then receives nothing). Here both APIs'
 * chat calls are patched where every client's call goes: the generated `__chat` / `__chatStream` methods of the v2
 * client class (`CohereClientV2`, and `client.v2`) and of the v1 client class (`CohereClient`), looked up on the
 * prototypes (mutable whether the module came from `import` or `require`); a version without them has its public
 * `chat` / `chatStream` patched. Each call is one CLIENT span in the OpenTelemetry GenAI dialect
 * (`cohere-attributes.ts`): messages, tool calls and results, reply, tokens, and a stream's time to first token; a
 * stream is followed as the application reads it (`own-model-call.ts`). Imported when the key is given a module that
 * passes `cohere-module.ts`'s check (its methods held meanwhile). Decision record 0060.
 */
import type { TracerProvider } from "@opentelemetry/api";
import { COHERE_SCOPE } from "@honeyhive/core/semconv/instrumentation-layer";
import type { Logger } from "../internal/logger";
import { noteInternalError } from "../internal/guard";
import { type CohereApi, type PendingToolCalls, addCohereEvent, addCohereResponse, cohereRequestAttributes, finishToolCalls } from "./cohere-attributes";
import { emptyReply, replyAttributes } from "./genai-reply";
import { type ModelCallSpan, type Settled, followStream, runModelCall, startModelCall } from "./own-model-call";
import { COHERE_CHAT_METHODS, COHERE_PATCHED, chatTarget, cohereModuleObject, reportNotCohere, v1Prototype, v2Prototype } from "./cohere-module";

const PATCHED = COHERE_PATCHED;

interface PatchState {
  provider: TracerProvider;
}

type Method = (this: unknown, request: unknown, ...rest: unknown[]) => Promise<unknown>;

/** The generated methods' result (`{ data, rawResponse }`), or the data itself (a version without them). */
function dataOf(result: unknown): { holder?: Record<string, unknown>; data: unknown } {
  const r = result as Record<string, unknown> | null;
  return typeof r === "object" && r !== null && "data" in r && "rawResponse" in r ? { holder: r, data: r.data } : { data: result };
}

function recordResponse(api: CohereApi, call: ModelCallSpan, result: unknown): void {
  const reply = emptyReply();
  addCohereResponse(api, reply, dataOf(result).data);
  call.span.setAttributes(replyAttributes(reply));
}

/** Follows the stream in the result (the `data` of `{ data, rawResponse }`, or the result itself). */
function followResult(api: CohereApi, call: ModelCallSpan, result: unknown): Settled<unknown> | void {
  const { holder, data } = dataOf(result);
  const reply = emptyReply();
  const pending: PendingToolCalls = new Map();
  const reader = {
    add: (event: unknown) => addCohereEvent(api, reply, event, pending),
    attributes: () => {
      finishToolCalls(reply, pending);
      return replyAttributes(reply);
    },
  };
  const followed = followStream(data, call, reader, "proxy");
  if (followed === undefined) return undefined;
  if (!holder) return { value: followed, streaming: true };
  holder.data = followed;
  return { value: result, streaming: true };
}

function wrap(original: Method, state: PatchState, api: CohereApi, streamed: boolean): Method {
  return function cohereChat(this: unknown, request: unknown, ...rest: unknown[]): Promise<unknown> {
    const call = startModelCall(state.provider, COHERE_SCOPE, () => cohereRequestAttributes(api, request));
    const invoke = () => Reflect.apply(original, this, [request, ...rest]) as Promise<unknown>;
    if (call === undefined) return invoke();
    return runModelCall(call, invoke, (result) => (streamed ? followResult(api, call, result) : recordResponse(api, call, result)));
  };
}

/** Patches the chat methods of one client class's prototype chain; how many methods were newly patched. */
function patchClient(proto: object | undefined, api: CohereApi, state: PatchState): number {
  if (proto === undefined) return 0;
  let patched = 0;
  for (const [generated, publicName, streamed] of COHERE_CHAT_METHODS) {
    const target = chatTarget(proto, generated, publicName);
    if (target === undefined) continue;
    const [owner, name] = target;
    const original = owner[name];
    const marks = (owner[PATCHED] as Set<string> | undefined) ?? new Set<string>();
    if (marks.has(name)) continue;
    owner[name] = wrap(original as Method, state, api, streamed);
    marks.add(name);
    if (!Object.prototype.hasOwnProperty.call(owner, PATCHED)) Object.defineProperty(owner, PATCHED, { value: marks, configurable: true });
    patched++;
  }
  return patched;
}

/** Every state of this process's patches (one per module object given), so a second call only rebinds the provider. */
const STATES = new WeakMap<object, PatchState>();

/**
 * Patches the chat calls of a `cohere-ai` module's v2 and v1 clients once; a second call only rebinds the spans to
 * `provider`. Returns false when nothing was newly patched; a module with neither client is warned about and reported
 * by `diagnose()` with its fix.
 */
export function instrumentCohere(module: unknown, provider: TracerProvider, logger: Logger): boolean {
  const m = cohereModuleObject(module);
  const existing = m ? STATES.get(m) : undefined;
  if (existing) {
    existing.provider = provider;
    return false;
  }
  const state: PatchState = { provider };
  let patched = 0;
  const v2 = m ? v2Prototype(m) : undefined;
  try {
    if (m) patched = patchClient(v2, "v2", state) + patchClient(v1Prototype(m), "v1", state);
  } catch (error) {
    noteInternalError(error);
  }
  if (m && (patched > 0 || v2 !== undefined)) {
    STATES.set(m, state);
    if (patched > 0) logger.debug(`instrumentModules.cohere: patched ${patched} chat method(s) of cohere-ai's v2 and v1 clients`);
    return patched > 0;
  }
  reportNotCohere(m, logger);
  return false;
}
