/**
 * Time to first token of LangChain's streamed model calls, which LangChain's tracers measure but OpenInference's
 * `LangChainTracer` does not export: LangChain's `BaseTracer` records each streamed token of an LLM run as a
 * `new_token` event with its time, and the run's start. When a LangChain instrumentation is registered, the SDK wraps
 * `BaseTracer.prototype._endTrace` of the `@langchain/core` copy the application resolves (the class the tracer
 * extends; it calls `super._endTrace` before it ends the run's span): for an `llm` run with a `new_token` event, the
 * span the tracer holds for the run (OpenInference's `runs[run.id].span`, still open) gets the model event's
 * `time_to_first_token` (ms from the run's start to its first token, as LangChain's callbacks recorded them) and
 * `streamed`, where it has none. With a client instrumentation too, the client's own measure (its sibling span) is
 * the same call's; the kept model event has one figure. Once per `@langchain/core` copy; never throws, never changes
 * what LangChain does.
 */
import { type Span } from "@opentelemetry/api";
import { noteInternalError } from "../internal/guard";
import { runtime } from "../runtime/platform";
import { ATTR_STREAMED, ATTR_TIME_TO_FIRST_TOKEN } from "@honeyhive/core/semconv/stream-facts";

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
  if (span === undefined) return;
  const attributes = (span as unknown as { attributes?: Record<string, unknown> }).attributes ?? {};
  if (attributes[ATTR_TIME_TO_FIRST_TOKEN] === undefined) span.setAttributes({ [ATTR_TIME_TO_FIRST_TOKEN]: ms!, [ATTR_STREAMED]: true });
}

/** Wraps `_endTrace` of a `BaseTracer` class (once). Returns true when patched now. */
export function observeLangChainFirstTokens(baseTracer: unknown): boolean {
  try {
    const proto = (baseTracer as { prototype?: TracerPrototype } | undefined)?.prototype;
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

const TRACERS_BASE = "@langchain/core/tracers/base";

/**
 * For a LangChain instrumentation (its scope name says `langchain`): observes the first tokens of `@langchain/core`'s
 * `BaseTracer` as the application loads it — the CommonJS copy it resolves (now) and the ES module of every installed
 * copy (as soon as it is imported: an instrumentation's ES build extends that one). Other instrumentations: nothing.
 * Never throws.
 */
export function observeFirstTokensFor(instrumentation: unknown): void {
  try {
    const name = String((instrumentation as { instrumentationName?: unknown } | null)?.instrumentationName ?? "");
    const node = runtime.node;
    if (!/langchain/i.test(name) || node === undefined) return;
    const patch = (module: unknown): void => void observeLangChainFirstTokens((module as { BaseTracer?: unknown } | undefined)?.BaseTracer);
    patch(node.loadModuleOf(TRACERS_BASE, TRACERS_BASE));
    for (const dir of node.packageCopies.installedCopies("@langchain/core")) {
      node.packageCopies.importCopy(dir, "./tracers/base").then(patch, () => undefined); // not importable here: the CommonJS copy only
    }
  } catch (error) {
    noteInternalError(error);
  }
}
