import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrichSpan } from "../../packages/honeyhive/src/enrichment/enrich-span";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { externalDatapointId, externalDatasetId } from "../../packages/honeyhive/src/datasets/ext-ids";
import { trace } from "../../packages/honeyhive/src/instrument/trace";
import type { DecodedSpan } from "../../packages/dev-server/src/otlp/index";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend, type FakeBackend } from "./fake-backend";

/**
 * The "Done when" test, against a real loopback HoneyHive-compatible server (REST + OTLP decoded
 * with the SDK's own decoder) and the real HoneyHiveTracer: 100 datapoints at concurrency 20, every span
 * of datapoint i carries datapoint i's session and ids and no other.
 */
const KEY = "hh_e2e_key_abcdefghijkl";
let server: LoopbackServer;
let backend: FakeBackend;

beforeAll(async () => {
  backend = createFakeBackend();
  server = await startLoopbackServer(backend.handler);
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const attr = (span: DecodedSpan, key: string) => span.attributes[key];

describe("evaluate() end to end with the real tracer", () => {
  it("isolates 100 datapoints at concurrency 20: every span carries its own datapoint's session and ids", async () => {
    const N = 100;
    const dataset = Array.from({ length: N }, (_, i) => ({ inputs: { i }, ground_truth: { expected: i * 3 } }));
    let inFlight = 0;
    let maxInFlight = 0;

    const inner = trace(async function innerStep(i: number) {
      await sleep((i * 7) % 5);
      enrichSpan({ metadata: { marker: i, level: "inner" } });
      return i * 3;
    });
    const outer = trace(async function outerStep(i: number) {
      enrichSpan({ metadata: { marker: i, level: "outer" } });
      await sleep((i * 13) % 4);
      return inner(i);
    }, { eventType: "chain" });

    const result = await evaluate<{ i: number }, { expected: number }, number>({
      name: "isolation",
      apiKey: KEY,
      serverUrl: server.url,
      maxConcurrency: 20,
      dataset,
      function: async function answer(inputs) {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          enrichSpan({ metadata: { marker: inputs.i, level: "chain" } });
          return await outer(inputs.i);
        } finally {
          inFlight -= 1;
        }
      },
      evaluators: [
        async function exact(outputs, _inputs, gt) {
          await sleep(1);
          return outputs === gt.expected;
        },
        function scaled(outputs, inputs) {
          enrichSpan({ metadata: { marker: inputs.i, level: "evaluator" } });
          return { score: outputs / 300, explanation: `for ${inputs.i}` };
        },
      ],
    });

    expect(result.status).toBe("completed");
    expect(result.uploaded).toBe(true);
    expect(maxInFlight).toBe(20);
    expect(result.datapoints.map((d) => d.outputs)).toEqual(dataset.map((_, i) => i * 3));
    const datasetId = externalDatasetId(dataset);
    const dpIds = dataset.map((d, i) => externalDatapointId(d, i));
    const sessions = result.datapoints.map((d) => d.sessionId!);
    expect(new Set(sessions).size).toBe(N);

    // Spans: chain + outerStep + innerStep + 2 evaluator spans per datapoint.
    const spans = backend.spans;
    expect(spans).toHaveLength(N * 5);
    const byTrace = new Map<string, DecodedSpan[]>();
    for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
    expect(byTrace.size).toBe(N);
    for (const group of byTrace.values()) {
      const chain = group.find((s) => s.name === "answer")!;
      const i = Number(attr(chain, "honeyhive_inputs.i"));
      expect(group.map((s) => s.name).sort()).toEqual(["answer", "exact", "innerStep", "outerStep", "scaled"]);
      for (const span of group) {
        expect(attr(span, "honeyhive.session_id")).toBe(sessions[i]);
        expect(attr(span, "honeyhive_metadata.datapoint_id")).toBe(dpIds[i]);
        expect(attr(span, "honeyhive_metadata.dataset_id")).toBe(datasetId);
        expect(attr(span, "honeyhive_metadata.run_id")).toBe(result.runId);
        if (span.attributes["honeyhive_metadata.marker"] !== undefined) expect(attr(span, "honeyhive_metadata.marker")).toBe(i);
      }
      expect(attr(chain, "honeyhive_event_type")).toBe("chain");
      expect(attr(chain, "honeyhive_metrics.exact")).toBe(true);
      expect(attr(chain, "honeyhive_metrics.scaled")).toBeCloseTo(i / 100, 10);
      expect(attr(chain, "honeyhive_metrics.scaled_explanation")).toBe(`for ${i}`);
      expect(attr(group.find((s) => s.name === "scaled")!, "honeyhive_metadata.level")).toBe("evaluator");
      expect(group.find((s) => s.name === "innerStep")!.attributes["honeyhive_metadata.level"]).toBe("inner");
      expect(group.find((s) => s.name === "exact")!.parentSpanId).toBe(chain.spanId);
    }

    // Sessions: started with the Python SDK's fields, then enriched with outputs and ground truth.
    for (let i = 0; i < N; i++) {
      expect(backend.sessions.get(sessions[i]!)).toMatchObject({
        session_name: "isolation", source: "evaluation", inputs: { i },
        metadata: { run_id: result.runId, dataset_id: datasetId, datapoint_id: dpIds[i] },
      });
      const update = backend.sessionUpdates.find((u) => u.event_id === sessions[i]);
      expect(update).toMatchObject({ outputs: { result: i * 3 }, feedback: { ground_truth: { expected: i * 3 } } });
    }
    // Run lifecycle: created pending with EXT ids, completed with every session id.
    const run = backend.runs.get(result.runId)!;
    expect(run).toMatchObject({ status: "pending", dataset_id: null, datapoint_ids: dpIds, metadata: { offline_dataset_id: datasetId } });
    expect((run.updates as Record<string, unknown>[])[0]).toMatchObject({ status: "completed", event_ids: sessions });
    const order = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(order.indexOf("POST /v1/runs")).toBeLessThan(order.indexOf("POST /session/start"));
    expect(order.lastIndexOf("POST /opentelemetry/v1/traces")).toBeLessThan(order.indexOf(`PUT /v1/runs/${result.runId}`));
    expect(order.at(-1)).toBe(`GET /v1/runs/${result.runId}/result`);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  }, 60_000);
});
