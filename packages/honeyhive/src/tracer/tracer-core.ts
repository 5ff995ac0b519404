import { type Context, INVALID_SPAN_CONTEXT, type Span, type Tracer, trace as otelTrace } from "@opentelemetry/api";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import { clampTimeout } from "../internal/timer-delay";
import type { Span as SdkSpan } from "@opentelemetry/sdk-trace-base";
import { SDK_VERSION } from "../api-client/sdk-version";
import { OwnSpans } from "../span/own-spans";
import { StampCache } from "../span/stamp-cache";
import { type ResolvedTracerConfig, resolveTracerConfig } from "../config/resolve-config";
import { readEnv } from "../internal/env";
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import { offerDefaultTracerHandle, releaseDefaultTracerHandle, setDefaultTracerHandle } from "../context/default-tracer";
import { ensureContextManager } from "../context/ensure-context-manager";
import { type SessionUpdate, type SpanSink, TRACER_BRAND, type TracerHandle, type TracerHandleSettings } from "../context/tracer-handle";
import type { SpanPipeline } from "../export/span-pipeline";
import { type TracerResourceSource, createTracerResources } from "./tracer-resources";
import { endOpenStreams } from "../instrument/stream-result";
import { enableHttpTracing, instrumentModules, registerInstrumentations } from "../integrations/register-instrumentations";
import { type Logger, createLogger, scrubSecrets } from "../internal/logger";
import { withTimeout } from "../internal/with-timeout";
import { internalErrorCount } from "../internal/guard";
import { firstTimeInProcess } from "../internal/process-state";
import { createTracerSpanSink } from "../processing/tracer-span-sink";
import { HoneyHiveConfigError } from "./config-error";
import { trackLiveTracer } from "./live-tracers";
import { buildResourceAttributes } from "./resource-attributes";
import type { SessionClient } from "./session-client";
import { getSharedProvider, type GlobalProviderSituation } from "./shared-provider";
import { type TracerDiagnostics, formatDiagnostics } from "./tracer-diagnostics";
import { noteInternalError } from "../internal/guard";

const OWN_SCOPE = Object.freeze({ name: "honeyhive", version: SDK_VERSION });

/**
 * The engine of a HoneyHive tracer (internal, never exported from the package): resolved config, its own
 * session, span stamping and routing target, its own export pipeline, flush and shutdown. It implements
 * what lower layers need ({@link TracerHandle}); the public `HoneyHiveTracer` is a facade holding one.
 */
export class HoneyHiveTracerCore implements TracerHandle {
  readonly [TRACER_BRAND]: TracerHandle = this;
  readonly facade: object | undefined;
  readonly logger: Logger;
  readonly otelTracer: Tracer;
  readonly settings: TracerHandleSettings;
  readonly config: ResolvedTracerConfig;
  readonly enabled: boolean;
  readonly sessions: SessionClient;
  #sessionId: string;
  readonly #stamps: StampCache;
  readonly #pipeline: SpanPipeline;
  readonly #sharedResources: boolean;
  readonly #counters = { started: 0, ended: 0, droppedShutdown: 0 };
  readonly #contextManager: boolean;
  readonly #situation: GlobalProviderSituation;
  readonly #untrack: () => void;
  #sessionStart: Promise<boolean>;
  #shutdown: Promise<void> | undefined;
  readonly #sink: SpanSink;
  readonly #ownSpans: OwnSpans;
  #resource: Resource | undefined;

  /**
   * @param options - the user's options (already a plain snapshot: see `snapshotTracerOptions`).
   * @param group - a {@link TracerResourceSource} (evaluate()'s per-run group) whose export pipeline and API
   *   client this tracer shares with the other tracers of the group.
   * @param facade - the public tracer this engine serves.
   */
  constructor(options: HoneyHiveTracerOptions = {}, group?: TracerResourceSource, facade?: object) {
    this.facade = facade;
    const { config, errors, warnings } = resolveTracerConfig(options ?? {}, group?.env ?? readEnv());
    const secrets = config.apiKey ? [config.apiKey] : [];
    if (errors.length > 0 && config.resilience === "strict") throw new HoneyHiveConfigError(errors.map((e) => scrubSecrets(e, secrets)));
    this.config = config;
    this.logger = createLogger({ verbose: config.verbose, sink: options?.logSink, secrets });
    for (const warning of warnings) this.logger.warn(warning);
    this.enabled = errors.length === 0 || config.resilience === "resilient";
    if (errors.length > 0) {
      const outcome = this.enabled ? "invalid values were replaced by defaults" : "this tracer is a no-op (nothing is recorded or sent)";
      this.logger.warn(`configuration problem(s): ${errors.join("; ")}; ${outcome}`);
    }
    this.#sessionId = config.sessionId;
    this.#stamps = new StampCache({
      sessionId: config.sessionId, source: config.source, project: config.project, runId: config.runId, datasetId: config.datasetId, datapointId: config.datapointId,
    });
    this.settings = Object.freeze({
      runId: config.runId, datasetId: config.datasetId, datapointId: config.datapointId,
      trustIncomingSession: config.trustIncomingSession, propagateSessionId: config.propagateSessionId, sessionName: config.sessionName,
    });
    const resources = group ? group.resourcesFor(config, this.logger, options ?? {}, this.enabled) : createTracerResources(config, this.logger, options ?? {}, this.enabled);
    this.sessions = resources.sessions;
    this.#pipeline = resources.pipeline;
    this.#sharedResources = resources.shared;
    if (!config.apiKey && !config.testMode && !options?.exporter && firstTimeInProcess("no-api-key")) {
      this.logger.warn("no API key (option apiKey or HH_API_KEY): spans are recorded locally but nothing is sent");
    }
    this.#contextManager = ensureContextManager().present;
    if (!this.#contextManager) this.logger.warn("no working OpenTelemetry context manager: spans cannot follow async work");
    const shared = getSharedProvider(this.logger);
    this.otelTracer = shared.otelTracer;
    this.#situation = shared.situation;
    if (this.enabled) {
      if (options?.instrumentations?.length) registerInstrumentations(options.instrumentations, shared.provider, this.logger);
      if (options?.instrumentModules) instrumentModules(options.instrumentModules, shared.provider, this.logger);
      if (config.httpTracing) enableHttpTracing(shared.provider, this.logger);
    }
    this.#sink = createTracerSpanSink(this.#pipeline, options?.mask, () => {
      this.#counters.ended++;
    });
    const lazyResource = (): Resource => {
      this.#resource ??= resourceFromAttributes(buildResourceAttributes(config));
      return this.#resource;
    };
    this.#ownSpans = new OwnSpans({
      owner: {
        get resource(): Resource {
          return lazyResource();
        },
        instrumentationScope: OWN_SCOPE,
        sink: this.#sink,
      },
      stamps: this.#stamps,
      handle: this,
      onStarted: () => {
        this.#counters.started++;
      },
      route: (span, parentContext) => this.onSpanStart(span, parentContext),
      appTracer: shared.appTracer,
    });
    const startSession = this.enabled && this.sessions.online && !config.skipSessionStart;
    this.#sessionStart = startSession
      ? this.sessions.start(config.sessionId, config.sessionName, { inputs: config.inputs, metadata: config.metadata, userProperties: config.userProperties }, config)
      : Promise.resolve(false);
    if (this.enabled && options?.setAsDefault === true) setDefaultTracerHandle(this);
    else if (this.enabled && options?.setAsDefault !== false) offerDefaultTracerHandle(this);
    this.#untrack = this.#sharedResources ? () => undefined : trackLiveTracer(this);
  }

  /** The instance's own session id (a lowercase UUID), available immediately. */
  get sessionId(): string {
    return this.#sessionId;
  }

  /** Switches the instance's session (old TS SDK setter; the caller validated the UUID). */
  setSessionId(sessionId: string): void {
    this.#sessionId = sessionId;
    this.#stamps.setSessionId(sessionId);
  }

  /** Resolves when the background `POST /session/start` finished: true on success, false on failure or when none was sent. */
  whenSessionStarted(): Promise<boolean> {
    return this.#sessionStart;
  }

  /** Starts one of the SDK's own spans: stamped, ending in this tracer's sink (see {@link OwnSpans}). */
  startOwnSpan(name: string, parentContext: Context): Span {
    if (!this.enabled || this.#shutdown) {
      if (this.#shutdown) this.#counters.droppedShutdown++;
      return otelTrace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    }
    return this.#ownSpans.start(name, parentContext);
  }

  /** Processor hook: stamps a span started with this tracer in its parent context. */
  onSpanStart(span: SdkSpan, parentContext: Context): SpanSink | undefined {
    if (!this.enabled) return undefined;
    if (this.#shutdown) {
      this.#counters.droppedShutdown++;
      return undefined;
    }
    this.#stamps.stamp(span, parentContext, this);
    this.#counters.started++;
    return this.#sink;
  }

  /** Sends a session update after the session's start (`PUT /events`); never rejects. */
  updateSession(sessionId: string, update: SessionUpdate): Promise<boolean> {
    if (!this.enabled) return Promise.resolve(false);
    return this.sessions.update(sessionId, update);
  }

  /** Starts another session on this tracer's backend, in the background. */
  startSession(sessionId: string, sessionName: string, fields: { inputs?: Record<string, unknown>; metadata?: Record<string, unknown> }): Promise<boolean> {
    if (!this.enabled || this.config.skipSessionStart) return Promise.resolve(false);
    return this.sessions.start(sessionId, sessionName, fields, this.config);
  }

  /** Exports everything queued so far; true only when all of it was delivered within `timeoutMs`. */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    // The SDK's requests never keep the process alive; a caller awaiting flush does, for at most timeoutMs.
    const hold = setTimeout(() => undefined, clampTimeout(timeoutMs));
    try {
      const abandoned = endOpenStreams(this);
      if (abandoned > 0) this.logger.debug(`flush: ended ${abandoned} unfinished stream span(s) as abandoned`);
      const deadline = Date.now() + timeoutMs;
      await withTimeout(this.sessions.settled(), timeoutMs, undefined);
      const delivered = await this.#pipeline.flush(Math.max(1, deadline - Date.now()));
      if (this.logger.verbose) this.logger.debug(`flush: ${formatDiagnostics(this.diagnostics())}`);
      return delivered;
    } catch {
      return false;
    } finally {
      clearTimeout(hold);
    }
  }

  /**
   * Flushes and stops this instance only, within `timeoutMs` (default 12 s, 4 s on Lambda); idempotent.
   * Spans of this tracer started afterwards are dropped.
   */
  shutdown(timeoutMs?: number): Promise<void> {
    const budget = typeof timeoutMs === "number" && timeoutMs >= 0 ? timeoutMs : this.config.environment === "lambda" ? 4000 : 12_000;
    const deadline = Date.now() + budget;
    this.#shutdown ??= (async () => {
      releaseDefaultTracerHandle(this);
      this.#untrack();
      try {
        if (this.#sharedResources) {
          // The group delivers shared batches (evaluate() drains it before completing the run); here only
          // this tracer's own session requests are waited for.
          endOpenStreams(this);
          await withTimeout(this.sessions.settled(this.sessionId), Math.min(budget, 10_000), undefined);
        } else {
          await this.flush(Math.max(1, Math.round(budget * 0.8)));
          await this.#pipeline.shutdown(Math.max(1, deadline - Date.now()));
        }
      } catch (error) {
        noteInternalError(error); // shutdown never rejects
      }
      if (this.logger.verbose) this.logger.debug(`shutdown: ${formatDiagnostics(this.diagnostics())}`);
    })();
    return this.#shutdown;
  }

  /** Counters of spans started, ended, exported and dropped (with reasons), plus what was detected. */
  diagnostics(): TracerDiagnostics {
    const stats = this.#pipeline.stats();
    return {
      spansStarted: this.#counters.started,
      spansEnded: this.#counters.ended,
      spansExported: stats.exported,
      spansQueued: stats.queued,
      spansInFlight: stats.inFlight,
      dropped: {
        queueFull: stats.dropped.queueFull,
        exportFailed: stats.dropped.exportFailed,
        shutdown: stats.dropped.shutdown + this.#counters.droppedShutdown,
        noDestination: stats.dropped.noDestination,
        spoolFull: stats.dropped.spoolFull,
      },
      truncatedAttributes: stats.truncatedAttributes,
      spansSpooled: stats.spooled,
      spoolDelivered: stats.spoolDelivered,
      spoolRejectedFiles: stats.spoolRejectedFiles,
      contextManager: this.#contextManager,
      globalProvider: this.#situation,
      protocol: this.config.otlpProtocol,
      endpoint: this.config.otlpEndpoint,
      mode: this.config.disableBatch ? "immediate" : "batch",
      enabled: this.enabled,
      hasApiKey: this.config.apiKey !== undefined,
      testMode: this.config.testMode,
      environment: this.config.environment,
      sessionId: this.#sessionId,
      internalErrors: internalErrorCount(),
    };
  }
}
