import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { externalDatapointId, externalDatasetId } from "../../packages/honeyhive/src/datasets/ext-ids";
import { loadDataset } from "../../packages/honeyhive/src/datasets/load-dataset";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import type { SpecCheckingProxy } from "../helpers/spec-checking-proxy";

/** Req: wire fixes. The legacy class converts nested keys; the public id functions agree with evaluate(). */
const KEY = "hh_wire_fixes_key";
let proxy: SpecCheckingProxy;
let dir: string;

const checked = useCheckedDevServer();
beforeAll(() => {
  proxy = checked.proxy;
  dir = mkdtempSync(join(tmpdir(), "hh-wire-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("legacy HoneyHive class: nested camelCase keys", () => {
  it("createEventBatch with camelCase events and sessionProperties validates against the spec and stores typed events", async () => {
    const hh = new HoneyHive({ bearerAuth: KEY, serverURL: proxy.url });
    const before = proxy.requests.length;
    const res = await hh.events.createEventBatch({
      events: [
        { eventType: "tool", eventName: "lookup", inputs: { userQuery: "kept as is" }, startTime: 1_700_000_000_000, endTime: 1_700_000_000_050 },
        { eventType: "model", eventName: "generate", inputs: { prompt: "x" }, outputs: { text: "y" } },
      ],
      singleSession: true,
      sessionProperties: { sessionName: "batch-session", userProperties: { plan: "pro" } },
    });
    const sent = proxy.requests.slice(before);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /v1/events/batch"]);
    expect(sent.flatMap((r) => r.problems)).toEqual([]);
    const body = JSON.parse(sent[0]!.body) as { events: Record<string, unknown>[]; single_session: boolean; session_properties: Record<string, unknown> };
    expect(body.events.map((e) => e.event_type)).toEqual(["tool", "model"]);
    expect(body.events[0]!.inputs).toEqual({ userQuery: "kept as is" }); // user data is never renamed
    expect(body.session_properties).toEqual({ session_name: "batch-session", user_properties: { plan: "pro" } });
    expect(res.success ?? true).toBe(true);
  });

  it("addDatapoints with a camelCase mapping validates against the spec", async () => {
    const hh = new HoneyHive({ bearerAuth: KEY, serverURL: proxy.url });
    const created = await hh.datasets.createDataset({ name: "wire-fixes" });
    const datasetId = String((created.result as { insertedId?: string } | undefined)?.insertedId ?? created.insertedId ?? "");
    expect(datasetId).not.toBe("");
    const before = proxy.requests.length;
    await hh.datasets.addDatapoints(datasetId, { data: [{ q: "a", answer: "b" }], mapping: { inputs: ["q"], groundTruth: ["answer"] } } as never);
    const sent = proxy.requests.slice(before);
    expect(sent.flatMap((r) => r.problems)).toEqual([]);
    expect(JSON.parse(sent[0]!.body).mapping).toEqual({ inputs: ["q"], ground_truth: ["answer"] });
  });

  it("addDatapoints also takes the old client's argument order, (body, datasetId)", async () => {
    const hh = new HoneyHive({ bearerAuth: KEY, serverURL: proxy.url });
    const created = await hh.datasets.createDataset({ name: "wire-fixes-old-order" });
    const datasetId = String((created.result as { insertedId?: string } | undefined)?.insertedId ?? created.insertedId ?? "");
    const before = proxy.requests.length;
    await hh.datasets.addDatapoints({ data: [{ q: "c", answer: "d" }], mapping: { inputs: ["q"], groundTruth: ["answer"] } } as never, datasetId);
    const sent = proxy.requests.slice(before);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`POST /v1/datasets/${datasetId}/datapoints`]);
    expect(sent.flatMap((r) => r.problems)).toEqual([]);
    expect(JSON.parse(sent[0]!.body).data).toEqual([{ q: "c", answer: "d" }]);
  });
});

describe("public EXT id functions equal evaluate()'s ids for loadDataset() output", () => {
  it("a file spelling numbers as Python does (1.0, 1e+16) gets the same dataset and datapoint ids", async () => {
    const path = join(dir, "numbers.jsonl");
    writeFileSync(path, ['{"inputs": {"x": 1.0}, "ground_truth": {"y": 2.50}}', '{"inputs": {"x": 1e+16, "z": -0.0}}', '{"inputs": {"x": 3}}'].join("\n"));
    const items = await loadDataset(path);
    const result = await evaluate({ dataset: items, function: (inputs: Record<string, unknown>) => inputs.x, progress: false, offline: true });
    expect(externalDatasetId(items)).toBe(result.datasetId);
    expect(items.map((item, i) => externalDatapointId(item, i))).toEqual(result.datapoints.map((d) => d.datapointId));
  });
});
