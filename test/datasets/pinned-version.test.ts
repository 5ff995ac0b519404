// Pinned dataset versions: evaluate() on a HoneyHive dataset refuses to start when its content no longer has the
// pinned version (counting what changed when pinned by a lock), runs with allowDatasetDrift, records the version it
// ran on, and a comparison of runs on different versions says so. Real dev server behind the spec-checking proxy.
import { beforeAll, describe, expect, it } from "vitest";
import { inStrictMode } from "../helpers/option-rule";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { pullDataset } from "../../packages/honeyhive/src/datasets/pull-dataset";
import { pushDataset } from "../../packages/honeyhive/src/datasets/push-dataset";
import { datasetVersion } from "../../packages/honeyhive/src/datasets/dataset-version";
import { compareRuns, datasetVersionNote } from "../../packages/honeyhive/src/evaluation/compare-runs";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { useCheckedDevServer } from "../helpers/checked-dev-server";

const KEY = "hh_datasets_pinned_key";
const checked = useCheckedDevServer();
let client: HoneyHive;
beforeAll(() => {
  client = new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url });
});

const ROWS = Array.from({ length: 4 }, (_, i) => ({ qid: `q${i}`, inputs: { n: i }, ground_truth: { double: 2 * i } }));

function run(datasetId: string, extra: Record<string, unknown>) {
  return evaluate({
    apiKey: KEY, serverUrl: checked.proxy.url, datasetId, name: "pinned", printResults: false, gitInfo: false,
    function: (inputs: { n: number }) => inputs.n * 2,
    evaluators: [function exact(output: unknown, _inputs: unknown, truth: { double: number } | undefined) { return output === truth?.double; }],
    ...extra,
  } as Parameters<typeof evaluate>[0]);
}

async function runMetadata(runId: string): Promise<Record<string, unknown>> {
  const run = (await client.experiments.getRun(runId)).evaluation as { metadata: Record<string, unknown> };
  return run.metadata;
}

describe("evaluate({ datasetVersion })", () => {
  it("runs on the pinned version, refuses a drifted one with counts, runs with allowDatasetDrift; comparisons say so", async () => {
    const pushed = await pushDataset(client, "pinned-qa", ROWS, { key: "qid", mode: "replace" });
    const { lock } = await pullDataset(client, "pinned-qa", { key: "qid" });
    expect(lock.version).toBe(pushed.version);

    const onPin = await run(pushed.datasetId, { datasetVersion: lock });
    expect(onPin.uploaded).toBe(true);
    expect((await runMetadata(onPin.runId)).dataset_version).toBe(lock.version);
    expect((await run(pushed.datasetId, { datasetVersion: lock.version })).uploaded).toBe(true);

    const edited = [{ ...ROWS[0]!, ground_truth: { double: -1 } }, ROWS[1]!, ROWS[2]!, { qid: "q9", inputs: { n: 9 }, ground_truth: { double: 18 } }];
    const moved = await pushDataset(client, "pinned-qa", edited, { key: "qid", mode: "replace" });
    expect(moved).toMatchObject({ added: ["q9"], changed: ["q0"], removed: ["q3"] });
    expect(moved.version).toBe(datasetVersion(edited, { key: "qid" }));

    const sessionsBefore = checked.proxy.requests.filter((r) => r.method === "POST" && r.url.startsWith("/v1/runs")).length;
    await expect(run(pushed.datasetId, { datasetVersion: lock })).rejects.toThrow(
      `dataset "${pushed.datasetId}" no longer has the pinned version ${lock.version} (it has ${moved.version}): 1 datapoint(s) added, 1 changed, 1 removed since; pin the new version or pass allowDatasetDrift: true to run on it anyway`,
    );
    await expect(run(pushed.datasetId, { datasetVersion: lock.version })).rejects.toThrow(/its content changed since \(pin a lock file/);
    expect(checked.proxy.requests.filter((r) => r.method === "POST" && r.url.startsWith("/v1/runs")).length).toBe(sessionsBefore);

    const drifted = await run(pushed.datasetId, { datasetVersion: lock, allowDatasetDrift: true });
    expect(drifted.uploaded).toBe(true);
    expect((await runMetadata(drifted.runId)).dataset_version).toBe(moved.version);

    const comparison = await compareRuns(drifted.runId, onPin.runId, { apiKey: KEY, serverUrl: checked.proxy.url });
    expect(comparison.datasetVersions).toEqual({ old: lock.version, new: moved.version });
    expect(datasetVersionNote(comparison)).toBe(`the runs ran on different dataset versions (${lock.version} before, ${moved.version} now): a datapoint's difference may come from the data`);
    expect(datasetVersionNote({ datasetVersions: { old: lock.version, new: lock.version } })).toBeUndefined();
    expect(checked.proxy.violations()).toEqual([]);
  }, 60_000);

  it("an inline dataset records its version; unknown keys and bad pins are errors naming the fix", async () => {
    const result = await evaluate({
      apiKey: KEY, serverUrl: checked.proxy.url, dataset: ROWS, name: "inline", printResults: false, gitInfo: false,
      datasetVersion: datasetVersion(ROWS), function: (inputs: { n: number }) => inputs.n,
    } as Parameters<typeof evaluate>[0]);
    expect((await runMetadata(result.runId)).dataset_version).toBe(datasetVersion(ROWS));
    await inStrictMode(async () => {
      await expect(evaluate({ dataset: ROWS, function: () => 1, datasetVersoin: "x" } as never)).rejects.toThrow(/did you mean "datasetVersion"/);
      await expect(evaluate({ dataset: ROWS, function: () => 1, allowDatasetDrfit: true } as never)).rejects.toThrow(/did you mean "allowDatasetDrift"/);
    });
    await expect(evaluate({ dataset: ROWS, offline: true, function: () => 1, datasetVersion: "dsv-zz" } as never)).rejects.toThrow(/is not a dataset version/);
    await expect(evaluate({ dataset: ROWS, offline: true, function: () => 1, datasetVersion: "/nonexistent/qa.lock.json" } as never)).rejects.toThrow(/cannot read the dataset lock/);
  }, 60_000);
});
