import type { Context, Span, Tracer } from "@opentelemetry/api";
import { context } from "@opentelemetry/api";
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import { runWithTracer, setActiveTracer } from "../context/active-tracer";
import { setSessionScope } from "../context/session-scope";
import { type EnrichSessionParams, enrichSession } from "../enrichment/enrich-session";
import { type EnrichSpanParams, enrichSpan } from "../enrichment/enrich-span";
import { normalizeUuid, newUuid } from "../internal/uuid";
import { type StartSpanOptions, runInSpan } from "../instrument/run-in-span";
import { wrapFunction } from "../instrument/trace";
import type { TraceOptions } from "../instrument/trace-options";
import { type HeaderCarrier, extractTracerContext, injectTracerContext } from "../propagation/w3c-context";
import { createBoundOtelTracer } from "./bound-otel-tracer";
import { flushLiveTracers } from "./live-tracers";
import { getSharedProvider } from "./shared-provider";
import { HoneyHiveTracerCore } from "./tracer-core";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => any;

/** Options of {@link HoneyHiveTracer.withSession}. */
export interface WithSessionOptions {
  sessionName?: string;
  /** A UUID; a new one is generated when absent or invalid. */
  sessionId?: string;
  inputs?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** Legacy options of `traceFunction`/`traceModel`/`traceTool`/`traceChain`. */
export type LegacyTraceOptions = Omit<TraceOptions, "tracer">;

/**
 * An independent HoneyHive tracer: its own session, API key, configuration and export pipeline. Creating
 * one is synchronous and never throws (unless `resilience: "strict"`); any number can coexist.
 *
 * @example
 * const tracer = new HoneyHiveTracer({ apiKey, sessionName: "chat" });
 * const answer = trace(async (q: string) => llm(q), { tracer, eventType: "chain" });
 */
export class HoneyHiveTracer extends HoneyHiveTracerCore {
  readonly #boundTracers = new Map<string, Tracer>();

  /** Old TS SDK entry point; same as `new HoneyHiveTracer(options)`. */
  static async init(options: HoneyHiveTracerOptions = {}): Promise<HoneyHiveTracer> {
    return new HoneyHiveTracer(options);
  }

  /** Flushes every live tracer in the process (old TS SDK static). */
  static flush(timeoutMs?: number): Promise<boolean> {
    return flushLiveTracers(timeoutMs);
  }

  /** The instance's session id. Setting it (old TS SDK) switches later spans to another valid UUID. */
  override get sessionId(): string {
    return super.sessionId;
  }
  override set sessionId(value: string) {
    const normalized = normalizeUuid(value);
    if (normalized) this.setSessionId(normalized);
    else this.logger.warn("sessionId must be a UUID; unchanged");
  }

  /** The API key this tracer sends (old TS SDK getter; never logged). */
  get apiKey(): string | undefined { return this.config.apiKey; }
  get project(): string | undefined { return this.config.project; }
  get serverUrl(): string { return this.config.serverUrl; }
  get sessionName(): string { return this.config.sessionName; }
  get source(): string { return this.config.source; }
  get inputs(): Record<string, unknown> | undefined { return this.config.inputs; }
  get metadata(): Record<string, unknown> | undefined { return this.config.metadata; }
  get disableBatch(): boolean { return this.config.disableBatch; }
  get isEvaluation(): boolean { return this.config.isEvaluation; }
  get runId(): string | undefined { return this.config.runId; }
  get datasetId(): string | undefined { return this.config.datasetId; }
  get datapointId(): string | undefined { return this.config.datapointId; }
  get verbose(): boolean { return this.config.verbose; }
  get disableHttpTracing(): boolean { return !this.config.httpTracing; }

  /** Runs `fn(...args)` with this tracer active: spans started inside (any library's) belong to it. */
  trace<F extends AnyFunction>(fn: F, ...args: Parameters<F>): ReturnType<F> {
    return runWithTracer(this, () => fn(...args));
  }

  /** Runs `fn(span)` inside a new active span of this tracer, ended when `fn` returns or settles. */
  startSpan<T>(name: string, fn: (span: Span) => T, options?: StartSpanOptions): T {
    return runInSpan(this, name, fn, options);
  }

  /**
   * Runs `fn` in a new session of this tracer (same key and pipeline): every span, enrichSession call and
   * nested async work inside `fn` belongs to that session, and nothing outside it does.
   */
  withSession<T>(options: WithSessionOptions, fn: (sessionId: string) => T): T {
    let sessionId = newUuid();
    let sessionName = this.config.sessionName;
    try {
      sessionId = normalizeUuid(options?.sessionId) ?? sessionId;
      sessionName = typeof options?.sessionName === "string" ? options.sessionName : sessionName;
      void this.startSession(sessionId, sessionName, { inputs: options?.inputs, metadata: options?.metadata });
    } catch {
      // unreadable options: fn still runs once, in a new session of this tracer
    }
    const ctx = setSessionScope(setActiveTracer(context.active(), this), { owner: this, sessionId, sessionName });
    return context.with(ctx, () => fn(sessionId));
  }

  /** Writes W3C `traceparent`/`tracestate`/`baggage` for an outgoing request (baggage: safe keys only). */
  injectContext<C extends HeaderCarrier>(headers: C, ctx?: Context): C {
    return injectTracerContext(this, headers, ctx) as C;
  }

  /** A context continuing the caller's trace from incoming headers, with this tracer active. */
  extractContext(headers: HeaderCarrier, ctx?: Context): Context {
    return extractTracerContext(this, headers, ctx);
  }

  /** Runs `fn` inside the context extracted from incoming headers (see {@link extractContext}). */
  withExtractedContext<T>(headers: HeaderCarrier, fn: () => T): T {
    return context.with(this.extractContext(headers), fn);
  }

  /** Enriches the active span (see the free `enrichSpan`). */
  enrichSpan(params: EnrichSpanParams = {}): boolean {
    return enrichSpan(params, this);
  }

  /** Enriches a session of this tracer (see the free `enrichSession`). */
  enrichSession(params: EnrichSessionParams = {}): Promise<boolean> {
    return enrichSession(params, this);
  }

  /**
   * An OpenTelemetry `Tracer` whose spans belong to this tracer even when started outside its context (e.g.
   * for the Vercel AI SDK's telemetry option). `name`/`version` label the spans' instrumentation scope.
   */
  getTracer(name = "honeyhive", version?: string): Tracer {
    const key = `${name}@${version ?? ""}`;
    let bound = this.#boundTracers.get(key);
    if (!bound) {
      bound = createBoundOtelTracer(this, getSharedProvider(this.logger).ownProvider.getTracer(name, version));
      if (this.#boundTracers.size < 64) this.#boundTracers.set(key, bound);
    }
    return bound;
  }

  /** Old TS SDK: `tracer.traceFunction(options)(fn)`. */
  traceFunction(options: LegacyTraceOptions = {}): <F extends AnyFunction>(fn: F) => F {
    return (fn) => wrapFunction(fn, { ...options, tracer: this });
  }

  /** Old TS SDK: traces `fn` as a "model" event. */
  traceModel<F extends AnyFunction>(fn: F, options: LegacyTraceOptions = {}): F {
    return wrapFunction(fn, { ...options, eventType: "model", tracer: this });
  }

  /** Old TS SDK: traces `fn` as a "tool" event. */
  traceTool<F extends AnyFunction>(fn: F, options: LegacyTraceOptions = {}): F {
    return wrapFunction(fn, { ...options, eventType: "tool", tracer: this });
  }

  /** Old TS SDK: traces `fn` as a "chain" event. */
  traceChain<F extends AnyFunction>(fn: F, options: LegacyTraceOptions = {}): F {
    return wrapFunction(fn, { ...options, eventType: "chain", tracer: this });
  }

  /** Old TS SDK: records a one-off "model" event enriched with `params`. */
  logModel(params: EnrichSpanParams = {}): void {
    const name = typeof params.eventName === "string" && params.eventName ? params.eventName : "model";
    this.startSpan(name, () => this.enrichSpan(params), { eventType: "model" });
  }

  /** Old TS SDK: resolves with the session id once the background session start finished (null if it failed). */
  override async startSession(): Promise<string | null>;
  override startSession(sessionId: string, sessionName: string, fields: { inputs?: Record<string, unknown>; metadata?: Record<string, unknown> }): Promise<boolean>;
  override async startSession(...args: unknown[]): Promise<string | null | boolean> {
    if (args.length > 0) return super.startSession(args[0] as string, args[1] as string, (args[2] ?? {}) as { inputs?: Record<string, unknown> });
    return (await this.whenSessionStarted()) ? this.sessionId : null;
  }

  /** A safe summary (never the API key) for logging and JSON. */
  toJSON(): Record<string, unknown> {
    return { sessionId: this.sessionId, sessionName: this.sessionName, source: this.source, project: this.project, serverUrl: this.serverUrl };
  }

  /** Node's util.inspect shows the safe summary only. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `HoneyHiveTracer ${JSON.stringify(this.toJSON())}`;
  }
}
