import { beforeAll, describe, expect, it } from "vitest";
import { createApiClient, type ApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";
import { enrichSpan } from "../../packages/honeyhive/src/enrichment/enrich-span";
import { compareRuns } from "../../packages/honeyhive/src/evaluation/compare-runs";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { externalDatasetId } from "../../packages/honeyhive/src/datasets/ext-ids";
import { setDefaultLogSink } from "../../packages/core/src/log/logger";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import type { SpecCheckingProxy } from "../helpers/spec-checking-proxy";

/** evaluate() against the real dev server (in memory), asserting on what the server stored. */
const KEY = "local";
let api: ApiClient;
/** Every request goes through a proxy that checks it against HoneyHive's OpenAPI spec. */
let proxy: SpecCheckingProxy;

const checked = useCheckedDevServer();
beforeAll(() => {
  proxy = checked.proxy;
  api = createApiClient({ serverUrl: proxy.url, apiKey: KEY });
});

const dataset = Array.from({ length: 12 }, (_, i) => ({ inputs: { question: `q${i}` }, ground_truth: { answer: `a${i}` } }));

async function sessionEvents(sessionId: string): Promise<HoneyHiveEvent[]> {
  const res = await api.events.export({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 100 });
  if (!res.ok) throw new Error(res.error);
  return res.data.events;
}

function run(name: string, correctEvery: number) {
  return evaluate<{ question: string }, { answer: string }, string>({
    name,
    apiKey: KEY,
    serverUrl: proxy.url,
    maxConcurrency: 4,
    dataset,
    function: async function answer(inputs) {
      enrichSpan({ metadata: { question: inputs.question } });
      const i = Number(inputs.question.slice(1));
      return i % correctEvery === 0 ? `a${i}` : "wrong";
    },
    evaluators: [
      function exact(outputs, _inputs, gt) { return outputs === gt.answer; },
      function length(outputs) { return { score: outputs.length, explanation: "characters" }; },
    ],
  });
}

describe("evaluate() against the dev server", () => {
  it("stores the run, the sessions and the chain events with metrics; results and comparison work server-side", async () => {
    const first = await run("baseline", 3);
    expect(first).toMatchObject({ status: "completed", uploaded: true });
    const second = await run("candidate", 1);
    expect(second.uploaded).toBe(true);

    const stored = await api.runs.get(first.runId);
    expect(stored.ok).toBe(true);
    const runObject = stored.ok ? stored.data.evaluation : undefined;
    expect(runObject?.status).toBe("completed");
    expect([...(runObject?.event_ids ?? [])].sort()).toEqual([...first.sessionIds].sort());
    expect(runObject?.metadata).toMatchObject({ offline_dataset_id: externalDatasetId(dataset) });

    const events = await sessionEvents(first.sessionIds[4]!);
    const session = events.find((e) => e.event_type === "session")!;
    expect(session).toMatchObject({ event_id: first.sessionIds[4], source: "evaluation", inputs: { question: "q4" } });
    expect(session.feedback).toMatchObject({ ground_truth: { answer: "a4" } });
    expect(session.outputs).toMatchObject({ result: "wrong" });
    expect(session.metadata).toMatchObject({ run_id: first.runId, datapoint_id: first.datapoints[4]!.datapointId });
    const chain = events.find((e) => e.event_name === "answer")!;
    expect(chain.event_type).toBe("chain");
    expect(chain.outputs).toEqual({ result: "wrong" }); // honeyhive_outputs.result, as trace() records it
    expect(chain.metrics).toMatchObject({ exact: false, length: 5, length_explanation: "characters" });
    expect(chain.metadata).toMatchObject({ question: "q4", run_id: first.runId });
    expect(events.filter((e) => e.event_name === "exact" || e.event_name === "length")).toHaveLength(2);

    const summary = await api.runs.result(first.runId, "average");
    expect(summary.ok).toBe(true);
    const details = summary.ok ? summary.data.metrics?.details ?? [] : [];
    const exact = details.find((d) => d.metric_name === "exact");
    expect(exact?.aggregate).toBeCloseTo(4 / 12, 5);
    expect(first.metrics.exact?.average).toBeCloseTo(4 / 12, 10);
    expect(first.serverSummary).toBeDefined();

    const comparison = await compareRuns(second.runId, first.runId, { apiKey: KEY, serverUrl: proxy.url });
    expect(comparison.commonDatapoints).toHaveLength(12);
    const exactDelta = comparison.metrics.find((m) => m.metric === "exact")!;
    expect(exactDelta.improvedCount).toBe(8);
    expect(exactDelta.degradedCount).toBe(0);
  }, 60_000);

  it("a BigInt in a datapoint's inputs: the session still starts, named after the run, with the inputs as JSON can hold them", async () => {
    const warnings: string[] = [];
    const previous = setDefaultLogSink((_level, message) => void warnings.push(message));
    let result;
    try {
      result = await evaluate({
        name: "bigint-inputs", apiKey: KEY, serverUrl: proxy.url,
        dataset: [{ inputs: { big: 10n ** 20n, n: 1 } }],
        function: (inputs: { n: number; big: bigint }) => inputs.n,
      });
    } finally {
      setDefaultLogSink(previous);
    }
    expect(result).toMatchObject({ status: "completed", uploaded: true });
    expect(warnings.filter((w) => w.includes("could not be started"))).toEqual([]);
    const [session] = (await sessionEvents(result.sessionIds[0]!)).filter((e) => e.event_type === "session");
    expect(session).toMatchObject({ event_name: "bigint-inputs", inputs: { big: "100000000000000000000", n: 1 } });
  }, 30_000);

  it("sent only requests the OpenAPI spec allows (canonical operations, valid bodies and queries)", () => {
    expect(proxy.requests.length).toBeGreaterThan(20);
    expect(proxy.violations()).toEqual([]);
  });
});
