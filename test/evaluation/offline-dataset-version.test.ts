// The content version of an inline dataset is computed where something reads it: a created run records it
// (`metadata.dataset_version`), a pinned version is checked against it. A run without an API key records it nowhere,
// so its canonical entries and their hashes are not computed (a cost per datapoint of the no-key path).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EvaluationConfigError } from "../../packages/honeyhive/src/config/evaluation-config-error";
import { datasetVersion } from "../../packages/honeyhive/src/datasets/dataset-version";
import { openRun } from "../../packages/honeyhive/src/evaluation/open-run";
import { planEvaluation } from "../../packages/honeyhive/src/evaluation/plan-evaluation";
import type { EvaluateOptions } from "../../packages/honeyhive/src/evaluation/types";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend, type FakeBackend } from "./fake-backend";

const ITEMS = [{ inputs: { n: 1 }, ground_truth: { n: 2 } }, { inputs: { n: 2 }, ground_truth: { n: 4 } }];

let backend: FakeBackend;
let server: LoopbackServer;
beforeAll(async () => {
  backend = createFakeBackend();
  server = await startLoopbackServer((req) => backend.handler(req));
});
afterAll(() => server.close());

const options = (more: Partial<EvaluateOptions>): EvaluateOptions => ({
  name: "versioned", function: (inputs: any) => inputs.n, dataset: ITEMS, serverUrl: server.url, gitInfo: false, ...more,
});

async function opened(more: Partial<EvaluateOptions>) {
  const run = await openRun(planEvaluation(options(more), undefined));
  run.detach();
  return run;
}

describe("an inline dataset's content version", () => {
  it("is computed and recorded when the run is created", async () => {
    const run = await opened({ apiKey: "hh_versioned_key" });
    expect(run.run.created).toBe(true);
    expect(run.dataset.version).toBe(datasetVersion(ITEMS));
    const created = backend.runs.get(run.run.runId) as { metadata?: Record<string, unknown> };
    expect(created.metadata?.dataset_version).toBe(datasetVersion(ITEMS));
  });

  it("is not computed by a run without an API key, which records it nowhere", async () => {
    const run = await opened({ apiKey: "", offline: true });
    expect(run.api).toBeUndefined();
    expect(run.dataset.version).toBeUndefined();
    expect(run.dataset.datasetId).toMatch(/^EXT-/); // the dataset's id does not depend on it
  });

  it("is still checked against a pinned version without an API key", async () => {
    const pinned = await opened({ apiKey: "", offline: true, datasetVersion: datasetVersion(ITEMS) });
    expect(pinned.dataset.version).toBe(datasetVersion(ITEMS));
    const other = datasetVersion([{ inputs: { n: 3 } }]);
    await expect(opened({ apiKey: "", offline: true, datasetVersion: other })).rejects.toBeInstanceOf(EvaluationConfigError);
  });
});
