/**
 * A shard of a run of a server dataset reads only its slice: over real HTTP to the in-process dev server (127.0.0.1,
 * port 0) behind a forwarding proxy that records the datapoint ids of every `GET /v1/datapoints`, each shard reads the
 * datapoints of its own slice (`shardSlice`), each once, and never the others'; the shards still fill one run with
 * every datapoint once, each under its dataset index.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { pushDataset } from "../../packages/honeyhive/src/datasets/push-dataset";
import { shardSlice } from "../../packages/honeyhive/src/evaluation/shard";
import { startForwardingProxy, type ForwardingProxy } from "../helpers/forwarding-proxy";

const KEY = "local";
type Inputs = { q: number };
type Truth = { a: number };
const N = 1000;
let server: DevServer;
let proxy: ForwardingProxy;
/** The datapoint ids each `GET /v1/datapoints` asked for, by the shard that asked (its `x-shard` tag). */
const readIds = new Map<string, string[]>();
let datasetId: string;
let allIds: string[];

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  proxy = await startForwardingProxy(server.url, (req) => {
    const url = new URL(req.url ?? "/", "http://proxy");
    if (req.method !== "GET" || url.pathname !== "/v1/datapoints") return;
    const shard = String(req.headers["x-shard"] ?? "none");
    readIds.set(shard, [...(readIds.get(shard) ?? []), ...url.searchParams.getAll("datapoint_ids")]);
  });
  const rows = Array.from({ length: N }, (_, i) => ({ qid: `q${i}`, inputs: { q: i }, ground_truth: { a: i + 1 } }));
  const pushed = await pushDataset(new HoneyHive({ apiKey: KEY, serverUrl: server.url }), "sharded-stream", rows, { key: "qid" });
  datasetId = pushed.datasetId;
  const listed = await (await fetch(`${server.url}/v1/datasets?dataset_id=${datasetId}`, { headers: { authorization: `Bearer ${KEY}` } })).json() as
    { datasets: { datapoints: string[] }[] };
  allIds = listed.datasets[0]!.datapoints;
  expect(allIds).toHaveLength(N);
}, 60_000);
afterAll(async () => {
  await proxy.close();
  await server.close();
});

/** A fetch that tags each request with the shard making it. */
function taggedFetch(shard: string): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("x-shard", shard);
    return fetch(input, { ...init, headers });
  };
}

describe("evaluate({ datasetId, shard }): a shard streams only its slice of a server dataset", () => {
  it("3 shards over 1,000 datapoints: each reads exactly its slice's datapoints once, and the run holds all 1,000 once", async () => {
    const runId = "00000000-0000-4000-8000-00000000a314";
    const results = await Promise.all([1, 2, 3].map((index) => evaluate<Inputs, Truth, number>({
      name: "sharded-stream", apiKey: KEY, serverUrl: proxy.url, datasetId, runId, maxConcurrency: 8, printResults: false,
      shard: { index, count: 3 }, fetch: taggedFetch(`${index}/3`),
      function: (inputs: { q: number }) => inputs.q + 1,
      evaluators: [function exact(output: number, _inputs: Inputs, truth: Truth) { return output === truth.a; }],
    })));
    for (const [i, result] of results.entries()) {
      const slice = shardSlice(allIds, { index: i + 1, count: 3 });
      const read = readIds.get(`${i + 1}/3`) ?? [];
      expect(read).toHaveLength(slice.length); // no datapoint outside the slice, none read twice
      expect(new Set(read)).toEqual(new Set(slice));
      expect(result.datapoints.map((d) => d.datapointId)).toEqual(slice);
      const start = allIds.indexOf(slice[0]!);
      expect(result.datapoints.map((d) => d.index)).toEqual(slice.map((_, k) => start + k));
      expect(result.stats).toMatchObject({ total: slice.length, succeeded: slice.length });
      expect(result.verdict).toMatchObject({ passed: slice.length, failed: 0 });
    }
    const { evaluation } = await (await fetch(`${server.url}/v1/runs/${runId}`, { headers: { authorization: `Bearer ${KEY}` } })).json() as
      { evaluation: { status: string; event_ids: string[]; datapoint_ids: string[] } };
    expect(evaluation.status).toBe("completed");
    expect(evaluation.event_ids).toHaveLength(N);
    expect(new Set(evaluation.datapoint_ids)).toEqual(new Set(allIds));
  }, 120_000);

  it("a shard cancelled mid-way and resumed runs only what its first attempt left, from its slice, and completes the run", async () => {
    const runId = "00000000-0000-4000-8000-00000000b314";
    const options = (index: number, tag: string) => ({
      name: "sharded-resume", apiKey: KEY, serverUrl: proxy.url, datasetId, runId, maxConcurrency: 4, printResults: false, resume: true,
      shard: { index, count: 2 }, fetch: taggedFetch(tag),
      evaluators: [function exact(output: number, _inputs: Inputs, truth: Truth) { return output === truth.a; }],
    });
    const controller = new AbortController();
    let calls = 0;
    const first = await evaluate<Inputs, Truth, number>({ ...options(2, "resume-first"), signal: controller.signal, function: (inputs: { q: number }) => {
      if (++calls === 120) controller.abort(new Error("job cancelled"));
      return inputs.q + 1;
    } });
    expect(first.status).toBe("cancelled");
    const ranAgain: number[] = [];
    const second = await evaluate<Inputs, Truth, number>({ ...options(2, "resume-second"), function: (inputs: { q: number }) => {
      ranAgain.push(inputs.q);
      return inputs.q + 1;
    } });
    await evaluate<Inputs, Truth, number>({ ...options(1, "resume-other"), function: (inputs: { q: number }) => inputs.q + 1 });
    const slice = shardSlice(allIds, { index: 2, count: 2 });
    for (const tag of ["resume-first", "resume-second"]) expect((readIds.get(tag) ?? []).every((id) => slice.includes(id))).toBe(true);
    const firstDone = first.datapoints.filter((d) => d.status !== "not_run").length;
    expect(firstDone).toBeGreaterThan(0);
    expect(ranAgain.length).toBeLessThan(slice.length);
    expect(second.stats).toMatchObject({ total: slice.length });
    expect(second.verdict).toMatchObject({ passed: slice.length, failed: 0 });
    const { evaluation } = await (await fetch(`${server.url}/v1/runs/${runId}`, { headers: { authorization: `Bearer ${KEY}` } })).json() as
      { evaluation: { status: string; event_ids: string[] } };
    expect(evaluation.status).toBe("completed");
    expect(new Set(evaluation.event_ids).size).toBe(N);
  }, 120_000);
});
