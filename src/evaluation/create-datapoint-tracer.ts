import { HoneyHiveTracer } from "../tracer/honeyhive-tracer";
import type { DatapointTracerFactory } from "./tracer-contract";

/** The production factory: one independent `HoneyHiveTracer` (own session, not the default) per datapoint. */
export const createDatapointTracer: DatapointTracerFactory<HoneyHiveTracer> = (options) => new HoneyHiveTracer(options);
