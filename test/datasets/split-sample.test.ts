// evaluate({ split, sample: { n, seed } }): the datapoints of one split, a seeded deterministic sample of them, composed
// with trials; ids are the full dataset's. Inline datasets offline, and a pushed dataset on the dev server.
import { beforeAll, describe, expect, it } from "vitest";
import { inStrictMode } from "../helpers/option-rule";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { pushDataset } from "../../packages/honeyhive/src/datasets/push-dataset";
import { externalDatapointId } from "../../packages/honeyhive/src/datasets/ext-ids";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { useCheckedDevServer } from "../helpers/checked-dev-server";

const KEY = "hh_datasets_split_key";
const checked = useCheckedDevServer();
let client: HoneyHive;
beforeAll(() => {
  client = new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url });
});

const ROWS = Array.from({ length: 20 }, (_, i) => ({ inputs: { n: i }, ground_truth: { n: i }, split: i % 2 === 0 ? "train" : "test" }));

function offline(extra: Record<string, unknown>) {
  return evaluate({
    dataset: ROWS, offline: true, printResults: false, gitInfo: false, function: (inputs: { n: number }) => inputs.n, ...extra,
  } as Parameters<typeof evaluate>[0]);
}

describe("evaluate({ split, sample })", () => {
  it("runs a seeded sample of one split, with trials, keeping the full dataset's ids", async () => {
    const result = await offline({ split: "test", sample: { n: 4, seed: 7 }, trials: 2 });
    expect(result.datapoints).toHaveLength(8);
    const picked = [...new Set(result.datapoints.map((d) => d.index))];
    expect(picked).toHaveLength(4);
    for (const d of result.datapoints) {
      expect((d.inputs as { n: number }).n % 2).toBe(1);
      expect(d.datapointId).toBe(externalDatapointId(ROWS[d.index], d.index));
    }
    const again = await offline({ split: "test", sample: { n: 4, seed: 7 } });
    expect([...new Set(again.datapoints.map((d) => d.index))]).toEqual(picked);
    const other = await offline({ split: "test", sample: { n: 4, seed: "another" } });
    expect([...new Set(other.datapoints.map((d) => d.index))]).not.toEqual(picked);
    expect((await offline({ split: "train" })).datapoints.map((d) => d.index)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect((await offline({ sample: { n: 50 } })).datapoints).toHaveLength(20);
  });

  it("errors name the fix", async () => {
    await expect(offline({ split: "dev" })).rejects.toThrow('split "dev" has no datapoints (the splits are: test, train)');
    await inStrictMode(() => expect(offline({ sample: { n: 2, sede: 1 } })).rejects.toThrow(/sample: .*did you mean "seed"/));
    await expect(offline({ sample: { n: 0 } })).rejects.toThrow("sample.n must be a positive integer");
    await inStrictMode(() => expect(offline({ splt: "test" })).rejects.toThrow(/did you mean "split"/));
  });

  it("a pushed dataset's split (metadata.split) selects on the server's datapoints; the run records split and sample", async () => {
    const pushed = await pushDataset(client, "split-qa", ROWS.map((r, i) => ({ ...r, qid: `r${i}` })), { key: "qid" });
    const result = await evaluate({
      apiKey: KEY, serverUrl: checked.proxy.url, datasetId: pushed.datasetId, split: "train", sample: { n: 3, seed: 1 },
      printResults: false, gitInfo: false, function: (inputs: { n: number }) => inputs.n,
    } as Parameters<typeof evaluate>[0]);
    expect(result.datapoints).toHaveLength(3);
    for (const d of result.datapoints) expect((d.inputs as { n: number }).n % 2).toBe(0);
    const run = (await client.experiments.getRun(result.runId)).evaluation as { metadata: Record<string, unknown>; datapoint_ids: string[] };
    expect(run.metadata).toMatchObject({ dataset_split: "train", dataset_sample: { n: 3, seed: 1 }, dataset_version: pushed.version });
    expect(run.datapoint_ids.sort()).toEqual(result.datapoints.map((d) => d.datapointId).sort());
    expect(checked.proxy.violations()).toEqual([]);
  }, 60_000);
});
