/**
 * The SDK's own instrumentation of Cohere's client (`cohere-ai` 7.x–8.x), for `instrumentModules: { cohere }`.
 * OpenLLMetry's Cohere instrumentation patches the v1 client only, records it without inputs or tokens, and reads a
 * `chatStream()` to its end before the application gets it (the application then receives nothing). Here both APIs'
 * chat calls are patched where every client's call goes: the generated `__chat` / `__chatStream` methods of the v2
 * client class (`CohereClientV2`, and `client.v2`) and of the v1 client class (`CohereClient`), looked up on the
 * prototypes (mutable whether the module came from `import` or `require`); a version without them has its public
 * `chat` / `chatStream` patched. Each call is one CLIENT span in the OpenTelemetry GenAI dialect
 * (`cohere-attributes.ts`): messages, tool calls and results, reply, tokens, and a stream's time to first token; a
 * stream is followed as the application reads it (`own-model-call.ts`). Decision record 0060.
 */
import type { TracerProvider } from "@opentelemetry/api";
import { COHERE_SCOPE } from "@honeyhive/core/semconv/instrumentation-layer";
import type { Logger } from "../internal/logger";
import { noteInternalError } from "../internal/guard";
import { type CohereApi, type PendingToolCalls, addCohereEvent, addCohereResponse, cohereRequestAttributes, finishToolCalls } from "./cohere-attributes";
import { emptyReply, replyAttributes } from "./genai-reply";
import { type ModelCallSpan, type Settled, followStream, runModelCall, startModelCall } from "./own-model-call";
import { reportWrongModule } from "./unpatched-modules";

/** Marks a patched method's prototype (shared by every copy of this SDK, so a prototype is never wrapped twice). */
const PATCHED = Symbol.for("honeyhive.cohere.patched");

interface PatchState {
  provider: TracerProvider;
}

type Method = (this: unknown, request: unknown, ...rest: unknown[]) => Promise<unknown>;
type Proto = Record<string | symbol, unknown>;

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

/** The prototype in `proto`'s chain that owns `name`, if any. */
function ownerOf(proto: object | null, name: string): Proto | undefined {
  for (let p = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, name)) return p as Proto;
  }
  return undefined;
}

/** Patches the chat methods of one client class's prototype chain; how many methods were newly patched. */
function patchClient(proto: object | undefined, api: CohereApi, state: PatchState): number {
  if (proto === undefined) return 0;
  let patched = 0;
  for (const [generated, publicName, streamed] of [["__chat", "chat", false], ["__chatStream", "chatStream", true]] as const) {
    const name = ownerOf(proto, generated) ? generated : publicName;
    const owner = ownerOf(proto, name);
    const original = owner?.[name];
    if (owner === undefined || typeof original !== "function") continue;
    const marks = (owner[PATCHED] as Set<string> | undefined) ?? new Set<string>();
    if (marks.has(name)) continue;
    owner[name] = wrap(original as Method, state, api, streamed);
    marks.add(name);
    if (!Object.prototype.hasOwnProperty.call(owner, PATCHED)) Object.defineProperty(owner, PATCHED, { value: marks, configurable: true });
    patched++;
  }
  return patched;
}

/** The prototype of the v2 client class (not exported: reached through a client made with a placeholder token, which sends nothing). */
function v2Prototype(module: Record<string, unknown>): object | undefined {
  const probes: (() => unknown)[] = [
    () => (new (module.CohereClientV2 as new (o: object) => Record<string, unknown>)({ token: "honeyhive-probe" })).clientV2,
    () => (new (module.CohereClient as new (o: object) => Record<string, unknown>)({ token: "honeyhive-probe" })).v2,
  ];
  for (const probe of probes) {
    try {
      const client = probe();
      if (typeof client === "object" && client !== null) return Object.getPrototypeOf(client) as object;
    } catch {
      // not this version's shape: try the next
    }
  }
  return undefined;
}

/** Every state of this process's patches (one per module object given), so a second call only rebinds the provider. */
const STATES = new WeakMap<object, PatchState>();

/**
 * Patches the chat calls of a `cohere-ai` module's v2 and v1 clients once; a second call only rebinds the spans to
 * `provider`. Returns false when nothing was newly patched; a module with neither client is warned about and reported
 * by `diagnose()` with its fix.
 */
export function instrumentCohere(module: unknown, provider: TracerProvider, logger: Logger): boolean {
  const m = (typeof module === "object" || typeof module === "function") && module !== null ? (module as Record<string, unknown>) : undefined;
  const existing = m ? STATES.get(m) : undefined;
  if (existing) {
    existing.provider = provider;
    return false;
  }
  const state: PatchState = { provider };
  let patched = 0;
  const v2 = m ? v2Prototype(m) : undefined;
  try {
    if (m) patched = patchClient(v2, "v2", state) + patchClient((m.CohereClient as { prototype?: object } | undefined)?.prototype, "v1", state);
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

/** One warning per process and a `diagnose()` problem for a value that is not a `cohere-ai` module. */
function reportNotCohere(m: Record<string, unknown> | undefined, logger: Logger): void {
  const record = {
    option: "instrumentModules.cohere",
    reason: "the value is not a cohere-ai module with a CohereClientV2 or CohereClient class (nothing was patched)",
    fix: "Pass the module itself: `import * as cohere from \"cohere-ai\"` (or its require()) and `instrumentModules: { cohere }`.",
  };
  reportWrongModule(record, m, logger);
}
