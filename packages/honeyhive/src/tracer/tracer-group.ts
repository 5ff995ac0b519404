import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import { snapshotPlainOptions } from "../config/options-snapshot";
import { readEnv } from "../internal/env";
import { EngineConfigCache } from "./engine-config";
import type { Logger } from "../internal/logger";
import { HoneyHiveTracerBase } from "./honeyhive-tracer";
import type { TracerFeature } from "../seam/tracer-feature";
import { type UnsentAtExit, trackLiveTracer } from "./live-tracers";
import { unsentWorkOf } from "./exit-warning";
import type { CircuitBreaker } from "../transport/circuit-breaker";
import { tracerHandleOf } from "../context/tracer-handle";
import type { DatapointMetrics } from "../processing/datapoint-metrics";
import { RunSpanReader, type SessionSpans } from "../processing/session-spans";
import type { HoneyHiveTracerCore } from "./tracer-core";
import { exportTarget, formatDiagnostics, spanCounts } from "./tracer-diagnostics";
import { type GroupHandoff, TRACER_GROUP_OPTION, type TracerResourceSource, type TracerResources, createTracerResources, destinationOf, sameDestination } from "./tracer-resources";

/**
 * A family of short-lived tracers with the same destination — evaluate()'s one tracer per datapoint — that
 * share one export pipeline and one API client, so their spans are exported in large batches instead of one
 * request per tracer. Each tracer keeps its own session, configuration and lifecycle; shutting one down
 * never affects the others. `drain()` delivers everything queued; `close()` also stops the pipeline.
 */
export class TracerGroup<T extends HoneyHiveTracerBase = HoneyHiveTracerBase> implements TracerResourceSource {
  /** The tracers' configurations: the environment read once for the whole group (a run's tracers all start within it). */
  readonly configs = new EngineConfigCache(readEnv());
  #resources: { destination: readonly unknown[]; value: TracerResources; config: ResolvedTracerConfig } | undefined;
  #untrack: (() => void) | undefined;
  #logger: Logger | undefined;
  /** The run-wide line was logged (by the first close). */
  #countsLogged = false;
  /** Why the group's tracers send nothing (see {@link runsLocally}). */
  #offlineReason: string | undefined;
  /** The reader of the run's session spans, installed once its evaluators read a trace (processing/session-spans.ts). */
  readonly spanReads = new RunSpanReader();
  /** Told of every model event the group's tracers export (see {@link observeModelEvents}). */
  #modelEvents: ((span: ReadableSpan) => void) | undefined;

  readonly #tracerClass: new (options?: HoneyHiveTracerOptions) => T;

  /**
   * @param breaker the circuit breaker of the group's backend, shared with its run's REST client (evaluate()).
   * @param tracerClass the class of the group's tracers (the public `HoneyHiveTracer`, with its features).
   */
  constructor(readonly breaker?: CircuitBreaker, tracerClass?: new (options?: HoneyHiveTracerOptions) => T) {
    this.#tracerClass = tracerClass ?? (HoneyHiveTracerBase as unknown as new (options?: HoneyHiveTracerOptions) => T);
  }

  /**
   * Creates a tracer of the group (for options with another destination it gets resources of its own). `options`
   * must be a plain object literal built by the SDK (read by its own keys, see `snapshotPlainOptions`).
   */
  create(options: HoneyHiveTracerOptions = {}): T {
    const handoff: GroupHandoff = { source: this, snapshot: snapshotPlainOptions(options) };
    return new this.#tracerClass({ [TRACER_GROUP_OPTION]: handoff } as HoneyHiveTracerOptions);
  }

  /** The metric values a tracer of the group collected in its session (evaluate()'s datapoint tracers collect). */
  metricsOf(tracer: T): DatapointMetrics | undefined {
    const engine = tracerHandleOf(tracer) as HoneyHiveTracerCore | undefined;
    return engine?.datapoint?.metrics;
  }

  /** The ended spans a tracer of the group kept of its session (evaluate()'s datapoint tracers keep them). */
  spansOf(tracer: T): SessionSpans | undefined {
    const engine = tracerHandleOf(tracer) as HoneyHiveTracerCore | undefined;
    return engine?.datapoint?.spans;
  }

  /** Has `observer` told of every model event the group's evaluation tracers export (evaluate()'s cost budget). */
  observeModelEvents(observer: (span: ReadableSpan) => void): void {
    this.#modelEvents = observer;
  }

  /** @internal Called by a tracer's span sink for each model event it exports. */
  noteModelEvent(span: ReadableSpan): void {
    this.#modelEvents?.(span);
  }

  /**
   * Tells the group, before its first tracer, that its run could not be created (`reason`: the failed request): its
   * tracers, which then send nothing, say so instead of blaming the key or test mode.
   */
  runsLocally(reason: string): void {
    this.#offlineReason = `the experiment runs locally (the run was not created: ${reason})`;
  }

  /** @internal Called by the tracer's constructor. */
  resourcesFor(config: ResolvedTracerConfig, logger: Logger, options: HoneyHiveTracerOptions, enabled: boolean, features: readonly TracerFeature[]): TracerResources {
    const destination = destinationOf(config, options, enabled);
    if (this.#resources === undefined) {
      const own = createTracerResources(config, logger, options, enabled, features, this.breaker, this.#offlineReason);
      this.#resources = { destination, value: { ...own, shared: true }, config };
      this.#logger = logger;
      this.#untrack = trackLiveTracer(this);
    }
    return sameDestination(this.#resources.destination, destination) ? this.#resources.value : createTracerResources(config, logger, options, enabled, features, undefined, this.#offlineReason);
  }

  /** Delivers every span queued so far by the group's tracers; true when all of it was delivered. */
  async drain(timeoutMs = 30_000): Promise<boolean> {
    const resources = this.#resources?.value;
    if (!resources) return true;
    await resources.sessions.settled();
    return resources.pipeline.flush(timeoutMs);
  }

  /** At process exit: what the group's tracers have not sent (their shared pipeline, the session requests), for the exit warning. */
  unsentAtExit(): UnsentAtExit | undefined {
    return this.#resources && this.#logger ? { work: unsentWorkOf(this.#resources.value), logger: this.#logger } : undefined;
  }

  /** Same as {@link drain} (lets process-exit hooks flush the group). */
  flush(timeoutMs?: number): Promise<boolean> {
    return this.drain(timeoutMs);
  }

  /** Drains, then stops the shared pipeline; in verbose mode, logs the run-wide span counts once. Idempotent. */
  async close(timeoutMs = 30_000): Promise<void> {
    const shared = this.#resources;
    if (!shared) return;
    await this.drain(timeoutMs);
    await shared.value.pipeline.shutdown(2000);
    this.#untrack?.();
    this.#untrack = undefined;
    if (this.#logger?.verbose !== true || this.#countsLogged) return;
    this.#countsLogged = true;
    const { counters, pipeline } = shared.value;
    this.#logger.debug(`run: ${formatDiagnostics({ ...spanCounts(counters, pipeline.stats()), ...exportTarget(shared.config) })}`);
  }
}
