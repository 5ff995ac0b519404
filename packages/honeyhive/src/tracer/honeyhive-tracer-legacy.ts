import { TRACER_BRAND, tracerHandleOf } from "../context/tracer-handle";
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import { type EnrichSpanParams, enrichSpan } from "../enrichment/enrich-span";
import { guard } from "../internal/guard";
import { holdProcessUntilSettled } from "../internal/hold-process";
import { runInSpan } from "../instrument/run-in-span";
import { wrapFunction } from "../instrument/trace";
import type { TraceOptions } from "../instrument/trace-options";
import { flushLiveTracers } from "./live-tracers";
import type { HoneyHiveTracerCore } from "./tracer-core";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => any;

/** Legacy options of `traceFunction`/`traceModel`/`traceTool`/`traceChain`. */
export type LegacyTraceOptions = Omit<TraceOptions, "tracer">;

/** The engine behind a public tracer (set by the `HoneyHiveTracer` constructor under the brand). */
function engineOf(tracer: object): HoneyHiveTracerCore {
  return tracerHandleOf(tracer) as HoneyHiveTracerCore;
}

function legacyOptions(options: unknown): LegacyTraceOptions {
  return guard(() => (typeof options === "object" && options !== null ? { ...(options as LegacyTraceOptions) } : {}), {});
}

/**
 * The old TS SDK's surface of `HoneyHiveTracer` (statics, configuration getters, `traceModel`-style helpers),
 * kept apart from the current API. `HoneyHiveTracer` extends it; nothing here holds state.
 */
export abstract class HoneyHiveTracerLegacy {
  /** Opaque brand identifying a HoneyHive tracer (lets options and free functions accept it). */
  declare readonly [TRACER_BRAND]: unknown;

  /** Old TS SDK entry point; same as `new HoneyHiveTracer(options)`. */
  static async init<T>(this: new (options?: HoneyHiveTracerOptions) => T, options: HoneyHiveTracerOptions = {}): Promise<T> {
    return new this(options);
  }

  /** Flushes every live tracer in the process (old TS SDK static). */
  static flush(timeoutMs?: number): Promise<boolean> {
    return flushLiveTracers(timeoutMs);
  }

  /**
   * Old TS SDK static: enriches the active span, as the free {@link enrichSpan} does (the span's own tracer, found from
   * context). Returns false when no span is active. Never throws.
   * @deprecated Use the free `enrichSpan(params)` or `tracer.enrichSpan(params)`.
   */
  static enrichSpan(params: EnrichSpanParams = {}): boolean {
    return enrichSpan(params);
  }

  /** The API key this tracer sends (old TS SDK getter; never logged). */
  get apiKey(): string | undefined { return engineOf(this).config.apiKey; }
  /** The project name, if configured. */
  get project(): string | undefined { return engineOf(this).config.project; }
  /** The HoneyHive server URL. */
  get serverUrl(): string { return engineOf(this).config.serverUrl; }
  /** The name of the tracer's own session. */
  get sessionName(): string { return engineOf(this).config.sessionName; }
  /** The `source` recorded on every span. */
  get source(): string { return engineOf(this).config.source; }
  /** The session's inputs given at construction. */
  get inputs(): Record<string, unknown> | undefined { return engineOf(this).config.inputs; }
  /** The session's metadata given at construction. */
  get metadata(): Record<string, unknown> | undefined { return engineOf(this).config.metadata; }
  /** True when spans are exported one request per span. */
  get disableBatch(): boolean { return engineOf(this).config.disableBatch; }
  /** True for a tracer of an evaluation run. */
  get isEvaluation(): boolean { return engineOf(this).config.isEvaluation; }
  /** The evaluation run id, if any. */
  get runId(): string | undefined { return engineOf(this).config.runId; }
  /** The dataset id of an evaluation, if any. */
  get datasetId(): string | undefined { return engineOf(this).config.datasetId; }
  /** The datapoint id of an evaluation, if any. */
  get datapointId(): string | undefined { return engineOf(this).config.datapointId; }
  /** True when debug logging is on. */
  get verbose(): boolean { return engineOf(this).config.verbose; }
  /** True when HTTP client spans are not recorded. */
  get disableHttpTracing(): boolean { return !engineOf(this).config.httpTracing; }

  /** Old TS SDK: `tracer.traceFunction(options)(fn)`. */
  traceFunction(options: LegacyTraceOptions = {}): <F extends AnyFunction>(fn: F) => F {
    const resolved = legacyOptions(options);
    return (fn) => wrapFunction(fn, { ...resolved, tracer: this });
  }

  /** Old TS SDK: traces `fn` as a "model" event. */
  traceModel<F extends AnyFunction>(fn: F, options: LegacyTraceOptions = {}): F {
    return wrapFunction(fn, { ...legacyOptions(options), eventType: "model", tracer: this });
  }

  /** Old TS SDK: traces `fn` as a "tool" event. */
  traceTool<F extends AnyFunction>(fn: F, options: LegacyTraceOptions = {}): F {
    return wrapFunction(fn, { ...legacyOptions(options), eventType: "tool", tracer: this });
  }

  /** Old TS SDK: traces `fn` as a "chain" event. */
  traceChain<F extends AnyFunction>(fn: F, options: LegacyTraceOptions = {}): F {
    return wrapFunction(fn, { ...legacyOptions(options), eventType: "chain", tracer: this });
  }

  /** Old TS SDK: records a one-off "model" event enriched with `params`. Never throws. */
  logModel(params: EnrichSpanParams = {}): void {
    const engine = engineOf(this);
    const name = guard(() => (typeof params?.eventName === "string" && params.eventName ? params.eventName : "model"), "model");
    guard(() => runInSpan(engine, name, () => enrichSpan(params, this), { eventType: "model" }), false);
  }

  /** Old TS SDK: resolves with the session id once the background session start finished (null if it failed). */
  async startSession(): Promise<string | null> {
    const engine = engineOf(this);
    return (await holdProcessUntilSettled(engine.whenSessionStarted())) ? engine.sessionId : null;
  }
}
