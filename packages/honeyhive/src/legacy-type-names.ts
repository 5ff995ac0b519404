/**
 * The type names of the TypeScript SDK 1.0.x, kept so code written against it keeps compiling. Each is the
 * 2.x type of the same thing under its old name.
 */
import type { HoneyHiveTracerOptions } from "./config/tracer-options";
import type { EvaluateOptions } from "./evaluation/types";
import type { EvaluationTracer } from "./evaluation/tracer-contract";
import type { TraceOptions } from "./instrument/trace-options";

/**
 * The 1.0.x name of the options of `evaluate()`. As in 1.0.x, `function` may be any function (1.0.x typed it
 * `(...args: any[]) => any`), so a function with typed parameters fits without type arguments.
 * @deprecated Use {@link EvaluateOptions}, whose `function` is typed by the inputs and ground truth.
 */
export type EvaluationConfig<I = Record<string, unknown>, G = unknown, O = unknown, T extends EvaluationTracer = EvaluationTracer> =
  Omit<EvaluateOptions<I, G, O, T>, "function"> & {
    /** The function under evaluation: `(inputs, groundTruth, { tracer, signal, datapointId, trial })`. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- 1.0.x's type, kept so its code compiles
    function: (...args: any[]) => any;
  };

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
