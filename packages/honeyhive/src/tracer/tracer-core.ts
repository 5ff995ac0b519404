import type { NormalizeBudget } from "../normalize/budget";
import { type Context, INVALID_SPAN_CONTEXT, type Span, type Tracer, trace as otelTrace } from "@opentelemetry/api";
import { GrowthSinceLastAsked } from "../internal/growth-since-last-asked";
import type { Span as SdkSpan } from "@opentelemetry/sdk-trace-base";
import { OwnSpans } from "../span/own-spans";
import { StampCache } from "../span/stamp-cache";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import { offerDefaultTracerHandle, releaseDefaultTracerHandle, setDefaultTracerHandle } from "../context/default-tracer";
import { type SessionUpdate, type SpanSink, TRACER_BRAND, type TracerHandle, type TracerHandleSettings } from "../context/tracer-handle";
import type { SpanPipeline } from "../export/span-pipeline";
import { type TracerResourceSource, createTracerResources } from "./tracer-resources";
import { endOpenStreams } from "../instrument/stream-result";
import { type Logger, warnOncePerProcess } from "../internal/logger";
import { type DatapointCollectors, createTracerSpanSink } from "../processing/tracer-span-sink";
import { DatapointMetrics } from "../processing/datapoint-metrics";
import { MAX_SESSION_SPANS, SessionSpans } from "../processing/session-spans";
import { Activation, type ActivationSteps } from "./activation";
import { resolveEngineConfig } from "./engine-config";
import { noteDisabledTracer } from "./disabled-tracers";
import { type UnsentAtExit, trackLiveTracer } from "./live-tracers";
import { unsentWorkOf } from "./exit-warning";
import { OwnSessionStart, configuredSessionStart, refuseUpdateThatCannotLand } from "./own-session-start";
import { ownSpanOwner } from "./own-span-owner";
import type { SessionClient } from "./session-client";
import { getSharedProvider, type SharedProvider } from "./shared-provider";
import { activateFeatures, activateProvider } from "./process-activation";
import { type SpanCounters, type TracingDiagnostics, countsLine, newSpanCounters, ownCountsLine, spanCounts, tracerDiagnostics } from "./tracer-diagnostics";
import { noteInternalError } from "../internal/guard";
import type { FeatureHost, PipelinePart, TracerFeature, TracerPart } from "../seam/tracer-feature";
import { evaluatorOf } from "../context/evaluator-scope";
import { type FeatureParts, attachTracerParts, featureDiagnostics, tellParts } from "./feature-parts";
import { type TracerDeliverables, deliverAll, deliverAtShutdown, deliverSharedAtShutdown } from "./tracer-delivery";

/**
 * The engine of a HoneyHive tracer (internal, never exported from the package): resolved config, its own
 * session, span stamping and routing target, its own export pipeline, flush and shutdown. It implements
 * what lower layers need ({@link TracerHandle}); the public `HoneyHiveTracer` is a facade holding one.
 */
export class HoneyHiveTracerCore implements TracerHandle {
  readonly [TRACER_BRAND]: TracerHandle = this;
  readonly facade: object | undefined;
  readonly logger: Logger;
  readonly settings: TracerHandleSettings;
  readonly config: ResolvedTracerConfig;
  readonly enabled: boolean;
  readonly sessions: SessionClient;
  #sessionId: string;
  readonly #stamps: StampCache;
  readonly #pipeline: SpanPipeline;
  readonly #sharedResources: boolean;
  /** This tracer's spans; with shared resources, {@link #served} counts the spans of every tracer sharing them. */
  readonly #counters: SpanCounters;
  readonly #served: SpanCounters;
  readonly #options: HoneyHiveTracerOptions;
  readonly #activation = new Activation();
  #provider: SharedProvider | undefined;
  #contextManager = false;
  /** The own session's start, sent on its first need (see {@link OwnSessionStart}). */
  /** The start of the session this tracer's spans go to by default (a new one when `setSessionId` moves them). */
  #ownSession: OwnSessionStart;
  /** Whether this tracer starts its sessions at all: undefined until activation decides (online, not skipped). */
  #startsSessions: boolean | undefined;
  #shutdown: Promise<boolean> | undefined;
  /** Spans refused after shutdown that a flush answered for already (a later flush answers false for new ones). */
  readonly #refusedAsked = new GrowthSinceLastAsked();
  /** During shutdown, while online evaluations may still run: their judges' spans are accepted. */
  #judgingAtShutdown = false;
  readonly #sink: SpanSink;
  readonly #ownSpans: OwnSpans;
  /** The features this tracer runs (its class's: see `seam/class-features.ts`), and their parts of it and of its pipeline. */
  readonly #features: readonly TracerFeature[];
  readonly #parts: FeatureParts<TracerPart>;
  readonly #pipelineParts: ReadonlyMap<string, PipelinePart>;
  /**
   * The metric values and the ended spans of the tracer's session, collected only for evaluate()'s datapoint tracers
   * (a tracer of a group, `isEvaluation`): see `processing/datapoint-metrics.ts` and `processing/session-spans.ts`.
   * Undefined for every other tracer.
   */
  readonly datapoint: DatapointCollectors | undefined;
  get attributeBudget(): Readonly<NormalizeBudget> {
    return this.#pipeline.attributeBudget;
  }

  get connection(): { readonly apiKey: string | undefined; readonly ingestionApiKey: string | undefined; readonly serverUrl: string } {
    return { apiKey: this.config.apiKey, ingestionApiKey: this.config.ingestionApiKey, serverUrl: this.config.serverUrl };
  }

  /**
   * Builds the tracer's objects only: configuration, logger, stamps, sink, export pipeline and sessions client.
   * Nothing process-wide happens here (no provider, no default tracer, no hooks, no request): see {@link activate}.
   *
   * @param options - the user's options (already a plain snapshot: see `snapshotTracerOptions`).
   * @param group - a {@link TracerResourceSource} (evaluate()'s per-run group) whose export pipeline and API
   *   client this tracer shares with the other tracers of the group.
   * @param facade - the public tracer this engine serves.
   * @param features - the features it runs (their parts are attached here; none load their code yet).
   */
  constructor(options: HoneyHiveTracerOptions = {}, group?: TracerResourceSource, facade?: object, features: readonly TracerFeature[] = []) {
    this.facade = facade;
    this.#features = features;
    this.#options = options ?? {};
    const { config, logger, enabled } = resolveEngineConfig(this.#options, group?.configs);
    this.config = config;
    this.logger = logger;
    this.enabled = enabled;
    if (!enabled) noteDisabledTracer();
    this.#sessionId = config.sessionId;
    this.#ownSession = configuredSessionStart(config.sessionId, this.#options.sessionId);
    this.#stamps = new StampCache(config);
    this.settings = Object.freeze({
      runId: config.runId, datasetId: config.datasetId, datapointId: config.datapointId,
      trustIncomingSession: config.trustIncomingSession, propagateSessionId: config.propagateSessionId, sessionName: config.sessionName, resilience: config.resilience,
    });
    const resources = group ? group.resourcesFor(config, logger, this.#options, enabled, features) : createTracerResources(config, logger, this.#options, enabled, features);
    this.sessions = resources.sessions;
    this.#pipeline = resources.pipeline;
    this.#sharedResources = resources.shared;
    this.#served = resources.counters;
    this.#counters = resources.shared ? newSpanCounters() : resources.counters;
    this.#pipelineParts = resources.parts;
    const sessionId = (): string => this.#sessionId;
    const collect = group !== undefined && config.isEvaluation;
    this.datapoint = collect ? { metrics: new DatapointMetrics(sessionId, group.noteModelEvent?.bind(group)), spans: new SessionSpans(sessionId, MAX_SESSION_SPANS, group.spanReads) } : undefined;
    const sink = createTracerSpanSink(this.#pipeline, this.#options.mask, () => this.#count("ended"), this.datapoint);
    this.#parts = enabled ? attachTracerParts(features, this.#featureHost()) : new Map();
    this.#sink = [...this.#parts.values()].reduce((inner, part) => part.wrapSink?.(inner) ?? inner, sink);
    this.#ownSpans = this.#createOwnSpans();
  }

  /** What the features' parts of this tracer get from it. */
  #featureHost(): FeatureHost {
    return {
      config: this.config,
      logger: this.logger,
      handle: this,
      update: (sessionId, update, eventId) => {
        this.needSession(sessionId);
        this.sessions.hurryStart(sessionId); // a feature's write (a score) waits for its session's start: it goes next
        return this.sessions.update(sessionId, update, eventId, true); // the SDK's own background write
      },
      spansDelivered: (timeoutMs) => {
        this.#sink.release?.(); // a model span waiting for a sibling twin goes now: it is the one to be judged
        return this.#pipeline.whenDelivered(timeoutMs);
      },
      spanDropped: (span) => this.#pipeline.wasDropped(span),
    };
  }

  /** Counts a span in this tracer's counters and, when they are shared, in the shared ones. */
  #count(what: keyof SpanCounters): void {
    this.#counters[what]++;
    if (this.#served !== this.#counters) this.#served[what]++;
  }

  #createOwnSpans(): OwnSpans {
    return new OwnSpans({
      owner: ownSpanOwner(this.config, this.#sink, this.#pipeline.attributeBudget),
      stamps: this.#stamps,
      handle: this,
      onStarted: (sessionId, startTime, span) => {
        this.#count("started");
        this.#ownSession.spanStarted(sessionId, startTime);
        tellParts(this.#parts, (part) => part.spanStarted?.(span));
      },
      route: (span, parentContext) => this.onSpanStart(span, parentContext),
      appTracer: () => this.#provider?.appTracer,
    });
  }

  /**
   * Performs the process-wide actions, once, in this order (each guarded, each undone by {@link shutdown}):
   * 1. provider: a context manager and the shared provider, registered globally when none is;
   * 2. instrumentations (`instrumentations`, `instrumentModules`, `httpTracing`);
   * 3. default tracer (offered, or set with `setAsDefault: true`);
   * 4. exit hooks (the runtime's: Node flushes at `beforeExit`/`SIGTERM`; none on workerd/Edge);
   * 5. spool: with the `spool` option, spans an earlier process left on disk start to be sent;
   * 6. session start: armed, sent (`POST /v1/sessions`, in the background) when the session is first needed.
   * Returns false when the tracer was already activated or shut down. Never throws.
   */
  activate(): boolean {
    if (this.#shutdown) return false;
    return this.#activation.run(HoneyHiveTracerCore.#ACTIVATION_STEPS, this);
  }

  /** The steps of {@link activate}, made once for every tracer (evaluate() activates one per datapoint). */
  static readonly #ACTIVATION_STEPS: ActivationSteps<HoneyHiveTracerCore> = {
    provider: (core) => core.#activateProvider(),
    instrumentations: (core) => core.#activateInstrumentations(),
    "default-tracer": (core) => core.#activateDefault(),
    "exit-hooks": (core) => (core.#sharedResources ? undefined : trackLiveTracer(core)),
    spool: (core) => core.#pipeline.start(),
    "session-start": (core) => core.#activateSession(),
  };

  /** "constructed", "active" or "undone" (after shutdown). */
  get activationState(): "constructed" | "active" | "undone" {
    return this.#activation.state;
  }

  #activateProvider(): void {
    const { provider, contextManager } = activateProvider(this.logger);
    this.#provider = provider;
    this.#contextManager = contextManager;
  }

  #activateInstrumentations(): void {
    if (this.enabled && this.#provider) activateFeatures(this.#features, this.#options, this.config, this.#provider, this.logger);
  }

  #activateDefault(): (() => void) | undefined {
    if (!this.enabled || this.#options.setAsDefault === false) return undefined;
    if (this.#options.setAsDefault === true) setDefaultTracerHandle(this);
    else offerDefaultTracerHandle(this);
    return () => releaseDefaultTracerHandle(this);
  }

  /**
   * Arms the own session's start: it is sent in the background when the session is first needed - a span stamped
   * into it, `enrichSession` of it, `whenSessionStarted()`, the public `sessionId` getter - so a tracer whose work all
   * runs in other sessions (withSession, adopted incoming sessions) adds no empty session (decision record 0034).
   * An evaluate() datapoint's tracer starts at once: its session is its datapoint.
   */
  #activateSession(): void {
    const config = this.config;
    this.#startsSessions = this.enabled && this.sessions.online && !config.skipSessionStart;
    if (!this.#startsSessions) return this.#ownSession.cancel();
    this.#armOwnSession(this.#ownSession);
  }

  /**
   * Arms `own`'s start. The configured session's start carries the configured inputs, metadata and user properties
   * (and a datapoint's is sent at once); a session given to `setSessionId` is started with the session name only.
   */
  #armOwnSession(own: OwnSessionStart): void {
    const config = this.config;
    const configured = own.sessionId === config.sessionId;
    const fields = configured ? { inputs: config.inputs, metadata: config.metadata, userProperties: config.userProperties } : {};
    own.arm((startTime) => {
      const started = this.sessions.start(own.sessionId, config.sessionName, { ...fields, startTime }, config);
      // started on a need, maybe by a span about to end: its spans are sent once the start is answered
      if (!this.#sharedResources) this.#pipeline.holdUntil(started, config.timeoutMs);
      return started;
    }, configured && config.isEvaluation);
  }

  /** The shared provider's tracer (the tracer is activated first if it was built with `activate: false`). */
  get otelTracer(): Tracer {
    if (!this.#provider) this.activate();
    return (this.#provider ?? getSharedProvider(this.logger)).otelTracer;
  }

  /** The instance's own session id (a lowercase UUID), available immediately. Reading it is not a need (internal). */
  get sessionId(): string {
    return this.#sessionId;
  }

  /**
   * The own session id as the public `sessionId` getter hands it out: the user passes it on (feedback, a frontend, a
   * link), so the session must exist - reading it there is a need (internal readers use {@link sessionId}).
   */
  sessionIdForUser(): string {
    this.needSession(this.#sessionId);
    return this.#sessionId;
  }

  /** Session `sessionId` is needed now: when it is this tracer's own and its start is armed, the start is sent. */
  needSession(sessionId: string): void {
    this.#ownSession.needIfOwn(sessionId);
  }

  /** Switches the instance's session (old TS SDK setter; the caller validated the UUID). */
  setSessionId(sessionId: string): void {
    this.#sessionId = sessionId;
    this.#stamps.setSessionId(sessionId, this.config.sessionName);
    if (sessionId === this.#ownSession.sessionId) return;
    // The new id follows the own session's rule (decision record 0034): its start is armed and sent on its first need
    // (a span, enrichSession, the sessionId getter), and its updates and spans wait for it, so an update sent before
    // its spans were flushed no longer finds no session. The backend's start is idempotent on the id: a session started
    // elsewhere is not changed. The previous session, if it was never needed, is never started.
    this.#ownSession.cancel();
    const own = new OwnSessionStart(sessionId);
    this.#ownSession = own;
    if (this.#shutdown !== undefined || this.#startsSessions === false) own.cancel();
    else if (this.#startsSessions === true) this.#armOwnSession(own);
    // not activated yet: activation arms it (a need before then is remembered)
  }

  /** Resolves when the background `POST /session/start` finished: true on success, false on failure or when none was sent. */
  whenSessionStarted(): Promise<boolean> {
    this.needSession(this.#ownSession.sessionId);
    return this.#ownSession.started;
  }

  /** Starts one of the SDK's own spans: stamped, ending in this tracer's sink (see {@link OwnSpans}). */
  startOwnSpan(name: string, parentContext: Context): Span {
    if (!this.enabled || this.#closedTo(parentContext)) {
      if (this.#shutdown) this.#refuseAfterShutdown();
      return otelTrace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    }
    return this.#ownSpans.start(name, parentContext);
  }

  /** The part the feature named `name` added to this tracer, if any (features reach their state of a tracer through it). */
  featurePart(name: string): object | undefined {
    return this.#parts.get(name);
  }

  /**
   * Whether a span started now in `parentContext` is refused: after shutdown began, except evaluation work (an online
   * judge's) while shutdown still lets a feature's work run (`TracerPart.worksAtShutdown`), so its calls and their cost
   * are recorded.
   */
  #closedTo(parentContext: Context): boolean {
    return this.#shutdown !== undefined && !(this.#judgingAtShutdown && evaluatorOf(parentContext) !== undefined);
  }

  /** Processor hook: stamps a span started with this tracer in its parent context. */
  onSpanStart(span: SdkSpan, parentContext: Context): SpanSink | undefined {
    if (!this.enabled) return undefined;
    if (this.#closedTo(parentContext)) {
      this.#refuseAfterShutdown();
      return undefined;
    }
    const sessionId = this.#stamps.stamp(span, parentContext, this);
    this.#count("started");
    this.#ownSession.spanStarted(sessionId, span.startTime);
    tellParts(this.#parts, (part) => part.spanStarted?.(span));
    return this.#sink;
  }

  /**
   * Counts work refused because this tracer was shut down, and says so once per process: a tracer reused after its
   * `shutdown()` (a warm serverless instance keeping the last request's) would otherwise lose it in silence.
   */
  #refuseAfterShutdown(): void {
    this.#count("droppedShutdown");
    warnOncePerProcess(this.logger, "a span was started on a tracer once its shutdown() began and was dropped (counted in diagnostics().dropped.shutdown); make a new tracer for work after shutdown");
  }

  /**
   * Sends a session update after the session's start (`PUT /events`); never rejects. Also after shutdown: feedback
   * comes later than the request it rates, and a retried write must still reach the session.
   */
  updateSession(sessionId: string, update: SessionUpdate, waitThroughOutage = false): Promise<boolean> {
    if (!this.enabled) return Promise.resolve(false);
    if (this.#ownSession.updateCannotLand(sessionId)) return refuseUpdateThatCannotLand(sessionId, this.logger, this.sessions.losses);
    this.needSession(sessionId); // an update of the own session follows its start
    if (this.datapoint !== undefined && update.metrics !== undefined) this.datapoint.metrics.fromSession(sessionId, update.metrics, this.config.sessionName);
    tellParts(this.#parts, (part) => part.sessionUpdated?.(sessionId, update));
    return this.sessions.update(sessionId, update, sessionId, waitThroughOutage);
  }

  /** Starts another session on this tracer's backend, in the background. */
  startSession(sessionId: string, sessionName: string, fields: { inputs?: Record<string, unknown>; metadata?: Record<string, unknown> }): Promise<boolean> {
    if (!this.enabled || this.config.skipSessionStart) return Promise.resolve(false);
    tellParts(this.#parts, (part) => part.sessionStarted?.(sessionId, fields.inputs));
    return this.sessions.start(sessionId, sessionName, fields, this.config);
  }

  /**
   * Exports everything queued so far; true only when all of it was delivered within `timeoutMs`: the spans, and the
   * session starts and updates (none given up since the previous flush, none still unanswered), and the online
   * evaluations queued then with their writes (`tracer-delivery.ts`), and no span refused since the previous flush
   * because this tracer was shut down. A tracer made a no-op by its configuration answers false.
   */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    if (!this.enabled) return false; // a configuration error made it a no-op: nothing it was given is delivered
    const refusedBaseline = this.#refusedAsked.baseline();
    const delivered = await deliverAll(this.#deliverables(), timeoutMs);
    if (this.logger.verbose) this.logger.debug(`flush: ${this.#countsLine()}`);
    // spans refused since the previous flush because the tracer was shut down were not delivered either
    return this.#refusedAsked.noneSince(this.#counters.droppedShutdown, refusedBaseline) && delivered;
  }

  /** What flush and shutdown deliver (see `tracer-delivery.ts`). */
  #deliverables(): TracerDeliverables {
    return {
      pipeline: this.#pipeline, sessions: this.sessions, parts: this.#parts, ownSessionId: this.#ownSession.sessionId,
      release: () => {
        const abandoned = endOpenStreams(this);
        if (abandoned > 0) this.logger.debug(`flush: ended ${abandoned} unfinished stream span(s) as abandoned`);
        this.#sink.release?.(); // model spans waiting for a sibling twin go now (processing/sibling-hold.ts)
      },
    };
  }

  /**
   * Flushes and stops this instance only, within `timeoutMs` (default 12 s, 4 s on Lambda); idempotent. Spans of this
   * tracer started afterwards are dropped. Resolves true when everything it accepted was delivered (see
   * `deliverAtShutdown`); false otherwise, the loss counted in {@link diagnostics}.
   */
  shutdown(timeoutMs?: number): Promise<boolean> {
    const budget = typeof timeoutMs === "number" && timeoutMs >= 0 ? timeoutMs : this.config.environment === "lambda" ? 4000 : 12_000;
    this.#shutdown ??= (async () => {
      this.#activation.undo();
      this.#ownSession.cancel(true); // never activated, or the session was never needed: no session start will come
      let delivered = false;
      try {
        delivered = this.#sharedResources
          ? await deliverSharedAtShutdown(this.#deliverables(), budget)
          : await deliverAtShutdown(this.#deliverables(), budget, (on) => (this.#judgingAtShutdown = on));
      } catch (error) {
        noteInternalError(error); // shutdown never rejects
      }
      if (this.logger.verbose) this.logger.debug(`shutdown: ${this.#sharedResources ? ownCountsLine(this.#counters) : this.#countsLine()}`);
      return delivered && this.enabled;
    })();
    return this.#shutdown;
  }

  /** The verbose span-count line (see {@link countsLine}). */
  #countsLine(): string {
    return countsLine(this.#served, this.#pipeline.stats(), this.config, this.#sharedResources);
  }

  /**
   * At process exit: what this tracer's own pipeline and session requests have not sent, with the logger for the
   * process-wide exit warning (a tracer of a group: undefined, the group counts for it).
   */
  unsentAtExit(): UnsentAtExit | undefined {
    return this.#sharedResources ? undefined : { work: unsentWorkOf({ pipeline: this.#pipeline, sessions: this.sessions }), logger: this.logger };
  }

  /**
   * Counters of spans started, ended, exported and dropped (with reasons), plus what was detected, and each feature's
   * counters under its name (the facade's `TracerDiagnostics` types them).
   */
  diagnostics(): TracingDiagnostics {
    const found = { contextManager: this.#contextManager, globalProvider: this.#provider?.situation ?? ("not-activated" as const), sessionId: this.#sessionId };
    const diagnostics = tracerDiagnostics(spanCounts(this.#served, this.#pipeline.stats()), this.config, this.enabled, { startsDropped: this.sessions.startsDropped, writesLost: this.sessions.losses.counts() }, found);
    return Object.assign(diagnostics, featureDiagnostics(this.#pipelineParts, this.#parts));
  }
}
