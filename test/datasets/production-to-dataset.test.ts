// Production → dataset, idempotent and keeping its links, against the real dev server with the viewer (the SDK's
// requests through the spec-checking proxy): adding the same events twice writes nothing, two adds at once keep one
// datapoint, pull → push of an unchanged dataset writes nothing and keeps `linked_event`, a pulled row made from an
// event keeps its `event-…` id; sessions traced by the real tracer give their inputs (from the session start, from
// enrichSession, from the traced function of a plain session) to the datapoint (addEvent, the batch route and the
// viewer's "Add to dataset"), to evaluate()'s replay, and to the review queue's items.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { addEvent, addFromEvents } from "../../packages/honeyhive/src/datasets/add-from-events";
import { datasetVersion } from "../../packages/honeyhive/src/datasets/dataset-version";
import { pullDataset } from "../../packages/honeyhive/src/datasets/pull-dataset";
import { pushDataset } from "../../packages/honeyhive/src/datasets/push-dataset";
import { HoneyHiveTracer, enrichSession, trace } from "../../packages/honeyhive/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { startBarrierProxy } from "../helpers/barrier-proxy";
import { startFaultProxy } from "../helpers/fault-proxy";
import { startSpecCheckingProxy, type SpecCheckingProxy } from "../helpers/spec-checking-proxy";
import { call, KEY, startViewerServer } from "../viewer/helpers/viewer-server";
import { heldRows } from "./held-rows";

let server: DevServer;
let proxy: SpecCheckingProxy;
let hh: HoneyHive;
let truth: HoneyHive;
/** Session ids: inputs given at the start, inputs given by enrichSession, a plain traced session. */
const sessions = { started: "", enriched: "", plain: "" };
/** When the three sessions had been traced (the events of later tests start after it). */
let tracedUntil = 0;

const answer = trace(async function answer(question: string) {
  return { text: `answer to ${question}` };
}, { eventType: "chain" });

async function traced(name: string, run: () => Promise<unknown>, inputs?: Record<string, unknown>): Promise<string> {
  const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: name, ...(inputs ? { inputs } : {}), setAsDefault: true });
  await run();
  await tracer.flush();
  const id = tracer.sessionId;
  await tracer.shutdown();
  return id;
}

beforeAll(async () => {
  server = await startViewerServer();
  proxy = await startSpecCheckingProxy(server.url);
  hh = new HoneyHive({ apiKey: KEY, serverUrl: proxy.url });
  truth = new HoneyHive({ apiKey: KEY, serverUrl: server.url });
  sessions.started = await traced("started", () => answer("from the start"), { question: "from the start", locale: "en" });
  sessions.enriched = await traced("enriched", async () => {
    await answer("enriched later");
    await enrichSession({ inputs: { question: "enriched later", user: "u-7" } });
  });
  sessions.plain = await traced("plain", () => answer("a plain session"));
  tracedUntil = Date.now();
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

async function newDataset(name: string): Promise<string> {
  return String(((await hh.datasets.createDataset({ name })).result as { insertedId: string }).insertedId);
}

const EXPECTED_INPUTS = () => new Map([
  [sessions.started, { question: "from the start", locale: "en" }],
  [sessions.enriched, { question: "enriched later", user: "u-7" }],
  [sessions.plain, { question: "a plain session" }],
]);

/** The inputs of each datapoint of dataset `name` by the session it was made from. */
async function inputsBySession(name: string): Promise<Map<string, unknown>> {
  const held = await heldRows(truth, name);
  return new Map(held.entries.map((e) => [String(e.key).replace(/^event-/, ""), e.inputs]));
}

describe("production → dataset", () => {
  it("adding the same events twice writes nothing; pull → push writes nothing, keeps event- ids and linked_event", async () => {
    const events = [1, 2, 3].map((i) => ({ event_type: "tool", event_name: i === 3 ? "other" : "lookup", inputs: { q: `q${i}` }, outputs: { a: `a${i}` } }));
    const ids = (await hh.events.createEventBatch({ events })).event_ids as string[];
    const datasetId = await newDataset("from events");
    const select = { filters: [{ field: "event_name", operator: "is" as const, value: "lookup", type: "string" as const }] };
    expect((await addFromEvents(hh, datasetId, select)).datapointIds).toHaveLength(2);
    expect((await addFromEvents(hh, datasetId, select)).datapointIds).toEqual([]);
    const held = await heldRows(truth, "from events");
    expect(held).toMatchObject({ count: 2, duplicates: [] });

    const pulled = await pullDataset(hh, "from events");
    expect(pulled.items.map((i) => i.id).sort()).toEqual([`event-${ids[0]}`, `event-${ids[1]}`].sort());
    expect(datasetVersion(pulled.items)).toBe(pulled.version);
    const mark = proxy.requests.length;
    const again = await pushDataset(hh, "from events", pulled.items, { mode: "replace" });
    expect(proxy.requests.slice(mark).filter((r) => r.method !== "GET")).toEqual([]);
    expect(again).toMatchObject({ added: [], changed: [], removed: [], unchanged: 2, version: pulled.version });

    // a copy of a row made elsewhere (as the older SDK's second addFromEvents did): pull, version and push still work
    await truth.datapoints.createDatapoint({ inputs: { q: "q1" }, ground_truth: { a: "a1" }, metadata: { external_id: `event-${ids[0]}` }, linked_datasets: [datasetId] });
    const withCopy = await pullDataset(hh, "from events");
    expect(withCopy.duplicates).toEqual([`event-${ids[0]}`]);
    expect(withCopy.items).toHaveLength(2);
    expect(datasetVersion(withCopy.items)).toBe(pulled.version);
    expect(await pushDataset(hh, "from events", withCopy.items, { mode: "replace" })).toMatchObject({ duplicatesRemoved: 1, added: [], changed: [], removed: [], version: pulled.version });

    const copied = await pushDataset(hh, "events copy", pulled.items);
    expect(copied.added).toHaveLength(2);
    const stored = (await truth.api.datapoints.list({ datasetName: "events copy" })) as { ok: true; data: { datapoints: { linked_event: string | null }[] } };
    expect(stored.data.datapoints.map((d) => d.linked_event).sort()).toEqual([ids[0], ids[1]].sort());
    expect(proxy.violations()).toEqual([]);
  });

  it("a failed batch counts nothing; one whose answer was lost after it landed is not added again", async () => {
    const events = [1, 2].map((i) => ({ event_type: "tool", event_name: "faulty", inputs: { q: `f${i}` }, outputs: { a: `f${i}` } }));
    await hh.events.createEventBatch({ events });
    const datasetId = await newDataset("from events under faults");
    const select = { filters: [{ field: "event_name", operator: "is" as const, value: "faulty", type: "string" as const }] };
    const isBatch = (r: { method: string; path: string }) => r.method === "POST" && r.path === "/v1/datapoints/batch";
    const faults = await startFaultProxy(proxy.url, (r) => (isBatch(r) ? { kind: "refuse", status: 500 } : undefined));
    try {
      const faulty = new HoneyHive({ apiKey: KEY, serverUrl: faults.url, maxRetries: 0 });
      await expect(addFromEvents(faulty, datasetId, select)).rejects.toThrow(/HTTP 500/);
      expect((await heldRows(truth, "from events under faults")).count).toBe(0);
      faults.setRule((r) => (isBatch(r) ? { kind: "lose-answer", status: 502 } : undefined));
      await expect(addFromEvents(faulty, datasetId, select)).rejects.toThrow(/HTTP 502/);
      expect((await heldRows(truth, "from events under faults")).count).toBe(2); // it landed
      faults.setRule(undefined);
      expect((await addFromEvents(faulty, datasetId, select)).datapointIds).toEqual([]);
      expect(await heldRows(truth, "from events under faults")).toMatchObject({ count: 2, duplicates: [] });
    } finally {
      await faults.close();
    }
  });

  it("two addEvent calls at once for one session keep one datapoint, and only its adder reports it", async () => {
    const datasetId = await newDataset("added twice at once");
    const gate = await startBarrierProxy(proxy.url, 2, (method, path) => method === "POST" && path === "/v1/datapoints");
    try {
      const clients = [1, 2].map(() => new HoneyHive({ apiKey: KEY, serverUrl: gate.url }));
      const [a, b] = await Promise.all(clients.map((c) => addEvent(c, datasetId, sessions.started)));
      expect(gate.released()).toBe(2);
      const held = await heldRows(truth, "added twice at once");
      expect(held).toMatchObject({ count: 1, duplicates: [] });
      expect([...a!.datapointIds, ...b!.datapointIds]).toHaveLength(1);
    } finally {
      await gate.close();
    }
  });

  it("session inputs (from the start, from enrichSession, of a plain traced session) become the datapoint's inputs everywhere", async () => {
    const byEvent = await newDataset("sessions by addEvent");
    for (const id of Object.values(sessions)) expect((await addEvent(hh, byEvent, id)).datapointIds).toHaveLength(1);
    expect(await inputsBySession("sessions by addEvent")).toEqual(EXPECTED_INPUTS());

    const byBatch = await newDataset("sessions by batch");
    await addFromEvents(hh, byBatch, { filters: [{ field: "event_type", operator: "is", value: "session", type: "string" }], dateRange: { to: tracedUntil } });
    expect(await inputsBySession("sessions by batch")).toEqual(EXPECTED_INPUTS());

    for (const id of Object.values(sessions)) await call(server, "POST", `/viewer/sessions/${id}/dataset`, { dataset_name: "sessions by viewer" });
    expect(await inputsBySession("sessions by viewer")).toEqual(EXPECTED_INPUTS());

    const plain = (await heldRows(truth, "sessions by addEvent")).entries.find((e) => e.key === `event-${sessions.plain}`)!;
    expect(plain.groundTruth).toEqual({ result: { text: "answer to a plain session" } }); // the traced function's outputs

    const seen: unknown[] = [];
    const result = await evaluate({
      apiKey: KEY, serverUrl: server.url, datasetId: byEvent, printResults: false, gitInfo: false,
      function: (inputs: Record<string, unknown>) => { seen.push(inputs); return "ok"; },
    } as Parameters<typeof evaluate>[0]);
    expect(result.status).toBe("completed");
    expect(seen).toEqual(expect.arrayContaining([...EXPECTED_INPUTS().values()]));
    expect(seen).toHaveLength(3);
  }, 60_000);

  it("review queue items show a session's inputs and outputs (enriched, and a plain traced session)", async () => {
    const made = await call(server, "POST", "/v1/queues", { name: "review sessions", event_ids: [sessions.enriched, sessions.plain] });
    const detail = (await call(server, "GET", `/viewer/queues/${made.body.queue.id}`)).body;
    const [enriched, plain] = detail.items as { inputs: { text: string }; outputs: { text: string } }[];
    expect(JSON.parse(enriched!.inputs.text)).toEqual({ question: "enriched later", user: "u-7" });
    expect(JSON.parse(enriched!.outputs.text)).toEqual({ result: { text: "answer to enriched later" } });
    expect(JSON.parse(plain!.inputs.text)).toEqual({ question: "a plain session" });
    expect(JSON.parse(plain!.outputs.text)).toEqual({ result: { text: "answer to a plain session" } });
  });
});
