import type { Context, Span, Tracer } from "@opentelemetry/api";
import { holdProcessUntilSettled } from "../internal/hold-process";
import { context } from "@opentelemetry/api";
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import { type OptionsSnapshot, snapshotTracerOptions } from "../config/options-snapshot";
import { runWithTracer, setActiveTracer } from "../context/active-tracer";
import { sessionIdFor, setSessionScope } from "../context/session-scope";
import { TRACER_BRAND } from "../context/tracer-handle";
import { type EnrichSessionParams, enrichSession } from "../enrichment/enrich-session";
import { type EnrichSpanParams, enrichSpan } from "../enrichment/enrich-span";
import { guard, noteInternalError } from "../internal/guard";
import { warnOncePerProcess } from "../internal/logger";
import { normalizeUuid } from "@honeyhive/core/ids/uuid";
import { runtime } from "../runtime/platform";
import { type StartSpanOptions, runInSpan } from "../instrument/run-in-span";
import { type HeaderCarrier, extractTracerContext, injectTracerContext } from "../propagation/w3c-context";
import { createBoundOtelTracer } from "./bound-otel-tracer";
import { HoneyHiveConfigError } from "./config-error";
import { HoneyHiveTracerLegacy } from "./honeyhive-tracer-legacy";
import { getSharedProvider } from "./shared-provider";
import { HoneyHiveTracerCore } from "./tracer-core";
import type { TracingDiagnostics } from "./tracer-diagnostics";
import { type FlushReport, buildFlushReport } from "./flush-report";
import { type WithSessionOptions, readWithSessionOptions } from "./with-session-options";
import { tracerFeaturesOf } from "../seam/class-features";
import type { TracerFeature } from "../seam/tracer-feature";
import { type GroupHandoff, TRACER_GROUP_OPTION, type TracerResourceSource } from "./tracer-resources";

export type { LegacyTraceOptions } from "./honeyhive-tracer-legacy";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => any;

export type { WithSessionOptions } from "./with-session-options";

const MAX_BOUND_TRACERS = 64;

/** A group's tracer comes with its options already snapshotted (a {@link GroupHandoff}); any other is snapshotted here. */
function snapshotOrHandoff(options: unknown): { snapshot: OptionsSnapshot; source: TracerResourceSource | undefined } {
  return groupHandoff(options) ?? { snapshot: snapshotTracerOptions(options), source: undefined };
}

function groupHandoff(options: unknown): GroupHandoff | undefined {
  if (typeof options !== "object" || options === null) return undefined;
  try {
    return (options as { [TRACER_GROUP_OPTION]?: GroupHandoff })[TRACER_GROUP_OPTION];
  } catch (error) {
    noteInternalError(error); // a revoked Proxy: snapshotTracerOptions reports it
    return undefined;
  }
}

function createEngine(options: unknown, facade: object, features: readonly TracerFeature[]): HoneyHiveTracerCore {
  const outer = snapshotOrHandoff(options);
  const { options: plain, problems } = outer.snapshot;
  if (problems.length > 0 && plain.resilience === "strict") throw new HoneyHiveConfigError(problems);
  let engine: HoneyHiveTracerCore;
  try {
    engine = new HoneyHiveTracerCore(plain, outer.source, facade, features);
  } catch (error) {
    if (error instanceof HoneyHiveConfigError) throw error;
    noteInternalError(error);
    // Last resort: a tracer that records locally and sends nothing, so the application keeps running.
    engine = new HoneyHiveTracerCore({ testMode: true, setAsDefault: false, skipSessionStart: true, logSink: plain.logSink }, undefined, facade);
    engine.logger.warn(`tracer could not be created from these options (${String(error)}); it records nothing`);
  }
  for (const problem of problems) warnOncePerProcess(engine.logger, problem);
  if (plain.activate !== false) engine.activate();
  return engine;
}

function textOf(value: unknown, fallback: string): string {
  return guard(() => (typeof value === "string" ? value : value === undefined || value === null ? fallback : String(value)), fallback);
}

/**
 * The tracer without the features' methods: tracing, sessions, context propagation, flush and shutdown (the old TS
 * SDK's getters and helpers are inherited from {@link HoneyHiveTracerLegacy}). Construct a `HoneyHiveTracer`, which
 * adds prompts and the features' counters to it; a tracer of this class alone runs no feature.
 */
export class HoneyHiveTracerBase extends HoneyHiveTracerLegacy {
  readonly #engine: HoneyHiveTracerCore;
  /** Made on the first `getTracer()` (most tracers, evaluate()'s one per datapoint, never call it). */
  #boundTracers: Map<string, Tracer> | undefined;

  /** Creates a tracer; see {@link HoneyHiveTracerOptions}. Options that cannot be read are ignored with a warning. */
  constructor(options: HoneyHiveTracerOptions = {}) {
    super();
    this.#engine = createEngine(options, this, tracerFeaturesOf(new.target));
    Object.defineProperty(this, TRACER_BRAND, { value: this.#engine, enumerable: false });
  }

  /**
   * Performs the tracer's process-wide actions, once, in a fixed order: provider (and context manager),
   * instrumentations, default tracer, exit hooks, session start (see docs/ARCHITECTURE.md). The constructor
   * calls it unless the options say `activate: false`. Returns this tracer; never throws.
   *
   * @example
   * const tracer = new HoneyHiveTracer({ apiKey, activate: false }); // objects only: no globals, no I/O
   * tracer.activate();
   */
  activate(): this {
    this.#engine.activate();
    return this;
  }

  /**
   * The session id where it is read: inside {@link withSession} (or an adopted incoming session) that session's id,
   * elsewhere the instance's own. Reading the own one starts it if nothing did yet (it is started on first need: you
   * hand the id to something, so it must exist); a scope's session is never replaced by another. Setting it (old TS
   * SDK) switches later spans outside such scopes to another valid UUID; anything else (`undefined`, a non-UUID) keeps
   * the current session, with one warning per process.
   */
  get sessionId(): string {
    const engine = this.#engine;
    const scoped = guard(() => sessionIdFor(engine, context.active()), engine.sessionId);
    return scoped !== engine.sessionId ? scoped : engine.sessionIdForUser();
  }
  set sessionId(value: string | undefined) {
    const normalized = guard(() => normalizeUuid(value), undefined);
    if (normalized) this.#engine.setSessionId(normalized);
    else warnOncePerProcess(this.#engine.logger, "sessionId must be a UUID; unchanged");
  }

  /** Resolves when the background session start finished: true on success, false on failure or when none was sent. */
  whenSessionStarted(): Promise<boolean> {
    return holdProcessUntilSettled(this.#engine.whenSessionStarted());
  }

  /** Runs `fn(...args)` with this tracer active: spans started inside (any library's) belong to it. */
  trace<F extends AnyFunction>(fn: F, ...args: Parameters<F>): ReturnType<F> {
    return runWithTracer(this.#engine, () => fn(...args));
  }

  /** Runs `fn(span)` inside a new active span of this tracer, ended when `fn` returns or settles. */
  startSpan<T>(name: string, fn: (span: Span) => T, options?: StartSpanOptions): T {
    return runInSpan(this.#engine, textOf(name, "span"), fn, guard(() => (options ? { ...options } : undefined), undefined));
  }

  /**
   * Runs `fn` in a new session of this tracer (same key and pipeline): every span, enrichSession call and
   * nested async work inside `fn` belongs to that session, and nothing outside it does.
   */
  withSession<T>(options: WithSessionOptions, fn: (sessionId: string) => T): T {
    const engine = this.#engine;
    const read = readWithSessionOptions(options, engine.logger);
    const sessionId = guard(() => normalizeUuid(read.sessionId), undefined) ?? runtime.randomUUID();
    const sessionName = textOf(read.sessionName, engine.config.sessionName);
    void engine.startSession(sessionId, sessionName, { inputs: read.inputs, metadata: read.metadata });
    const ctx = guard(() => setSessionScope(setActiveTracer(context.active(), engine), { owner: engine, sessionId, sessionName }), context.active());
    return context.with(ctx, () => fn(sessionId));
  }

  /** Writes W3C `traceparent`/`tracestate`/`baggage` for an outgoing request (baggage: safe keys only). */
  injectContext<C extends HeaderCarrier>(headers: C, ctx?: Context): C {
    const engine = this.#engine;
    return guard(() => {
      const at = ctx ?? context.active();
      // a session id handed to another service must exist (the own session is started on first need)
      if (engine.settings.propagateSessionId) engine.needSession(sessionIdFor(engine, at));
      return injectTracerContext(engine, headers, at) as C;
    }, headers);
  }

  /** A context continuing the caller's trace from incoming headers, with this tracer active. */
  extractContext(headers: HeaderCarrier, ctx?: Context): Context {
    return guard(() => extractTracerContext(this.#engine, headers, ctx), guard(() => setActiveTracer(context.active(), this.#engine), context.active()));
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
    const scopeName = textOf(name, "honeyhive");
    const scopeVersion = version === undefined ? undefined : textOf(version, "");
    const key = `${scopeName}@${scopeVersion ?? ""}`;
    const boundTracers = (this.#boundTracers ??= new Map<string, Tracer>());
    let bound = boundTracers.get(key);
    if (!bound) {
      const engine = this.#engine;
      bound = createBoundOtelTracer(engine, getSharedProvider(engine.logger).ownProvider.getTracer(scopeName, scopeVersion));
      if (boundTracers.size < MAX_BOUND_TRACERS) boundTracers.set(key, bound);
    }
    return bound;
  }

  /**
   * Exports everything queued so far; true only when all of it was delivered within `timeoutMs` (a session start or
   * update given up since the previous flush, counted in `diagnostics().sessionWritesLost`, or a span refused since then
   * because the tracer was shut down, makes it false). With no API key and no
   * `exporter` nothing is queued to send, so it is true at once ({@link flushReport} says what was delivered).
   */
  flush(timeoutMs?: number): Promise<boolean> {
    return this.#engine.flush(typeof timeoutMs === "number" && timeoutMs >= 0 ? timeoutMs : undefined);
  }

  /**
   * Flushes like {@link flush} and reports what happened: spans delivered, dropped and still pending, spans
   * still open. Never rejects.
   */
  async flushReport(timeoutMs?: number): Promise<FlushReport> {
    const started = Date.now();
    const before = this.#engine.diagnostics();
    const ok = await this.flush(timeoutMs);
    return buildFlushReport(before, this.#engine.diagnostics(), ok, Date.now() - started);
  }

  /**
   * Flushes and stops this instance only; idempotent. Resolves within `timeoutMs` (default 12 s, 4 s on AWS Lambda)
   * whatever the collector does: true when everything the tracer accepted was delivered (spans, session starts and
   * updates, online evaluations and their scores), false when anything was lost or its fate is not known yet (a
   * request still unanswered), each counted in {@link diagnostics}. Spans of this tracer started afterwards are dropped.
   */
  shutdown(timeoutMs?: number): Promise<boolean> {
    return holdProcessUntilSettled(this.#engine.shutdown(typeof timeoutMs === "number" && timeoutMs >= 0 ? timeoutMs : undefined));
  }

  /** Counters of spans started, ended, exported and dropped (with reasons), plus what was detected. */
  diagnostics(): TracingDiagnostics {
    return this.#engine.diagnostics();
  }

  /** A safe summary (never the API key) for logging and JSON. */
  toJSON(): Record<string, unknown> {
    const c = this.#engine.config;
    return { sessionId: this.#engine.sessionId, sessionName: c.sessionName, source: c.source, project: c.project, serverUrl: c.serverUrl };
  }

  /** Node's util.inspect shows the safe summary only. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `HoneyHiveTracer ${JSON.stringify(this.toJSON())}`;
  }
}
