/**
 * Time to first token of LangChain's streamed model calls, which LangChain's tracers measure but OpenInference's
 * `LangChainTracer` does not export: LangChain's `BaseTracer` records each streamed token of an LLM run as a
 * `new_token` event with its time, and the run's start. When a LangChain instrumentation patches a callback manager
 * module, the SDK wraps `_endTrace` of the `BaseTracer` its tracer extends (found from the module itself; the tracer
 * calls `super._endTrace` before it ends the run's span): for an `llm` run with a `new_token` event, the
 * span the tracer holds for the run (OpenInference's `runs[run.id].span`, still open) gets the model event's
 * `time_to_first_token` (ms from the run's start to its first token, as LangChain's callbacks recorded them) and
 * `streamed`, where it has none. With a client instrumentation too, the client's own measure (its sibling span) is
 * the same call's; the kept model event has one figure. Once per `BaseTracer` copy; never throws, never changes what
 * LangChain does.
 */
import { type Span } from "@opentelemetry/api";
import { noteInternalError } from "../internal/guard";
import { afterPatching } from "./after-patching";
import { markFirstToken } from "./span-first-token";

const PATCHED = Symbol.for("honeyhive.langchain-first-token");

interface RunLike {
  id?: unknown;
  run_type?: unknown;
  start_time?: unknown;
  events?: unknown;
}

type EndTrace = (this: unknown, run: RunLike) => unknown;

interface TracerPrototype {
  _endTrace?: EndTrace;
  [PATCHED]?: true;
}

/** Milliseconds from the run's start to its first `new_token` event, or undefined. */
export function firstTokenMs(run: RunLike): number | undefined {
  const start = typeof run.start_time === "number" ? run.start_time : Date.parse(String(run.start_time));
  if (!Number.isFinite(start) || !Array.isArray(run.events)) return undefined;
  for (const event of run.events as unknown[]) {
    const e = event as { name?: unknown; time?: unknown } | null;
    if (e?.name !== "new_token") continue;
    const at = typeof e.time === "number" ? e.time : Date.parse(String(e.time));
    return Number.isFinite(at) && at >= start ? at - start : undefined;
  }
  return undefined;
}

/** The open span a tracer holds for a run (OpenInference's `runs[id].span`), or undefined. */
function spanOfRun(tracer: unknown, run: RunLike): Span | undefined {
  const runs = (tracer as { runs?: Record<string, { span?: unknown } | undefined> } | null)?.runs;
  const span = typeof run.id === "string" && typeof runs === "object" && runs !== null ? runs[run.id]?.span : undefined;
  const s = span as Partial<Span> | undefined;
  return typeof s?.setAttributes === "function" && typeof s.isRecording === "function" && s.isRecording() ? (s as Span) : undefined;
}

function noteFirstToken(tracer: unknown, run: RunLike): void {
  if (run?.run_type !== "llm") return;
  const ms = firstTokenMs(run);
  const span = ms === undefined ? undefined : spanOfRun(tracer, run);
  if (span !== undefined) markFirstToken(span, ms!);
}

/** Wraps `_endTrace` of a `BaseTracer` prototype (once). Returns true when patched now. */
export function observeLangChainFirstTokens(proto: TracerPrototype | undefined): boolean {
  try {
    const original = proto?._endTrace;
    if (proto === undefined || typeof original !== "function" || proto[PATCHED] === true) return false;
    proto._endTrace = function _endTrace(this: unknown, run: RunLike): unknown {
      try {
        noteFirstToken(this, run);
      } catch (error) {
        noteInternalError(error);
      }
      return original.call(this, run);
    };
    Object.defineProperty(proto, PATCHED, { value: true });
    return true;
  } catch (error) {
    noteInternalError(error);
    return false;
  }
}

/** The farthest prototype of `handler` that defines `_endTrace` itself: `BaseTracer`'s (a tracer's subclass overrides it). */
function baseTracerPrototype(handler: unknown): TracerPrototype | undefined {
  let found: TracerPrototype | undefined;
  for (let p = handler === null || typeof handler !== "object" ? null : Object.getPrototypeOf(handler); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.prototype.hasOwnProperty.call(p, "_endTrace")) found = p as TracerPrototype;
  }
  return found;
}

/**
 * The tracers a patched `@langchain/core/callbacks/manager` module adds to every run (`CallbackManager.configure()`
 * with no handlers of its own: what the instrumentation's patch adds), and the `BaseTracer` each extends — the exact
 * class copy in use, whichever module system or copy the application loaded. Builds handler objects only: no run.
 */
function observeCallbackManagerModule(module: unknown): void {
  const manager = (module as { CallbackManager?: { configure?: () => unknown } } | null)?.CallbackManager;
  if (typeof manager?.configure !== "function") return;
  const configured = manager.configure() as { handlers?: unknown; inheritableHandlers?: unknown } | undefined;
  const handlers = [configured?.handlers, configured?.inheritableHandlers].flatMap((list) => (Array.isArray(list) ? (list as unknown[]) : []));
  for (const handler of handlers) observeLangChainFirstTokens(baseTracerPrototype(handler));
}

/**
 * For a LangChain instrumentation (its scope name says `langchain`): observes the first tokens of the `BaseTracer`
 * its tracer extends, found from each callback manager module it patches (`manuallyInstrument`, its require hook).
 * Other instrumentations: nothing. Loads nothing; never throws.
 */
export function observeFirstTokensFor(instrumentation: unknown): void {
  const name = String((instrumentation as { instrumentationName?: unknown } | null)?.instrumentationName ?? "");
  if (/langchain/i.test(name)) afterPatching(instrumentation, PATCHED, observeCallbackManagerModule);
}
