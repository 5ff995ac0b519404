// Production → dataset against the real in-memory dev server through the spec-checking proxy: addFromEvents over
// POST /v1/datapoints/batch (filters, date range, mapping) and addEvent copying an agent session (inputs, outputs,
// the first model call's chat history) with linked_event and an external id the content version hashes.
import { describe, expect, it } from "vitest";
import { inStrictMode } from "../helpers/option-rule";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { addEvent, addFromEvents } from "../../packages/honeyhive/src/datasets/add-from-events";
import { datasetVersion } from "../../packages/honeyhive/src/datasets/dataset-version";
import { pullDataset } from "../../packages/honeyhive/src/datasets/pull-dataset";
import { useCheckedDevServer } from "../helpers/checked-dev-server";

const checked = useCheckedDevServer();

async function newDataset(hh: HoneyHive, name: string): Promise<string> {
  return String(((await hh.datasets.createDataset({ name })).result as { insertedId: string }).insertedId);
}

/** An agent session: its inputs and outputs, and one model call holding the conversation. */
async function agentSession(hh: HoneyHive): Promise<string> {
  const started = await hh.session.startSession({ session: { session_name: "support-agent", inputs: { ticket: "T-7", question: "where is my order?" } } });
  const sessionId = started.sessionId;
  await hh.events.createEvent({ event: {
    session_id: sessionId, parent_id: sessionId, event_type: "model", event_name: "chat",
    inputs: { chat_history: [{ role: "system", content: "be brief" }, { role: "user", content: "where is my order?" }] },
    outputs: { role: "assistant", content: "on its way" },
  } });
  await hh.events.updateEvent({ event_id: sessionId, outputs: { answer: "on its way" } });
  return sessionId;
}

describe("addFromEvents", () => {
  it("adds the events matching filters and a date range, mapped, linked to their events, in one batch request", async () => {
    const hh = new HoneyHive({ apiKey: "hh_add_from_events", serverUrl: checked.proxy.url });
    const events = [1, 2, 3].map((i) => ({ event_type: "chain", event_name: i === 3 ? "other" : "answer", inputs: { question: `q${i}` }, outputs: { answer: `a${i}` } }));
    const ids = (await hh.events.createEventBatch({ events })).event_ids as string[];
    const datasetId = await newDataset(hh, "bad answers");
    const mark = checked.proxy.requests.length;
    const added = await addFromEvents(hh, datasetId, {
      filters: [{ field: "event_name", operator: "is", value: "answer", type: "string" }],
      dateRange: { from: Date.now() - 3_600_000, to: new Date(Date.now() + 60_000) },
      mapping: { inputs: ["inputs.question"], groundTruth: ["outputs.answer"] },
    });
    expect(checked.proxy.requests.slice(mark).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.url}`)).toEqual(["POST /v1/datapoints/batch"]);
    expect(added.datapointIds).toHaveLength(2);
    const pulled = await pullDataset(hh, "bad answers");
    expect(pulled.items.map((i) => ({ inputs: i.inputs, ground_truth: i.ground_truth })).sort((a, b) => String(a.inputs.question).localeCompare(String(b.inputs.question))))
      .toEqual([{ inputs: { question: "q1" }, ground_truth: { answer: "a1" } }, { inputs: { question: "q2" }, ground_truth: { answer: "a2" } }]);
    expect(pulled.items.map((i) => i.id).sort()).toEqual([`event-${ids[0]}`, `event-${ids[1]}`].sort());
    expect(checked.proxy.violations()).toEqual([]);
  });

  it("rejects an unknown option, no selection and a bad date, before any request", async () => {
    const hh = new HoneyHive({ apiKey: "hh_add_from_events_bad", serverUrl: checked.proxy.url });
    const mark = checked.proxy.requests.length;
    await inStrictMode(() => expect(addFromEvents(hh, "x", { filter: [] } as never)).rejects.toThrow(/unknown option "filter" \(did you mean "filters"\?\)/));
    await expect(addFromEvents(hh, "x", { mapping: { inputs: ["inputs"] } })).rejects.toThrow("give filters or a dateRange (filters: [] selects every event)");
    await expect(addFromEvents(hh, "x", { dateRange: { from: "yesterday" } })).rejects.toThrow("dateRange.from is not a date");
    expect(checked.proxy.requests.slice(mark)).toEqual([]);

  });
});

describe("addEvent", () => {
  it("copies an agent session's inputs, outputs and chat history with linked_event; adding it again writes nothing", async () => {
    const hh = new HoneyHive({ apiKey: "hh_add_event", serverUrl: checked.proxy.url });
    const sessionId = await agentSession(hh);
    const datasetId = await newDataset(hh, "from prod");
    const first = await addEvent(hh, datasetId, sessionId);
    expect(first.datapointIds).toHaveLength(1);
    const stored = (await hh.datapoints.getDatapoints({ datasetName: "from prod" })).datapoints as Record<string, unknown>[];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      inputs: { ticket: "T-7", question: "where is my order?" },
      ground_truth: { answer: "on its way" },
      history: [{ role: "system", content: "be brief" }, { role: "user", content: "where is my order?" }],
      linked_event: sessionId,
      linked_datasets: [datasetId],
      metadata: { external_id: `event-${sessionId}`, event_type: "session", session_id: sessionId },
    });
    const mark = checked.proxy.requests.length;
    expect((await addEvent(hh, datasetId, sessionId)).datapointIds).toEqual([]);
    expect(checked.proxy.requests.slice(mark).filter((r) => r.method !== "GET" && !r.url.startsWith("/v1/events/search"))).toEqual([]);
    const pulled = await pullDataset(hh, "from prod");
    expect(pulled.items[0]!.id).toBe(`event-${sessionId}`);
    expect(pulled.version).toBe(datasetVersion(pulled.items, { key: "id" }));
    expect(checked.proxy.violations()).toEqual([]);
  });

  it("a missing event or dataset is a 404 error", async () => {
    const hh = new HoneyHive({ apiKey: "hh_add_event_missing", serverUrl: checked.proxy.url });
    const datasetId = await newDataset(hh, "empty");
    await expect(addEvent(hh, datasetId, "0b6a3c0e-0000-4000-8000-000000000000")).rejects.toThrow(/event .* not found/);
    await expect(addEvent(hh, "no-such-dataset", "x")).rejects.toThrow(/dataset no-such-dataset not found/);
  });
});
