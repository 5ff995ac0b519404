// Every group of the 1.x `HoneyHive` client, called exactly as the 1.x SDK's published types write the calls: its
// argument orders, its camelCase request fields (`callType`, `groundTruth`, `eventIds`, `sessionProperties`,
// `dateRange.dollarGte`, …) and the `project` most of its bodies carry. Each request goes through the proxy that
// checks it against HoneyHive's OpenAPI spec (a field the spec does not allow is a violation), to the real dev server;
// each answer keeps the shape 1.x code reads (`getConfigurations` resolves to an array, `getDatasets` to
// `{ testcases }`, ids as `insertedId` / `eventId` / `runId`). This file is type-checked too: every call compiles.
import { describe, expect, it } from "vitest";
import { HoneyHive, createApiClient } from "../../packages/honeyhive/src/index";
import { useCheckedDevServer } from "../helpers/checked-dev-server";

const checked = useCheckedDevServer();
const PROJECT = "Simple RAG Project";

/** A 1.x client of its own project (one key per group: the dev server keeps each key's data apart). */
function client(key: string): HoneyHive {
  return new HoneyHive({ bearerAuth: key, serverURL: checked.proxy.url });
}

/** The wire client of the same project, to read back what was stored. */
function wire(key: string) {
  return createApiClient({ apiKey: key, serverUrl: checked.proxy.url });
}

/** Spec problems of the requests made since `from` (an index into the proxy's requests), except the deprecation of `/v1/configurations` (it has no successor). */
function violationsSince(from: number): string[] {
  return checked.proxy.requests.slice(from).flatMap((r) => r.problems.map((p) => `${r.method} ${r.url}: ${p}`))
    .filter((v) => !/\((get|create|update|delete)Configurations?\) is deprecated$/.test(v));
}

describe("the 1.x client's groups, called as the 1.x docs write them", () => {
  it("configurations: createConfiguration({ project, name, provider, parameters: { callType, … } }), getConfigurations(project, env, name) → an array, updateConfiguration(body, id), deleteConfiguration(id)", async () => {
    const from = checked.proxy.requests.length;
    const hh = client("hh_1x_configurations");
    await hh.configurations.createConfiguration({
      project: PROJECT,
      name: "support-answer",
      provider: "openai",
      parameters: {
        callType: "chat",
        model: "gpt-4o-mini",
        hyperparameters: { temperature: 0.2, max_tokens: 256 },
        responseFormat: { type: "text" },
        selectedFunctions: [{ id: "fn-1", name: "lookup", description: "Looks an order up", parameters: { type: "object" } }],
        functionCallParams: "auto",
        forceFunction: {},
        additionalProperties: { template: [{ role: "user", content: "{{question}}" }] },
      },
      env: ["prod"],
      userProperties: { user: "ann@example.com" },
    });
    const listed = await hh.configurations.getConfigurations(PROJECT, "prod", "support-answer");
    expect(Array.isArray(listed)).toBe(true);
    expect(listed).toHaveLength(1);
    const [config] = listed;
    expect(config).toMatchObject({
      name: "support-answer", provider: "openai", env: ["prod"], userProperties: { user: "ann@example.com" },
      parameters: { callType: "chat", call_type: "chat", model: "gpt-4o-mini", template: [{ role: "user", content: "{{question}}" }], functionCallParams: "auto" },
    });
    const id = String(config!.id);
    await hh.configurations.updateConfiguration({ project: PROJECT, name: "support-answer", provider: "openai", parameters: { callType: "completion", model: "gpt-4o" }, env: ["prod", "staging"], type: "LLM" }, id);
    const [updated] = await hh.configurations.getConfigurations(PROJECT, "staging");
    expect(updated).toMatchObject({ id, env: ["prod", "staging"], parameters: { callType: "completion", model: "gpt-4o" } });
    expect(await hh.configurations.getConfigurations(PROJECT, "dev")).toEqual([]);
    await hh.configurations.deleteConfiguration(id);
    expect(await hh.configurations.getConfigurations(PROJECT)).toEqual([]);
    expect(violationsSince(from)).toEqual([]);
  });

  it("datasets and datapoints: createDataset({ project, name, … }), addDatapoints(body, datasetId), getDatasets(project, type, datasetId) → { testcases }, datapoints' 1.x calls", async () => {
    const from = checked.proxy.requests.length;
    const hh = client("hh_1x_datasets");
    const created = await hh.datasets.createDataset({ project: PROJECT, name: "qa", description: "questions", type: "evaluation", datapoints: [], linkedEvals: [], saved: true, pipelineType: "event", metadata: { owner: "qa-team" } });
    const datasetId = String((created.result as { insertedId: string }).insertedId);
    expect(created.inserted).toBe(true);
    const added = await hh.datasets.addDatapoints({ project: PROJECT, data: [{ q: "2+2", a: "4" }, { q: "3+3", a: "6" }], mapping: { inputs: ["q"], groundTruth: ["a"], history: [] } }, datasetId);
    expect(added).toMatchObject({ inserted: true, datapointIds: expect.any(Array) });
    const ids = added.datapointIds as string[];
    const { testcases } = await hh.datasets.getDatasets(PROJECT, "evaluation", datasetId);
    expect(testcases).toMatchObject([{ name: "qa", description: "questions" }]);
    await hh.datasets.updateDataset({ datasetId, name: "qa-v2", description: "questions, again" });
    expect((await hh.datasets.getDatasets(PROJECT)).testcases).toMatchObject([{ name: "qa-v2", description: "questions, again" }]);

    const point = await hh.datapoints.createDatapoint({ project: PROJECT, inputs: { q: "4+4" }, groundTruth: { a: "8" }, history: [], linkedDatasets: [datasetId], metadata: { source: "hand" } });
    const pointId = String((point.result as { insertedId: string }).insertedId);
    const [one] = (await hh.datapoints.getDatapoint(pointId)).datapoint as Record<string, unknown>[];
    expect(one).toMatchObject({ inputs: { q: "4+4" }, groundTruth: { a: "8" }, ground_truth: { a: "8" }, metadata: { source: "hand" } });
    await hh.datapoints.updateDatapoint({ groundTruth: { a: "eight" }, metadata: { source: "fixed" } }, pointId);
    const listed = await hh.datapoints.getDatapoints(PROJECT, [ids[0]!, pointId]);
    expect((listed.datapoints as { id: string; groundTruth: unknown }[]).map((d) => d.groundTruth)).toEqual(expect.arrayContaining([{ a: "4" }, { a: "eight" }]));
    expect(await hh.datapoints.deleteDatapoint(pointId)).toMatchObject({ deleted: true });
    await hh.datasets.deleteDataset(datasetId);
    expect((await hh.datasets.getDatasets(PROJECT)).testcases).toEqual([]);
    expect(violationsSince(from)).toEqual([]);
  });

  it("session and events: startSession({ session }), createEvent({ event }), updateEvent, getEvents({ project, filters, dateRange }), createModelEvent, createEventBatch, createModelEventBatch, getSession", async () => {
    const from = checked.proxy.requests.length;
    const hh = client("hh_1x_events");
    const started = await hh.session.startSession({ session: { project: PROJECT, sessionName: "Playground Session", source: "playground", inputs: { question: "hi" }, userProperties: { user: "ann" }, metadata: { tier: "free" } } });
    const sessionId = started.sessionId;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const event = await hh.events.createEvent({
      event: { project: PROJECT, source: "playground", eventName: "Model Completion", eventType: "model", sessionId, parentId: sessionId, config: { model: "gpt-4o-mini", provider: "openai" }, inputs: { chat_history: [{ role: "user", content: "hi" }] }, outputs: { role: "assistant", content: "hello" }, duration: 824.8, userProperties: { user: "ann" }, startTime: 1712025501605, endTime: 1712025502429 },
    });
    expect(event).toMatchObject({ success: true, eventId: expect.any(String) });
    await hh.events.updateEvent({ eventId: String(event.eventId), metadata: { cost: 0.00008 }, feedback: { rating: 5 }, metrics: { num_words: 2 }, userProperties: { plan: "pro" }, duration: 900 });
    const model = await hh.events.createModelEvent({
      modelEvent: { project: PROJECT, model: "gpt-4o-mini", provider: "openai", messages: [{ role: "user", content: "2+2?" }], response: { role: "assistant", content: "4" }, duration: 42, usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 }, eventName: "answer", hyperparameters: { temperature: 0 }, templateInputs: { q: "2+2?" }, toolChoice: "none", responseFormat: { type: "text" } },
    });
    expect(model).toMatchObject({ success: true, eventId: expect.any(String) });
    const batch = await hh.events.createEventBatch({
      events: [{ project: PROJECT, source: "playground", eventName: "retrieve", eventType: "tool", config: {}, inputs: { q: "a" }, duration: 3 }],
      isSingleSession: true, sessionProperties: { sessionName: "batch session", source: "playground", userProperties: { user: "bob" } },
    });
    expect(batch).toMatchObject({ success: true, eventIds: [expect.any(String)], sessionId: expect.any(String) });
    const models = await hh.events.createModelEventBatch({
      modelEvents: [{ project: PROJECT, model: "gpt-4o-mini", provider: "openai", messages: [{ role: "user", content: "x" }], response: { content: "y" }, duration: 1, usage: {} }],
      isSingleSession: true, sessionProperties: { sessionName: "model batch" },
    });
    expect(models).toMatchObject({ success: true, eventIds: [expect.any(String)] });
    const found = await hh.events.getEvents({
      project: PROJECT,
      filters: [{ field: "event_id", value: String(event.eventId), operator: "is", type: "string" }],
      dateRange: { dollarGte: "2024-01-01T00:00:00.000Z", dollarLte: "2099-01-01T00:00:00.000Z" },
      limit: 10, page: 1,
    });
    expect(found.totalEvents).toBe(1);
    expect((found.events as Record<string, unknown>[])[0]).toMatchObject({
      eventId: event.eventId, eventType: "model", eventName: "Model Completion", sessionId,
      metadata: { cost: 0.00008 }, feedback: { rating: 5 }, userProperties: { user: "ann", plan: "pro" },
    });
    const outside = await hh.events.getEvents({ project: PROJECT, filters: [{ field: "event_id", value: String(event.eventId), operator: "is", type: "string" }], dateRange: { dollarGte: "2099-01-01T00:00:00.000Z" } });
    expect(outside.totalEvents).toBe(0); // the range 1.x named dollarGte reached the server
    const byId = async (id: unknown) => (await wire("hh_1x_events").events.search({ filters: [{ field: "event_id", operator: "is", value: String(id), type: "string" }] }));
    const storedModel = await byId(model.eventId);
    expect(storedModel.ok && storedModel.data.events[0]).toMatchObject({
      event_type: "model", event_name: "answer", inputs: { model: "gpt-4o-mini", messages: [{ role: "user", content: "2+2?" }], template_inputs: { q: "2+2?" } }, outputs: { response: { content: "4" } },
    });
    const batchSession = await byId(batch.sessionId);
    expect(batchSession.ok && batchSession.data.events[0]).toMatchObject({ event_type: "session", event_name: "batch session", user_properties: { user: "bob" } });
    const session = await hh.session.getSession(sessionId);
    expect(session).toMatchObject({ eventId: sessionId, eventType: "session", eventName: "Playground Session", inputs: { question: "hi" } });
    expect(violationsSince(from)).toEqual([]);
  });

  it("experiments: createRun({ project, name, eventIds, … }), getRuns(project), getRun, updateRun(body, runId), getExperimentResult(runId, projectId), getExperimentComparison(runId1, runId2, projectId), deleteRun", async () => {
    const from = checked.proxy.requests.length;
    const hh = client("hh_1x_experiments");
    const created = await hh.experiments.createRun({ project: PROJECT, name: "baseline", eventIds: [], datapointIds: [], configuration: { model: "gpt-4o-mini" }, metadata: { team: "qa" }, status: "pending" });
    expect(created).toMatchObject({ runId: expect.any(String), evaluation: { name: "baseline" } });
    const runId = String(created.runId);
    const other = String((await hh.experiments.createRun({ project: PROJECT, name: "candidate", eventIds: [] })).runId);
    const { evaluations } = await hh.experiments.getRuns(PROJECT);
    expect((evaluations as { runId: string }[]).map((r) => r.runId).sort()).toEqual([runId, other].sort());
    expect(await hh.experiments.getRun(runId)).toMatchObject({ evaluation: { runId, name: "baseline", metadata: { team: "qa" } } });
    expect(await hh.experiments.updateRun({ status: "completed", metadata: { team: "qa", done: true }, name: "baseline v1" }, runId)).toMatchObject({ evaluation: expect.any(Object) });
    expect(await hh.experiments.getRun(runId)).toMatchObject({ evaluation: { name: "baseline v1", status: "completed" } });
    expect(await hh.experiments.getExperimentResult(runId, PROJECT)).toMatchObject({ status: expect.any(String) });
    expect(await hh.experiments.getExperimentResult(runId, PROJECT, "median")).toBeDefined();
    expect(await hh.experiments.getExperimentComparison(runId, other, PROJECT)).toBeDefined();
    expect(await hh.experiments.deleteRun(other)).toMatchObject({ deleted: true });
    expect(violationsSince(from)).toEqual([]);
  });

  it("metrics, tools and projects: each call of 1.x's types", async () => {
    const from = checked.proxy.requests.length;
    const hh = client("hh_1x_metrics_tools_projects");
    await hh.metrics.createMetric({ name: "Answer length", task: PROJECT, type: "custom", description: "characters", returnType: "float", codeSnippet: "def metric(event): return 1.0", enabledInProd: false, needsGroundTruth: false, threshold: { min: 0, max: 1 } });
    const [metric] = await hh.metrics.getMetrics(PROJECT);
    expect(metric).toMatchObject({ name: "Answer length", returnType: "float", enabledInProd: false });
    await hh.metrics.updateMetric({ metricId: String(metric!.id), description: "length" });
    await hh.metrics.deleteMetric(String(metric!.id));
    expect(await hh.metrics.getMetrics(PROJECT)).toEqual([]);

    const tool = await hh.tools.createTool({ task: PROJECT, name: "lookup", description: "Looks up", parameters: { type: "object" }, type: "function" });
    const toolId = String((tool.result as { insertedId: string }).insertedId);
    await hh.tools.updateTool({ id: toolId, name: "lookup_v2", description: "Looks up v2", parameters: { type: "object", properties: {} } });
    expect(await hh.tools.getTools()).toMatchObject([{ name: "lookup_v2", toolType: "function" }]);
    await hh.tools.deleteTool(toolId);

    const project = await hh.projects.createProject({ name: "another project", description: "made by 1.x code" });
    expect(project).toMatchObject({ id: expect.any(String), name: "another project", description: "made by 1.x code" });
    await hh.projects.updateProject({ projectId: project.id, name: "renamed project", description: "d" });
    expect((await hh.projects.getProjects("renamed project")).map((p) => p.id)).toEqual([project.id]);
    expect(violationsSince(from)).toEqual([]);
  });
});

describe("what the 1.x calls stored is what they said", () => {
  it("a configuration created with camelCase parameters is stored with the wire's field names", async () => {
    const hh = client("hh_1x_wire_check");
    await hh.configurations.createConfiguration({ project: PROJECT, name: "wire", provider: "anthropic", parameters: { callType: "chat", model: "claude-haiku-4-5", hyperparameters: { max_tokens: 100 } }, userProperties: { who: "1.x" } });
    const listed = await wire("hh_1x_wire_check").configurations.list({ name: "wire" });
    expect(listed.ok && listed.data.configurations[0]).toMatchObject({ name: "wire", provider: "anthropic", user_properties: { who: "1.x" }, parameters: { call_type: "chat", model: "claude-haiku-4-5", hyperparameters: { max_tokens: 100 } } });
    expect(listed.ok && listed.data.configurations[0]!.parameters).not.toHaveProperty("callType");
  });
});
