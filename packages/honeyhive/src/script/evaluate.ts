import { HoneyHiveTracer } from "../facade/honeyhive-tracer";
import { createRunTracerFactory } from "../evaluation/create-datapoint-tracer";
import { describeError, safeInvoke } from "../internal/safe-invoke";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { getListeningRunner } from "../evaluation/listening-runner";
import type { DatapointTracerFactory, EvaluationTracer } from "../evaluation/tracer-contract";
import type { EvaluateOptions, EvaluationResult } from "../evaluation/types";
import type * as RunEngineModule from "./run-engine";

/**
 * Runs an experiment: `function` on every datapoint of `dataset` (or the HoneyHive dataset `datasetId`) with
 * `maxConcurrency` datapoints in flight, each under its own `HoneyHiveTracer` and session, scored by
 * `evaluators`; creates and completes the run on the server and returns per-datapoint results and
 * aggregates. Rejects with `EvaluationConfigError` for invalid options before anything is sent; otherwise
 * never rejects because of a datapoint, an evaluator or the backend (an unreachable backend gives a local,
 * not-uploaded result). Prints only when `printResults` is true.
 *
 * @example
 * const result = await evaluate({
 *   name: "qa-v2",
 *   function: async (inputs, groundTruth, { signal }) => answer(inputs.question, { signal }),
 *   dataset: [{ inputs: { question: "2+2?" }, ground_truth: { answer: "4" } }],
 *   evaluators: [function exactMatch(outputs, _inputs, gt) { return outputs === gt.answer; }],
 *   maxConcurrency: 16,
 * });
 */
export function evaluate<I = Record<string, unknown>, G = unknown, O = unknown>(
  options: EvaluateOptions<I, G, O, HoneyHiveTracer>,
): Promise<EvaluationResult> {
  let plain: EvaluateOptions<I, G, O, HoneyHiveTracer>;
  try {
    plain = typeof options === "object" && options !== null ? { ...options } : options;
  } catch (error) {
    return Promise.reject(new EvaluationConfigError(`evaluate(options): options could not be read (${describeError(error)})`));
  }
  const factory = createRunTracerFactory(HoneyHiveTracer);
  return evaluateWithTracers(plain, factory).finally(() => factory.close());
}

/** The run engine, imported on the first evaluate() call (decision record 0041): tracing alone never loads it. */
type RunEngine = typeof RunEngineModule;
let runEngine: Promise<RunEngine> | undefined;

/**
 * The run engine, imported once. A failed import is not kept: the next call imports again (a file of the package
 * replaced by an install under a running process is back once the install is done).
 */
function loadRunEngine(): Promise<RunEngine> {
  runEngine ??= import("./run-engine").catch((error: unknown) => {
    runEngine = undefined;
    throw error;
  });
  return runEngine;
}

/**
 * evaluate() with the per-datapoint tracer factory injected: reports to the listening runner when one is
 * registered (`honeyhive eval`), otherwise to the script reporter (the `progress` and `printResults` options). The
 * runner is looked up and handed the run's promise synchronously, as the call is made; the engine runs once loaded.
 */
export function evaluateWithTracers<I, G, O, T extends EvaluationTracer>(
  options: EvaluateOptions<I, G, O, T>,
  createTracer: DatapointTracerFactory<T>,
): Promise<EvaluationResult> {
  const runner = getListeningRunner();
  if (!runner) {
    const readable = typeof options === "object" && options !== null ? options : {};
    return loadRunEngine().then((engine) => engine.runEvaluation(options, createTracer, { reporter: engine.scriptReporter(readable) }));
  }
  const call = { reporter: runner.reporter, runner: runner.settings };
  const promise = loadRunEngine().then(
    (engine) => engine.runEvaluation(options, createTracer, call),
    (error: unknown) => {
      // the runner hears it as it hears any failed run (the engine reports the others)
      safeInvoke(() => runner.reporter.onError?.(error), undefined);
      throw error;
    },
  );
  safeInvoke(() => runner.track?.(promise), undefined);
  return promise;
}
