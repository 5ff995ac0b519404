import type { ReadAheadHub } from "../processing/session-spans";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import type { OptionsSnapshot } from "../config/options-snapshot";
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import { SpanPipeline } from "../export/span-pipeline";
import type { Logger } from "../internal/logger";
import { noteInternalError } from "../internal/guard";
import type { EngineConfigCache } from "./engine-config";
import { buildResourceAttributes } from "./resource-attributes";
import { SessionClient } from "./session-client";
import { type SpanCounters, newSpanCounters } from "./tracer-diagnostics";
import type { CircuitBreaker } from "../transport/circuit-breaker";
import type { PipelinePart, TracerFeature } from "../seam/tracer-feature";
import { stageChain } from "./stage-chain";
import { sendingKey } from "../config/api-keys";

/** What a tracer talks to the backend with: its sessions client and its span export pipeline. */
export interface TracerResources {
  readonly sessions: SessionClient;
  readonly pipeline: SpanPipeline;
  /** The spans started and ended by every tracer using these resources (the population the pipeline's counts serve). */
  readonly counters: SpanCounters;
  /** True when the resources belong to a group (shared with other tracers): the tracer must not close them. */
  readonly shared: boolean;
  /** The features' parts of the pipeline, by feature name (their counters go into `diagnostics()`). */
  readonly parts: ReadonlyMap<string, PipelinePart>;
}

/** Something that can hand out (possibly shared) resources for a tracer's configuration. */
export interface TracerResourceSource {
  /** Resolves the options of the source's tracers (the environment read once, the run's settings resolved once). */
  readonly configs?: EngineConfigCache;
  resourcesFor(config: ResolvedTracerConfig, logger: Logger, options: HoneyHiveTracerOptions, enabled: boolean, features: readonly TracerFeature[]): TracerResources;
  /**
   * Told of each model event the source's evaluation tracers export (once per call, after the one-model-event-per-call
   * rules): evaluate()'s cost budget. Never throws into the tracer (calls are guarded).
   */
  noteModelEvent?(span: ReadableSpan): void;
  /** Where the source's evaluation tracers find the reader that reads their session's spans ahead (evaluate()'s run). */
  readonly spanReads?: ReadAheadHub;
}

/**
 * Key under which `TracerGroup.create()` hands its group to the `HoneyHiveTracer` constructor inside the
 * options object (a module symbol: user code cannot set it, and it never appears in the public types).
 */
export const TRACER_GROUP_OPTION: unique symbol = Symbol("honeyhive.tracer_group");

/** What `TracerGroup.create()` hands the constructor under {@link TRACER_GROUP_OPTION}. */
export interface GroupHandoff {
  /** The group: resources and configurations for the tracer. */
  readonly source: TracerResourceSource;
  /** The tracer's options, snapshotted by the group (see `snapshotPlainOptions`). */
  readonly snapshot: OptionsSnapshot;
}

/** The pipeline parts of `features` for this configuration, by feature name (features that add none left out). */
function pipelineParts(features: readonly TracerFeature[], config: ResolvedTracerConfig, logger: Logger): Map<string, PipelinePart> {
  const parts = new Map<string, PipelinePart>();
  for (const feature of features) {
    try {
      const part = feature.pipelinePart?.(config, logger);
      if (part !== undefined) parts.set(feature.name, part);
    } catch (error) {
      noteInternalError(error); // a feature that fails to set up costs itself, never the tracer
    }
  }
  return parts;
}

/**
 * Creates a tracer's sessions client and export pipeline, with the pipeline parts of `features` (an export stage,
 * session inputs transformed like span values); with a `breaker` (a group's, shared with its run's REST client) both go
 * through it, so one backend outage is learnt once for the whole run. `offlineReason`: why the sessions client sends
 * nothing, when a group knows better than the configuration (see `SessionClient`).
 */
export function createTracerResources(
  config: ResolvedTracerConfig, logger: Logger, options: HoneyHiveTracerOptions, enabled: boolean, features: readonly TracerFeature[],
  breaker?: CircuitBreaker, offlineReason?: string,
): TracerResources {
  const sessions = new SessionClient(config, logger, options.fetch, breaker, offlineReason);
  const online = enabled && sessions.online;
  const parts = pipelineParts(features, config, logger);
  const pipeline = new SpanPipeline({
    endpoint: config.otlpEndpoint,
    apiKey: online ? sendingKey(config) : undefined,
    protocol: config.otlpProtocol,
    compression: config.compression,
    mode: config.disableBatch ? "immediate" : "batch",
    resource: buildResourceAttributes(config),
    maxQueueSize: config.maxQueueSize,
    maxExportBatchSize: config.maxExportBatchSize,
    scheduledDelayMs: config.scheduledDelayMs,
    exportTimeoutMs: config.timeoutMs,
    fetch: options.fetch,
    exporter: enabled ? options.exporter : undefined,
    breaker,
    logger,
    headers: { "X-Source": config.source },
    maxAttributeBytes: config.maxAttributeBytes,
    maxSpanBytes: config.maxSpanBytes,
    maxRequestBytes: config.maxRequestBytes,
    spool: config.spool,
    stage: stageChain([...parts.values()]),
    // session starts and updates the API could not take are kept beside the spans and replayed before them
    sessionReplay: (record) => sessions.replay(record),
  });
  sessions.boundNames(pipeline.attributeBudget);
  const transforms = [...parts.values()].filter((part) => part.transformObject !== undefined);
  if (transforms.length > 0) sessions.transformInputs((inputs) => transformInputs(transforms, inputs));
  if (pipeline.spools) sessions.useSpool((record) => pipeline.keepSessionWrite(record));
  return { sessions, pipeline, counters: newSpanCounters(), shared: false, parts };
}

/** Session inputs through each part's transform in turn; undefined (at once) when none changes them. */
function transformInputs(parts: readonly PipelinePart[], inputs: Record<string, unknown>): Promise<Record<string, unknown>> | undefined {
  let result: Promise<Record<string, unknown>> | undefined;
  for (const part of parts) {
    result = result === undefined ? part.transformObject?.(inputs) : result.then((value) => part.transformObject?.(value) ?? value);
  }
  return result;
}

/** The settings that must match for two tracers to share resources (same destination, same wire format). */
export function destinationOf(config: ResolvedTracerConfig, options: HoneyHiveTracerOptions, enabled: boolean): readonly unknown[] {
  return [
    enabled, config.serverUrl, config.apiKey ?? "", config.ingestionApiKey ?? "", config.testMode, config.otlpProtocol, config.compression, config.disableBatch, config.source,
    config.serviceName, config.timeoutMs, config.maxQueueSize,
    config.maxAttributeBytes, config.maxSpanBytes, config.maxRequestBytes, config.spool?.dir, config.spool?.maxBytes,
    Boolean(options.exporter || options.fetch),
  ];
}

/** True when two {@link destinationOf} lists are equal, element by element. */
export function sameDestination(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
