// POST /v1/datapoints/batch against the real dev server, requests checked against HoneyHive's OpenAPI spec: datapoints
// made from the caller's stored events, by filters or by ids (checkState leaving one out), with a mapping of event
// fields, linked to their events and joined to a dataset.
import { describe, expect, it } from "vitest";
import { HoneyHive, createApiClient } from "../../packages/honeyhive/src/index";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { client } from "../dev-server/helpers";

const KEY = "hh_datapoints_batch_key";
const checked = useCheckedDevServer();

/** Three `answer` events and one `other` event; their ids. */
async function storeEvents(hh: HoneyHive): Promise<string[]> {
  const events = [0, 1, 2].map((i) => ({
    event_type: "chain", event_name: "answer", inputs: { question: `q${i}`, chat_history: [{ role: "user", content: `q${i}` }] },
    outputs: { answer: `a${i}` }, metadata: { i },
  }));
  events.push({ event_type: "tool", event_name: "other", inputs: { question: "skip", chat_history: [] }, outputs: { answer: "-" }, metadata: { i: 9 } });
  const created = await hh.events.createEventBatch({ events });
  return created.event_ids as string[];
}

describe("datapoints batch: /v1/datapoints/batch", () => {
  it("by filters with a mapping, into a dataset; each datapoint links its event", async () => {
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url });
    const eventIds = await storeEvents(hh);
    const datasetId = String(((await hh.datasets.createDataset({ name: "from prod" })).result as { insertedId: string }).insertedId);
    const made = await hh.datapoints.batchCreateDatapoints({
      filters: [{ field: "event_name", operator: "is", value: "answer", type: "string" }],
      mapping: { inputs: ["inputs.question"], ground_truth: ["outputs.answer"], history: ["inputs.chat_history"] },
      dataset_id: datasetId,
    });
    expect(made.inserted).toBe(true);
    expect((made.insertedIds as string[]).length).toBe(3);
    const listed = (await hh.datapoints.getDatapoints({ datasetName: "from prod" })).datapoints as Record<string, unknown>[];
    const byEvent = new Map(listed.map((d) => [d.linked_event, d]));
    expect([...byEvent.keys()].sort()).toEqual(eventIds.slice(0, 3).sort());
    expect(byEvent.get(eventIds[1])).toMatchObject({
      inputs: { question: "q1" }, ground_truth: { answer: "a1" }, history: [{ role: "user", content: "q1" }], linked_datasets: [datasetId],
    });
    expect(checked.proxy.violations()).toEqual([]);
    expect(checked.proxy.operations().has("batchCreateDatapoints")).toBe(true);
  });

  it("by event ids, checkState leaving one out; without a mapping inputs are the event's inputs and ground truth its outputs", async () => {
    const api = createApiClient({ apiKey: "hh_datapoints_batch_ids", serverUrl: checked.proxy.url });
    const eventIds = await storeEvents(new HoneyHive({ apiKey: "hh_datapoints_batch_ids", serverUrl: checked.proxy.url }));
    const made = await api.datapoints.createBatch({ events: [eventIds[0]!, eventIds[3]!], checkState: { [eventIds[2]!]: true, [eventIds[3]!]: false } });
    if (!made.ok) throw new Error(made.error);
    const got = await api.datapoints.list({ ids: made.data.insertedIds });
    expect(got.ok && got.data.datapoints.map((d) => d.linked_event).sort()).toEqual([eventIds[0], eventIds[2]].sort());
    expect(got.ok && got.data.datapoints.find((d) => d.linked_event === eventIds[0])).toMatchObject({
      inputs: { question: "q0" }, ground_truth: { answer: "a0" }, linked_datasets: [],
    });
    expect(checked.proxy.violations()).toEqual([]);
  });

  it("bad bodies get a 4xx naming the problem; nothing selected makes nothing", async () => {
    const raw = client(checked.server, KEY);
    expect((await raw.call("POST", "/v1/datapoints/batch", { events: "x" })).body.error).toContain(`"events" must be an array of strings`);
    expect((await raw.call("POST", "/v1/datapoints/batch", { selectAll: true, mapping: [] })).status).toBe(400);
    expect((await raw.call("POST", "/v1/datapoints/batch", { selectAll: true, dataset_id: "nope" })).status).toBe(404);
    expect((await raw.call("POST", "/v1/datapoints/batch", { filters: [{ field: "event_name", operator: "bogus", value: 1 }] })).status).toBe(400);
    expect((await raw.call("POST", "/v1/datapoints/batch", {})).body).toEqual({ inserted: false, insertedIds: [] });
  });
});
