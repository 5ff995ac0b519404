import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, type Client } from "./helpers";

const DATAPOINT_REQUIRED = ["id", "inputs", "history", "ground_truth", "metadata", "linked_event", "created_at"];

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server, "datasets-key");
});
afterAll(() => server.close());

describe("datasets and datapoints", () => {
  it("creates a dataset, adds rows with a mapping, reads it the way evaluate() does", async () => {
    const created = await api.call("POST", "/v1/datasets", { name: "qa", description: "questions" });
    expect(created.status).toBe(200);
    expect(created.body.inserted).toBe(true);
    const datasetId = created.body.result.insertedId;
    const added = await api.call("POST", `/v1/datasets/${datasetId}/datapoints`, {
      data: [
        { question: "2+2?", answer: "4", chat: [{ role: "user", content: "hi" }], note: "easy" },
        { question: "3+3?", answer: "6", chat: [], note: "easy" },
      ],
      mapping: { inputs: ["question"], ground_truth: ["answer"], history: ["chat"] },
    });
    expect(added.status).toBe(200);
    expect(added.body.datapoint_ids).toHaveLength(2);

    const list = await api.call("GET", `/v1/datasets?dataset_id=${datasetId}`);
    expect(list.body.datasets).toHaveLength(1);
    expect(list.body.datasets[0]).toMatchObject({ id: datasetId, name: "qa", description: "questions", datapoints: added.body.datapoint_ids });

    const one = await api.call("GET", `/v1/datapoints/${added.body.datapoint_ids[0]}`);
    expect(Array.isArray(one.body.datapoint)).toBe(true);
    const dp = one.body.datapoint[0];
    for (const key of DATAPOINT_REQUIRED) expect(dp).toHaveProperty(key);
    expect(dp).toMatchObject({
      inputs: { question: "2+2?" }, ground_truth: { answer: "4" }, history: [{ role: "user", content: "hi" }],
      metadata: { note: "easy" }, linked_event: null, linked_datasets: [datasetId],
    });

    const byIds = await api.call("GET", `/v1/datapoints?datapoint_ids[]=${added.body.datapoint_ids[1]}&datapoint_ids[]=${added.body.datapoint_ids[0]}`);
    expect(byIds.body.datapoints.map((d: any) => d.id)).toEqual([added.body.datapoint_ids[1], added.body.datapoint_ids[0]]);
    const byName = await api.call("GET", "/v1/datapoints?dataset_name=qa");
    expect(byName.body.datapoints).toHaveLength(2);
    expect((await api.call("GET", "/datasets")).body.testcases).toHaveLength(1);
  });

  it("creates, updates and deletes datapoints; links and unlinks them", async () => {
    const ds = (await api.call("POST", "/v1/datasets", { name: "links" })).body.result.insertedId;
    const created = await api.call("POST", "/v1/datapoints", {
      inputs: { q: 1 }, history: [], ground_truth: { a: 1 }, metadata: {}, linked_datasets: [ds],
    });
    expect(created.status).toBe(200);
    const id = created.body.result.insertedIds[0];
    expect((await api.call("GET", `/v1/datasets?dataset_id=${ds}`)).body.datasets[0].datapoints).toEqual([id]);
    const put = await api.call("PUT", `/v1/datapoints/${id}`, { inputs: { q: 2 }, ground_truth: null });
    expect(put.body).toEqual({ updated: true, result: { modifiedCount: 1 } });
    expect((await api.call("GET", `/v1/datapoints/${id}`)).body.datapoint[0]).toMatchObject({ inputs: { q: 2 }, ground_truth: null });

    const unlinked = await api.call("DELETE", `/v1/datasets/${ds}/${id}`);
    expect(unlinked.body.dereferenced).toBe(true);
    expect((await api.call("GET", `/v1/datasets?dataset_id=${ds}`)).body.datasets[0].datapoints).toEqual([]);
    expect((await api.call("GET", `/v1/datapoints/${id}`)).body.datapoint[0].linked_datasets).toEqual([]);
    expect((await api.call("DELETE", `/v1/datasets/${ds}/datapoints/${id}`)).status).toBe(404);

    expect((await api.call("DELETE", `/v1/datapoints/${id}`)).body).toEqual({ deleted: true });
    expect((await api.call("GET", `/v1/datapoints/${id}`)).status).toBe(404);
  });

  it("updates and deletes datasets in both legacy and path forms", async () => {
    const ds = (await api.call("POST", "/v1/datasets", { name: "old" })).body.result.insertedId;
    const legacy = await api.call("PUT", "/v1/datasets", { dataset_id: ds, name: "renamed" });
    expect(legacy.body.result).toMatchObject({ id: ds, name: "renamed" });
    const path = await api.call("PUT", `/v1/datasets/${ds}`, { description: "d" });
    expect(path.body.result).toMatchObject({ name: "renamed", description: "d" });
    expect((await api.call("DELETE", `/v1/datasets?dataset_id=${ds}`)).body.result).toEqual({ id: ds });
    expect((await api.call("GET", `/v1/datasets?dataset_id=${ds}`)).body.datasets).toEqual([]);
    expect((await api.call("DELETE", `/v1/datasets/${ds}`)).status).toBe(404);
  });

  it("rejects bad bodies with 400 and unknown ids with 404", async () => {
    expect((await api.call("POST", "/v1/datasets", { name: "x".repeat(201) })).status).toBe(400);
    expect((await api.call("POST", "/v1/datasets", { name: 5 })).status).toBe(400);
    const ds = (await api.call("POST", "/v1/datasets", { name: "strict" })).body.result.insertedId;
    expect((await api.call("POST", `/v1/datasets/${ds}/datapoints`, { data: [{}] })).status).toBe(400);
    expect((await api.call("POST", `/v1/datasets/${ds}/datapoints`, { data: "rows", mapping: {} })).status).toBe(400);
    expect((await api.call("POST", `/v1/datasets/${ds}/datapoints`, { data: [1], mapping: {} })).status).toBe(400);
    expect((await api.call("POST", "/v1/datasets/missing/datapoints", { data: [], mapping: {} })).status).toBe(404);
    expect((await api.call("POST", "/v1/datapoints", { inputs: [] })).status).toBe(400);
    expect((await api.call("PUT", "/v1/datapoints/missing", { inputs: {} })).status).toBe(404);
    expect((await api.call("PUT", "/v1/datasets", { name: "no id" })).status).toBe(400);
  });
});
