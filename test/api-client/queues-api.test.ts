// Review queues from code against the real dev server, every request checked against HoneyHive's OpenAPI spec:
// queues.create({ name, filters }) with a plain filter array, addEvents never holding an event twice (same ids added
// twice, and repeated within one call), get/list/update/delete.
import { describe, expect, it } from "vitest";
import { HoneyHive, createApiClient } from "../../packages/honeyhive/src/index";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { client } from "../dev-server/helpers";

const KEY = "hh_queues_api_key";
const checked = useCheckedDevServer();
const E = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("queues: /v1/queues", () => {
  it("create({ name, filters }) and addEvents twice with the same ids: each event is in the queue once", async () => {
    const api = createApiClient({ apiKey: KEY, serverUrl: checked.proxy.url });
    const created = await api.queues.create({ name: "thumbs down", filters: [{ field: "feedback.rating", operator: "less than", value: 3 }] });
    if (!created.ok) throw new Error(created.error);
    const queueId = created.data.queue.id;
    expect(created.data.queue).toMatchObject({
      name: "thumbs down", enabled: true, description: "",
      filters: { filterArray: [{ field: "feedback.rating", operator: "less than", value: 3, type: "string" }] },
    });

    const first = await api.queues.addEvents(queueId, [E(1), E(2), E(1)]);
    expect(first.ok && first.data.queue.event_ids).toEqual([E(1), E(2)]);
    const second = await api.queues.addEvents(queueId, [E(2), E(1), E(3)]);
    expect(second.ok && second.data.queue.event_ids).toEqual([E(1), E(2), E(3)]);
    const putBodies = checked.proxy.requests.filter((r) => r.method === "PUT" && r.url.includes(queueId)).map((r) => JSON.parse(r.body));
    expect(putBodies.map((b) => b.add_event_ids)).toEqual([[E(1), E(2)], [E(3)]]);

    const got = await api.queues.get(queueId);
    expect(got.ok && got.data.event_ids).toEqual([E(1), E(2), E(3)]);
    expect(checked.proxy.violations()).toEqual([]);
    expect([...checked.proxy.operations()]).toEqual(expect.arrayContaining(["createQueue", "getQueue", "updateQueue"]));
  });

  it("the server de-duplicates too: add_event_ids repeating ids already in the queue", async () => {
    const raw = client(checked.server, KEY);
    const created = await raw.call("POST", "/v1/queues", { name: "raw", event_ids: [E(7), E(7)] });
    const id = created.body.queue.id as string;
    expect(created.body.queue.event_ids).toEqual([E(7)]);
    const updated = await raw.call("PUT", `/v1/queues/${id}`, { id, add_event_ids: [E(7), E(8), E(8)], remove_event_ids: [] });
    expect(updated.body.queue.event_ids).toEqual([E(7), E(8)]);
    const removed = await raw.call("PUT", `/v1/queues/${id}`, { id, remove_event_ids: [E(7)] });
    expect(removed.body.queue.event_ids).toEqual([E(8)]);
  });

  it("HoneyHive.queues: list with the enabled filter, update, delete", async () => {
    const hh = new HoneyHive({ apiKey: "hh_queues_group_key", serverUrl: checked.proxy.url });
    const on = (await hh.queues.createQueue({ name: "on", description: "review" })).queue as { id: string };
    const off = (await hh.queues.createQueue({ name: "off", enabled: false })).queue as { id: string };
    expect((await hh.queues.getQueues({ enabled: true })).map((q) => q.id)).toEqual([on.id]);
    expect((await hh.queues.getQueues({ enabled: false })).map((q) => q.id)).toEqual([off.id]);
    await hh.queues.updateQueue(off.id, { enabled: true, name: "on too" });
    expect((await hh.queues.getQueues({ enabled: true })).map((q) => q.name)).toEqual(["on", "on too"]);
    await hh.queues.addEvents(on.id, [E(4)]);
    expect((await hh.queues.getQueue(on.id)).event_ids).toEqual([E(4)]);
    expect((await hh.queues.deleteQueue(on.id)).message).toContain("deleted");
    expect((await hh.queues.getQueues()).map((q) => q.id)).toEqual([off.id]);
    await expect(hh.queues.getQueue(on.id)).rejects.toMatchObject({ status: 404 });
    expect(checked.proxy.violations()).toEqual([]);
  });

  it("malformed queue bodies get a 400 naming the field", async () => {
    const raw = client(checked.server, KEY);
    expect((await raw.call("POST", "/v1/queues", {})).body.error).toContain(`"name" is required`);
    expect((await raw.call("POST", "/v1/queues", { name: "x", event_ids: [1] })).body.error).toContain(`"event_ids" must be an array of strings`);
    expect((await raw.call("POST", "/v1/queues", { name: "x", filter: [] })).body.error).toContain(`unknown field "filter"`);
    expect((await raw.call("GET", "/v1/queues?enabled=maybe")).status).toBe(400);
  });
});
