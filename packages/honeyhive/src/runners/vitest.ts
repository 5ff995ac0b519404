/**
 * `honeyhive/vitest`: evals as vitest tests. `experiment({ name, cases | dataset, function, evaluators,
 * passingRanges })` in a test file declares a `describe` block with one test per case; the block is one run
 * with one session per case, uploaded when `HH_API_KEY` (and `HH_API_URL` for the local dev server) is set.
 * `vitest` is an optional peer dependency of `honeyhive`.
 *
 * @module honeyhive/vitest
 */
import { afterAll, beforeAll, describe, test } from "vitest";
import { declareExperiment } from "./declare-experiment";
import type { ExperimentOptions } from "./experiment-options";

export type { ExperimentCase, ExperimentOptions } from "./experiment-options";

/**
 * Declares an experiment as a vitest `describe` block: one test per case, failing with the scores when the
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
  declareExperiment({
    describe: (name, body) => describe(name, body),
    test: (name, body, timeoutMs) => test(name, body, timeoutMs),
    skip: (name, body) => test.skip(name, body),
    beforeAll: (body) => beforeAll(body),
    afterAll: (body, timeoutMs) => afterAll(body, timeoutMs),
    // eslint-disable-next-line no-console -- a front end like cli/: the runner shows a test file's console output with that file
    log: (text) => console.log(text),
  }, options as unknown as ExperimentOptions);
}
