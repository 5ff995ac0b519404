import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateWithTracers as runEvaluation } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluateOptions } from "../../packages/honeyhive/src/evaluation/types";
import { entryOfDatapoint } from "../../packages/honeyhive/src/datasets/dataset-entry";
import { versionOfEntries } from "../../packages/honeyhive/src/datasets/dataset-version";
import type { Datapoint } from "../../packages/honeyhive/src/api-client/types";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend } from "./fake-backend";
import { fakeTracerFactory } from "./fake-tracer";

const KEY = "hh_eval_key_streamed_57";
const SIZE = 250; // three pages of 100
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

/** A server dataset of SIZE datapoints; `events` logs every page the SDK asks for, in order with the function's calls. */
function serveDataset(events: string[]): Datapoint[] {
  const backend = createFakeBackend();
  const datapoints = Array.from({ length: SIZE }, (_, i) => ({ id: `dp-${i}`, inputs: { i }, ground_truth: { double: 2 * i }, metadata: {} }));
  backend.datasets.set("big", { id: "big", datapoints: datapoints.map((d) => d.id) });
  for (const d of datapoints) backend.datapoints.set(d.id, d);
  let pages = 0;
  server.setHandler((req) => {
    if (req.method === "GET" && req.path === "/v1/datapoints") events.push(`page ${++pages}`);
    return backend.handler(req);
  });
  return datapoints;
}

describe("evaluate({ datasetId }): a server dataset is read page by page as the run goes", () => {
  it("runs the first datapoint before the last page is asked for, runs each datapoint once, and records the content version at completion", async () => {
    server.requests.length = 0;
    const events: string[] = [];
    const datapoints = serveDataset(events);
    const seen: number[] = [];
    const result = await runEvaluation({
      name: "streamed", apiKey: KEY, serverUrl: server.url, datasetId: "big", maxConcurrency: 4,
      function: (inputs: { i: number }, truth: { double: number }) => {
        if (seen.length === 0) events.push("first datapoint runs");
        seen.push(inputs.i);
        return truth.double;
      },
    } as unknown as EvaluateOptions, fakeTracerFactory().create);
    expect(events.indexOf("first datapoint runs")).toBeGreaterThan(-1);
    expect(events.indexOf("first datapoint runs")).toBeLessThan(events.indexOf("page 3"));
    expect(events.filter((e) => e.startsWith("page"))).toHaveLength(3); // each page read once
    expect([...seen].sort((a, b) => a - b)).toEqual(datapoints.map((_, i) => i));
    expect(result.datapoints.map((d) => [d.datapointId, d.outputs])).toEqual(datapoints.map((d, i) => [d.id, 2 * i]));
    expect(result.stats).toMatchObject({ total: SIZE, succeeded: SIZE });
    const create = server.requests.find((r) => r.method === "POST" && r.path === "/v1/runs")!.body as { datapoint_ids: string[] };
    expect(create.datapoint_ids).toEqual(datapoints.map((d) => d.id));
    const completion = server.requests.filter((r) => r.method === "PUT" && r.path.startsWith("/v1/runs/")).at(-1)!.body as { metadata: Record<string, unknown> };
    expect(completion.metadata.dataset_version).toBe(versionOfEntries(datapoints.map((d) => entryOfDatapoint(d))));
  });

  it("a run cancelled while a page is read reports the datapoints not read as not run (by id), and records no content version", async () => {
    server.requests.length = 0;
    const events: string[] = [];
    const datapoints = serveDataset(events);
    const controller = new AbortController();
    const result = await runEvaluation({
      name: "streamed-cancelled", apiKey: KEY, serverUrl: server.url, datasetId: "big", maxConcurrency: 2, signal: controller.signal,
      function: (inputs: { i: number }) => {
        if (inputs.i === 10) controller.abort(new Error("enough"));
        return inputs.i;
      },
    } as unknown as EvaluateOptions, fakeTracerFactory().create);
    expect(result.status).toBe("cancelled");
    expect(result.datapoints).toHaveLength(SIZE);
    expect(result.datapoints.map((d) => d.datapointId)).toEqual(datapoints.map((d) => d.id));
    expect(result.datapoints.at(-1)).toMatchObject({ status: "not_run", inputs: {}, index: SIZE - 1 });
    expect(events.filter((e) => e.startsWith("page")).length).toBeLessThan(3);
    const completion = server.requests.filter((r) => r.method === "PUT" && r.path.startsWith("/v1/runs/")).at(-1)!.body as { metadata: Record<string, unknown> };
    expect(completion.metadata.dataset_version).toBeUndefined();
  });
});
