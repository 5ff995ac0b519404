// Per-key isolation of the 1.x API groups on the dev server: key B neither sees nor changes key A's metrics, queues,
// tools or project, and cannot turn A's events into datapoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, tempDir, type Client } from "./helpers";

let server: DevServer;
let a: Client;
let b: Client;
beforeAll(async () => {
  server = await startServer();
  a = client(server, "hh_isolation_key_a");
  b = client(server, "hh_isolation_key_b");
});
afterAll(() => server.close());

describe("the 1.x groups are isolated per API key", () => {
  it("metrics", async () => {
    const id = (await a.call("POST", "/v1/metrics", { name: "m", type: "HUMAN", criteria: "rate" })).body.metric_id as string;
    expect((await b.call("GET", "/v1/metrics")).body.metrics).toEqual([]);
    expect((await b.call("GET", `/v1/metrics?id=${id}`)).body.metrics).toEqual([]);
    expect((await b.call("PUT", `/v1/metrics/${id}`, { name: "stolen" })).status).toBe(404);
    expect((await b.call("DELETE", `/v1/metrics/${id}`)).status).toBe(404);
    expect((await a.call("GET", `/v1/metrics?id=${id}`)).body.metrics[0]).toMatchObject({ id, name: "m" });
  });

  it("queues", async () => {
    const id = (await a.call("POST", "/v1/queues", { name: "q" })).body.queue.id as string;
    expect((await b.call("GET", "/v1/queues")).body.queues).toEqual([]);
    expect((await b.call("GET", `/v1/queues/${id}`)).status).toBe(404);
    expect((await b.call("PUT", `/v1/queues/${id}`, { id, add_event_ids: ["x"] })).status).toBe(404);
    expect((await b.call("DELETE", `/v1/queues/${id}`)).status).toBe(404);
    expect((await a.call("GET", `/v1/queues/${id}`)).body).toMatchObject({ id, name: "q", event_ids: [] });
  });

  it("tools", async () => {
    const id = (await a.call("POST", "/v1/tools", { name: "t", parameters: {} })).body.result.insertedId as string;
    expect((await b.call("GET", "/v1/tools")).body).toEqual([]);
    expect((await b.call("PUT", "/v1/tools", { id, name: "stolen" })).status).toBe(404);
    expect((await b.call("DELETE", `/v1/tools?function_id=${id}`)).status).toBe(404);
    expect((await a.call("GET", "/tools")).body).toEqual([expect.objectContaining({ id, name: "t" })]);
  });

  it("projects", async () => {
    await a.call("POST", "/v1/projects", { name: "A's app" });
    const [projectA] = (await a.call("GET", "/v1/projects")).body;
    const [projectB] = (await b.call("GET", "/v1/projects")).body;
    expect(projectB.id).not.toBe(projectA.id);
    expect(projectB.name).not.toBe("A's app");
    expect((await b.call("PUT", "/v1/projects", { project_id: projectA.id, new_name: "stolen" })).status).toBe(404);
    expect((await a.call("GET", "/v1/projects")).body[0].name).toBe("A's app");
  });

  it("datapoints batch", async () => {
    const ids = (await a.call("POST", "/v1/events/batch", { events: [{ event_type: "tool", event_name: "secret", inputs: { q: 1 } }] })).body.event_ids as string[];
    expect((await b.call("POST", "/v1/datapoints/batch", { events: ids })).body).toEqual({ inserted: false, insertedIds: [] });
    expect((await b.call("POST", "/v1/datapoints/batch", { filters: [{ field: "event_name", operator: "is", value: "secret", type: "string" }] })).body.insertedIds).toEqual([]);
    expect((await a.call("POST", "/v1/datapoints/batch", { events: ids })).body.insertedIds).toHaveLength(1);
  });

  it("persist in a data directory across restarts, still per key", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = await startServer({ dataDir: dir });
      const id = (await client(first, "hh_persist_a").call("POST", "/v1/queues", { name: "kept", event_ids: ["e1"] })).body.queue.id as string;
      await client(first, "hh_persist_a").call("POST", "/v1/metrics", { name: "kept", type: "HUMAN", criteria: "rate" });
      await first.close();
      const second = await startServer({ dataDir: dir });
      try {
        expect((await client(second, "hh_persist_a").call("GET", `/v1/queues/${id}`)).body).toMatchObject({ name: "kept", event_ids: ["e1"] });
        expect((await client(second, "hh_persist_a").call("GET", "/v1/metrics")).body.metrics.map((m: { name: string }) => m.name)).toEqual(["kept"]);
        expect((await client(second, "hh_persist_b").call("GET", "/v1/queues")).body.queues).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      cleanup();
    }
  });
});
