/**
 * The type names of the TypeScript SDK 1.0.x, kept so code written against it keeps compiling. Each is the
 * 2.x type of the same thing under its old name.
 */
import type { HoneyHiveTracerOptions } from "./config/tracer-options";
import type { EvaluateOptions } from "./evaluation/types";
import type { EvaluationTracer } from "./evaluation/tracer-contract";
import type { TraceOptions } from "./instrument/trace-options";

/**
 * The 1.0.x name of the options of `evaluate()`.
 * @deprecated Use {@link EvaluateOptions}.
 */
export type EvaluationConfig<I = Record<string, unknown>, G = unknown, O = unknown, T extends EvaluationTracer = EvaluationTracer> =
  EvaluateOptions<I, G, O, T>;

/**
 * The 1.0.x name of the options of `traceFunction()` (and `traceModel`, `traceTool`, `traceChain`).
 * @deprecated Use {@link TraceOptions}.
 */
export type TraceFunctionOptions = TraceOptions;

/**
 * The 1.0.x name of the options of `HoneyHiveTracer.init()` and `new HoneyHiveTracer()`.
 * @deprecated Use {@link HoneyHiveTracerOptions}.
 */
export type HoneyHiveTracerProperties = HoneyHiveTracerOptions;
