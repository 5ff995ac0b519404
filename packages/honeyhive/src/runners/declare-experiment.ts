import { readEnv } from "../internal/env";
import { notStoredReason, type StorageIntent } from "@honeyhive/core/verdict/exit-rule";
import { caseFailureMessage } from "./case-verdict-message";
import { experimentStateFile, experimentSummary } from "./experiment-summary";
import type { ExperimentOptions } from "./experiment-options";
import { prepareExperiment, type PreparedExperiment } from "./experiment-run";
import type { RegressionGate } from "../evaluation/types";
import { significanceText } from "@honeyhive/core/verdict/significance-text";

/** The test-runner functions an experiment is declared with (vitest's and jest's have these shapes). */
interface TestRunnerApi {
  describe(name: string, body: () => void): void;
  test(name: string, body: () => Promise<void>, timeoutMs?: number): void;
  skip(name: string, body: () => void): void;
  beforeAll(body: () => void): void;
  afterAll(body: () => Promise<void>, timeoutMs?: number): void;
  /** Where the summary goes (the runner shows a test file's console output). */
  log(text: string): void;
}

const DEFAULT_TEST_TIMEOUT_MS = 300_000;

/** Where the experiment's results were meant to go (options > `HH_*` env, as evaluate() resolves them). */
function storageIntent(options: ExperimentOptions): StorageIntent {
  const env = readEnv();
  const set = (value: unknown): boolean => typeof value === "string" && value.trim() !== "";
  return { apiKey: set(options.apiKey ?? env.HH_API_KEY), serverUrl: set(options.serverUrl ?? env.HH_API_URL), offline: options.offline === true };
}

/** A failed verdict: the scores are the message; a stack into the SDK would only add noise to the report. */
function verdictError(message: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}`;
  return error;
}

/** Why a regression gate failed: the metrics that degraded significantly (with their reading), or why it could not be checked. */
function regressionGateMessage(gate: RegressionGate): string {
  if (gate.error !== undefined) return `the regression gate could not be checked: ${gate.error}`;
  return `significant regression: ${gate.regressions.map((r) => `${r.source === "usage" ? `${r.metric} (${r.eventName})` : r.metric} ${significanceText(r.significance)}`).join("; ")}`;
}

/**
 * Declares an experiment as a `describe` block with one test per case: the block is one run (started before
 * its first test), each test waits for its case's datapoint and fails with the scores when the verdict fails;
 * after the block, the summary with the changes since the previous run is logged, and the block fails when its
 * results were meant to be stored and were not (the exit rule, `verdict/exit-rule.ts`). With `failOnRegression`, the
 * cases do not fail on their verdicts: the block fails only when the gate found a significant regression (or could
 * not be checked). Invalid options give one failing test that names the problem.
 */
export function declareExperiment(api: TestRunnerApi, options: ExperimentOptions): void {
  const title = typeof options?.name === "string" && options.name.trim() !== "" ? options.name : "experiment";
  let experiment: PreparedExperiment;
  try {
    experiment = prepareExperiment(options);
  } catch (error) {
    api.describe(title, () => api.test("experiment options", () => Promise.reject(error)));
    return;
  }
  const gated = options.failOnRegression !== undefined && options.failOnRegression !== null;
  const timeout = typeof options.testTimeoutMs === "number" && options.testTimeoutMs > 0 ? options.testTimeoutMs : DEFAULT_TEST_TIMEOUT_MS;
  api.describe(title, () => {
    api.beforeAll(() => experiment.start());
    for (const slot of experiment.cases) {
      if (!slot.inShard) {
        api.skip(slot.label, () => undefined);
        continue;
      }
      api.test(slot.label, async () => {
        const results = await experiment.caseResults(slot.index);
        // With a regression gate, the gate decides (after the block): a failing case alone is no regression.
        if (gated) return;
        if (results.length === 0 || results.some((r) => !r.passed)) throw verdictError(caseFailureMessage(slot.label, results, options.passingRanges));
      }, timeout);
    }
    api.afterAll(async () => {
      const result = await experiment.finished();
      if (!result) return;
      const intent = storageIntent(options);
      api.log(await experimentSummary(result, experimentStateFile(options.stateDir, result.name), intent));
      // The exit rule's: results meant to be stored and not stored fail the block, as they fail `honeyhive eval`.
      const reason = notStoredReason(result, intent);
      if (reason !== undefined) throw verdictError(`experiment "${result.name}": results were not stored (${reason}); to run locally on purpose, set offline: true or unset HH_API_KEY and HH_API_URL`);
      const gate = result.regressionGate;
      if (gate && !gate.passed) throw verdictError(`experiment "${result.name}": ${regressionGateMessage(gate)}`);
    }, timeout);
  });
}
