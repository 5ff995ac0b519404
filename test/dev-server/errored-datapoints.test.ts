// A datapoint whose evaluated function threw has no output to score: the run summary lists it as failed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createApiClient, evaluate } from "../../packages/honeyhive/src/index";
import { quietLogger } from "./helpers";

describe("run summary of datapoints that failed to execute", () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await createDevServer({ port: 0, inMemory: true, logger: quietLogger() });
  });
  afterAll(() => server.close());

  it("lists an errored datapoint as failed with its error, the others by their metrics", async () => {
    const result = await evaluate({
      name: "errors",
      function: async (inputs: { n: number }) => {
        if (inputs.n === 2) throw new Error("boom on 2");
        return inputs.n;
      },
      dataset: [{ inputs: { n: 1 } }, { inputs: { n: 2 } }, { inputs: { n: 3 } }],
      evaluators: [function positive(output: number) { return output > 0; }],
      apiKey: "hh_errored_dp_key",
      serverUrl: server.url,
    });
    const summary = await createApiClient({ serverUrl: server.url, apiKey: "hh_errored_dp_key" }).runs.result(result.runId, "average");
    if (!summary.ok) throw new Error(summary.error);
    const data = summary.data as unknown as { passed: string[]; failed: string[]; datapoints: { datapoint_id: string; passed: boolean; error?: string }[] };
    const errored = result.datapoints.find((d) => (d.inputs as { n: number }).n === 2)!;
    expect(data.failed).toEqual([errored.datapointId]);
    expect(data.passed).toHaveLength(2);
    expect(data.datapoints.find((d) => d.datapoint_id === errored.datapointId)).toMatchObject({ passed: false, error: "boom on 2" });
  });
});
