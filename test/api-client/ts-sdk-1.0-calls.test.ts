// Calls written against the TypeScript SDK 1.0's `HoneyHive` client, in its argument orders and with its camelCase
// bodies, against the real dev server (127.0.0.1, port 0). This file is also type-checked by `npm run typecheck`:
// each call here compiled against 1.0's published types and must compile against these.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { HoneyHive } from "../../packages/honeyhive/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";

const KEY = "hh_ts_sdk_1_0_calls_key";
let server: DevServer;
let hh: HoneyHive;

beforeAll(async () => {
  server = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: createLogger({ sink: () => undefined }) });
  hh = new HoneyHive({ bearerAuth: KEY, serverURL: server.url });
});
afterAll(() => server.close());

/** A dataset `name` with `count` datapoints; their ids. */
async function datasetWith(name: string, count: number): Promise<string[]> {
  const created = await hh.datasets.createDataset({ name });
  const datasetId = String((created.result as { insertedId: string }).insertedId);
  const added = await hh.datasets.addDatapoints(datasetId, {
    data: Array.from({ length: count }, (_, i) => ({ q: `${name}-${i}` })),
    mapping: { inputs: ["q"], ground_truth: [], history: [] },
  });
  return added.datapoint_ids as string[];
}

describe("the 1.0 HoneyHive client's calls against the dev server", () => {
  it("getDatapoints(project, datapointIds?, datasetName?) in 1.0's order", async () => {
    const [a, b] = await datasetWith("dp-order-a", 3);
    const others = await datasetWith("dp-order-b", 2);
    const byIds = await hh.datapoints.getDatapoints("project", [a!, b!]);
    expect((byIds.datapoints as { id: string }[]).map((d) => d.id).sort()).toEqual([a, b].sort());
    const byName = await hh.datapoints.getDatapoints("project", undefined, "dp-order-b");
    expect((byName.datapoints as { id: string }[]).map((d) => d.id).sort()).toEqual([...others].sort());
    const all = await hh.datapoints.getDatapoints("project");
    expect((all.datapoints as unknown[]).length).toBeGreaterThanOrEqual(5);
    const object = await hh.datapoints.getDatapoints({ datasetName: "dp-order-a" });
    expect((object.datapoints as unknown[]).length).toBe(3);
  });

  it("updateDatapoint(body, id) in 1.0's order, and (id, body)", async () => {
    const [id] = await datasetWith("dp-update", 1);
    await hh.datapoints.updateDatapoint({ metadata: { old: true } }, id!);
    await hh.datapoints.updateDatapoint(id!, { groundTruth: { answer: "a" } });
    const [stored] = (await hh.datapoints.getDatapoint(id!)).datapoint as { metadata: unknown; ground_truth: unknown }[];
    expect(stored).toMatchObject({ metadata: { old: true }, ground_truth: { answer: "a" } });
  });

  it("createEvent with 1.0's camelCase event, and startSession's sessionId typed as a string", async () => {
    const session = await hh.session.startSession({ session: { project: "p", sessionName: "s", source: "dev" } });
    const sessionId: string = session.sessionId;
    expect(session.session_id).toBe(sessionId);
    const event = await hh.events.createEvent({
      event: { project: "p", source: "dev", eventName: "call", eventType: "model", config: {}, inputs: {}, duration: 1, sessionId },
    });
    const found = await hh.events.searchEvents({ filters: [{ field: "event_id", operator: "is", value: String(event.event_id), type: "string" }] });
    expect((found.events as unknown[])[0]).toMatchObject({ event_type: "model", event_name: "call", session_id: sessionId });
  });

  it("metrics: getMetrics(projectName), createMetric(1.0's Metric), updateMetric({ metricId, ... }), deleteMetric(metricId)", async () => {
    const definition = {
      name: "Answer length", task: "my project", type: "custom", description: "characters in the answer", returnType: "float",
      codeSnippet: "def metric(event): return len(event['outputs']['content'])", enabledInProd: true, eventName: "answer", eventType: "model",
      threshold: { min: 1, max: 500 },
    };
    // enabled, it would run on HoneyHive's workers: the dev server, which runs no metric, refuses it (so enabledInProd arrived)
    await expect(hh.metrics.createMetric(definition)).rejects.toMatchObject({ status: 501 });
    await hh.metrics.createMetric({ ...definition, enabledInProd: false });
    const [metric] = await hh.metrics.getMetrics("my project");
    expect(metric).toMatchObject({
      name: "Answer length", type: "PYTHON", return_type: "float", enabled_in_prod: false, enabledInProd: false,
      criteria: "def metric(event): return len(event['outputs']['content'])", threshold: { min: 1, max: 500 },
      filters: { filterArray: [{ field: "event_name", operator: "is", value: "answer", type: "string" }, { field: "event_type", operator: "is", value: "model", type: "string" }] },
    });
    await hh.metrics.updateMetric({ metricId: String(metric!.id), description: "length", passWhen: true, type: "model", prompt: "Is it long?" });
    const [updated] = await hh.metrics.getMetrics("my project");
    expect(updated).toMatchObject({ description: "length", type: "LLM", criteria: "Is it long?", threshold: { pass_when: true } });
    await hh.metrics.deleteMetric(String(metric!.id));
    expect(await hh.metrics.getMetrics("my project")).toEqual([]);
  });

  it("tools: getTools(), createTool({ task, name, parameters, type }), updateTool({ id, name, parameters }), deleteTool(id)", async () => {
    const created = await hh.tools.createTool({ task: "my project", name: "lookup", parameters: { type: "object" }, type: "function" });
    const id = String((created.result as { insertedId: string }).insertedId);
    await hh.tools.updateTool({ id, name: "lookup_v2", parameters: { type: "object", properties: {} } });
    expect((await hh.tools.getTools()).map((t) => t.name)).toEqual(["lookup_v2"]);
    await hh.tools.deleteTool(id);
    expect(await hh.tools.getTools()).toEqual([]);
  });

  it("projects: getProjects(name?), createProject({ name }), updateProject({ projectId, name, description }), deleteProject(name) refused", async () => {
    const project = await hh.projects.createProject({ name: "1.0 project", description: "made by 1.0 code" });
    expect((await hh.projects.getProjects("1.0 project")).map((p) => p.id)).toEqual([project.id]);
    await hh.projects.updateProject({ projectId: project.id, name: "renamed", description: "d" });
    expect((await hh.projects.getProjects())[0]).toMatchObject({ id: project.id, name: "renamed", description: "d" });
    await expect(hh.projects.deleteProject("renamed")).rejects.toMatchObject({ status: 409 });
  });
});
