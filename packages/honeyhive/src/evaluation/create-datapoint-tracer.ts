import type { HoneyHiveTracerBase } from "../tracer/honeyhive-tracer";
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import { cancelOnExitSignals } from "../tracer/live-tracers";
import { TracerGroup } from "../tracer/tracer-group";
import { CircuitBreaker } from "../transport/circuit-breaker";
import type { DatapointTracerFactory } from "./tracer-contract";
import { RUN_WRITE_WAIT_MS } from "./run-write-wait";
import { enrichSessionThroughOutage } from "../enrichment/enrich-session";

/**
 * The production factory of one run: an independent tracer of `tracerClass` (own session, not the default) per
 * datapoint, all in one {@link TracerGroup}, so the run's spans leave in large batches through one pipeline.
 * `drain()` delivers them; `close()` stops the group's pipeline once the run is over. One circuit breaker covers the
 * run's backend: the group's sessions and span export and the run's REST client (`breaker`, read by `openRun`). A
 * SIGTERM or SIGINT the application does not handle cancels the run (`cancelOnSignals`: the process exit hooks).
 */
export function createRunTracerFactory<T extends HoneyHiveTracerBase>(tracerClass: new (options?: HoneyHiveTracerOptions) => T): DatapointTracerFactory<T> & { close(): Promise<void> } {
  const breaker = new CircuitBreaker();
  const group = new TracerGroup(breaker, tracerClass);
  const factory = ((options) => group.create(options)) as DatapointTracerFactory<T> & { close(): Promise<void> };
  factory.drain = () => group.drain();
  factory.metricsOf = (tracer) => group.metricsOf(tracer);
  factory.spansOf = (tracer) => group.spansOf(tracer);
  factory.observeModelEvents = (observer) => group.observeModelEvents(observer);
  factory.breaker = breaker;
  factory.outageWaitMs = RUN_WRITE_WAIT_MS;
  factory.closingUpdate = (tracer, update) => enrichSessionThroughOutage(update, tracer);
  factory.runsLocally = (reason) => group.runsLocally(reason);
  factory.cancelOnSignals = cancelOnExitSignals;
  factory.close = () => group.close();
  return factory;
}
