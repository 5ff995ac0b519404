/**
 * `honeyhive/jest`: evals as jest tests. `experiment({ name, cases | dataset, function, evaluators,
 * passingRanges })` in a test file declares a `describe` block with one test per case; the block is one run
 * with one session per case, uploaded when `HH_API_KEY` (and `HH_API_URL` for the local dev server) is set.
 * Uses jest's globals (`injectGlobals`, on by default). `jest` is an optional peer dependency of `honeyhive`.
 *
 * @module honeyhive/jest
 */
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { declareExperiment } from "./declare-experiment";
import type { ExperimentOptions } from "./experiment-options";

export type { ExperimentCase, ExperimentOptions } from "./experiment-options";

interface JestGlobals {
  describe(name: string, body: () => void): void;
  test: ((name: string, body: () => Promise<void>, timeout?: number) => void) & { skip(name: string, body: () => void): void };
  beforeAll(body: () => void, timeout?: number): void;
  afterAll(body: () => Promise<void>, timeout?: number): void;
}

function jestGlobals(): JestGlobals {
  const g = globalThis as unknown as Partial<JestGlobals>;
  if (typeof g.describe !== "function" || typeof g.test !== "function" || typeof g.beforeAll !== "function" || typeof g.afterAll !== "function") {
    throw new EvaluationConfigError("honeyhive/jest: jest's globals (describe, test, beforeAll, afterAll) are not there; run the file with jest and keep injectGlobals on");
  }
  return g as JestGlobals;
}

/**
 * Declares an experiment as a jest `describe` block: one test per case, failing with the scores when the
 * case's verdict fails (see `passingRanges`). Call at the top level of a test file or inside a `describe`.
 *
 * @example
 * experiment({
 *   name: "arithmetic",
 *   cases: [{ inputs: { q: "2+2" }, ground_truth: "4" }],
 *   function: async (inputs) => answer(inputs.q),
 *   evaluators: [function exact(output, _inputs, expected) { return output === expected; }],
 * });
 */
export function experiment<I = Record<string, unknown>, G = unknown, O = unknown>(options: ExperimentOptions<I, G, O>): void {
  const jest = jestGlobals();
  declareExperiment({
    describe: (name, body) => jest.describe(name, body),
    test: (name, body, timeoutMs) => jest.test(name, body, timeoutMs),
    skip: (name, body) => jest.test.skip(name, body),
    beforeAll: (body) => jest.beforeAll(body),
    afterAll: (body, timeoutMs) => jest.afterAll(body, timeoutMs),
    // eslint-disable-next-line no-console -- a front end like cli/: the runner shows a test file's console output with that file
    log: (text) => console.log(text),
  }, options as unknown as ExperimentOptions);
}
