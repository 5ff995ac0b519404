import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveRunId } from "../../../packages/honeyhive/src/evaluation/derive-run-id";
import { createDevServer, type DevServer } from "../../../packages/dev-server/src/index";
import { evaluate } from "../../../packages/honeyhive/src/script/evaluate";
import { EvaluationConfigError } from "../../../packages/honeyhive/src/config/evaluation-config-error";
import { countShardMarkers, shardSlice } from "../../../packages/honeyhive/src/evaluation/shard";
import { createLogger } from "../../../packages/honeyhive/src/internal/logger";
import { runCli } from "./cli-harness";

let server: DevServer;
let dir: string;
const N = 25;

const SHARDED = `export default { name: "sharded", maxConcurrency: 3,
  dataset: Array.from({ length: ${N} }, (_, i) => ({ inputs: { question: "q" + i }, ground_truth: i })),
  function: async (inputs, gt) => { await new Promise((r) => setTimeout(r, 5 + (gt % 4) * 10)); return gt; },
  evaluators: [{ name: "even", fn: (out) => out % 2 === 0 }] };
`;

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  dir = await mkdtemp(join(tmpdir(), "hh-shard-"));
  await writeFile(join(dir, "sharded.eval.mjs"), SHARDED);
});
afterAll(() => server.close());

async function api(path: string): Promise<any> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: "Bearer local" } });
  expect(response.status).toBe(200);
  return response.json();
}

describe("shard slices", () => {
  it("cover every item exactly once, in order, with sizes differing by at most one", () => {
    fc.assert(fc.property(fc.nat(200), fc.integer({ min: 1, max: 30 }), (length, count) => {
      const items = Array.from({ length }, (_, i) => i);
      const slices = Array.from({ length: count }, (_, i) => shardSlice(items, { index: i + 1, count }));
      expect(slices.flat()).toEqual(items);
      const sizes = slices.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }));
  });

  it("counts only the markers of this shard count", () => {
    expect(countShardMarkers({ shard_1_of_3: {}, shard_3_of_3: {}, shard_2_of_4: {} }, 3)).toBe(2);
    expect(countShardMarkers(null, 3)).toBe(0);
  });
});

describe("honeyhive eval --shard", () => {
  it("3 shards as 3 processes fill one run, completed once the last shard finishes, every datapoint once", async () => {
    const key = "ci-build-42";
    const runs = await Promise.all([1, 2, 3].map((i) =>
      runCli(["eval", "sharded.eval.mjs", "--shard", `${i}/3`, "--run-id", key, "--json", `shard-${i}.json`], dir, { HH_API_URL: server.url, HH_API_KEY: "local" })));
    for (const run of runs) expect(run.code, run.stderr).toBe(1); // the odd datapoints fail their verdict ("even")
    const reports = await Promise.all([1, 2, 3].map(async (i) => JSON.parse(await readFile(join(dir, `shard-${i}.json`), "utf8"))));
    const runId = deriveRunId(key, "sharded");
    for (const report of reports) expect(report.experiments[0].runId).toBe(runId);
    const ids = reports.flatMap((r) => r.experiments[0].datapoints.map((d: { datapointId: string }) => d.datapointId));
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    expect(reports.map((r) => r.experiments[0].datapoints.length).sort()).toEqual([8, 8, 9]);

    const { evaluation } = await api(`/v1/runs/${runId}`);
    expect(evaluation.status).toBe("completed");
    expect(evaluation.event_ids).toHaveLength(N);
    expect(new Set(evaluation.datapoint_ids)).toEqual(new Set(ids));
    expect(countShardMarkers(evaluation.metadata, 3)).toBe(3);
    const { events } = await (await fetch(`${server.url}/v1/events/export`, {
      method: "POST", headers: { authorization: "Bearer local", "content-type": "application/json" },
      body: JSON.stringify({ filters: [{ field: "event_type", value: "session", operator: "is", type: "string" }], limit: 1000 }),
    })).json() as { events: { session_id: string; metadata: { datapoint_id?: string; run_id?: string } }[] };
    const sessions = events.filter((e) => evaluation.event_ids.includes(e.session_id));
    expect(sessions).toHaveLength(N);
    expect(new Set(sessions.map((s) => s.metadata.datapoint_id))).toEqual(new Set(ids));
  }, 120_000);

  it("leaves the run open until the last shard has finished, whatever the order", async () => {
    const key = "ci-build-43";
    const runId = deriveRunId(key, "sharded");
    const shard = (i: number) => runCli(["eval", "sharded.eval.mjs", "--shard", `${i}/3`, "--run-id", key,
      "--json", `open-${i}.json`, "--junit", `open-${i}.xml`, "--markdown", `open-${i}.md`], dir, { HH_API_URL: server.url, HH_API_KEY: "local" });
    for (const i of [3, 1]) {
      const run = await shard(i);
      expect(run.code, run.stderr).toBe(1); // executed cleanly; the odd datapoints fail their verdict
      // A shard that did not complete the run says so wherever the status is shown, like the server's run.
      const note = `shard ${i}/3 done; the run completes when the last shard finishes`;
      expect(run.stdout).toContain(`· running (${note}) ·`);
      expect(run.stdout).not.toContain("completed");
      const json = JSON.parse(await readFile(join(dir, `open-${i}.json`), "utf8"));
      expect(json.exitCode).toBe(1);
      expect(json.experiments[0]).toMatchObject({ status: "running", statusNote: note, shard: { index: i, count: 3 } });
      const junit = await readFile(join(dir, `open-${i}.xml`), "utf8");
      expect(junit).toContain('<property name="status" value="running"/>');
      expect(junit).toContain(`<property name="status_note" value="${note}"/>`);
      const markdown = await readFile(join(dir, `open-${i}.md`), "utf8");
      expect(markdown).toContain(`running (${note}) ·`);
      expect(markdown).toMatch(/\*\*Failed\*\*: [1-9]\d* of [89] datapoints failed; no threshold was set\./); // the heading follows the verdict, not the exit code
    }
    const open = (await api(`/v1/runs/${runId}`)).evaluation;
    expect(open.status).toBe("running");
    expect(open.event_ids.length).toBeLessThan(N);
    const last = await shard(2);
    expect(last.code, last.stderr).toBe(1);
    expect(last.stdout).toContain("· completed ·");
    expect(last.stdout).not.toContain("running");
    const lastJson = JSON.parse(await readFile(join(dir, "open-2.json"), "utf8"));
    expect(lastJson.experiments[0].status).toBe("completed");
    expect(lastJson.experiments[0].statusNote).toBeUndefined();
    expect(await readFile(join(dir, "open-2.xml"), "utf8")).toContain('<property name="status" value="completed"/>');
    const done = (await api(`/v1/runs/${runId}`)).evaluation;
    expect(done.status).toBe("completed");
    expect(done.event_ids).toHaveLength(N);
  }, 120_000);

  it("checks --fail-under per shard, on the shard's own datapoints, while the run is still running", async () => {
    // Shard 1/3 holds ground truths 0..7: "even" averages 0.5 there; the whole dataset averages 13/25.
    const run = await runCli(["eval", "sharded.eval.mjs", "--shard", "1/3", "--run-id", "ci-build-44", "--json", "fail-under.json",
      "--fail-under", "even=0.51"], dir, { HH_API_URL: server.url, HH_API_KEY: "local" });
    expect(run.code, run.stderr).toBe(1);
    const json = JSON.parse(await readFile(join(dir, "fail-under.json"), "utf8"));
    expect(json.experiments[0].status).toBe("running");
    expect(json.thresholds).toEqual([expect.objectContaining({ metric: "even", actual: 0.5, passed: false })]);
  }, 120_000);
});

describe("evaluate({ shard })", () => {
  const base = () => ({
    dataset: Array.from({ length: 6 }, (_, i) => ({ inputs: { i } })), apiKey: "local", serverUrl: server.url, progress: false,
  });

  it("rejects an invalid shard before sending anything", async () => {
    for (const shard of [{ index: 0, count: 3 }, { index: 4, count: 3 }, { index: 1.5, count: 3 }, { index: 1, count: 0 }]) {
      await expect(evaluate({ ...base(), function: () => 1, shard })).rejects.toThrow(EvaluationConfigError);
    }
  });

  it("a cancelled shard marks the run cancelled and writes no marker, so the run is never reported complete", async () => {
    const runId = deriveRunId("cancelled", "x");
    const controller = new AbortController();
    const first = await evaluate({ ...base(), name: "x", runId, shard: { index: 1, count: 2 }, signal: controller.signal,
      function: async () => { controller.abort(); await new Promise((r) => setTimeout(r, 20)); return 1; } });
    expect(first.status).toBe("cancelled");
    const second = await evaluate({ ...base(), name: "x", runId, shard: { index: 2, count: 2 }, function: () => 1 });
    expect(second.datapoints.map((d) => d.inputs)).toEqual([{ i: 3 }, { i: 4 }, { i: 5 }]);
    const { evaluation } = await api(`/v1/runs/${runId}`);
    expect(evaluation.status).toBe("cancelled");
    expect(countShardMarkers(evaluation.metadata, 2)).toBe(1);
  }, 60_000);

  it("a shard run again into the same run replaces its earlier attempt in the run's results (CI 're-run failed jobs')", async () => {
    const runId = deriveRunId("rerun", "flaky");
    const options = (failFirst: boolean) => ({ ...base(), name: "flaky", runId, evaluators: [function ok(out: number) { return out >= 0; }],
      function: (inputs: { i: number }) => { if (failFirst && inputs.i < 3) throw new Error("flaky"); return inputs.i; } });
    const first = await evaluate({ ...options(true), shard: { index: 1, count: 2 } });
    expect(first.verdict).toMatchObject({ passed: 0, failed: 3 });
    const other = await evaluate({ ...options(false), shard: { index: 2, count: 2 } });
    expect(other.status).toBe("completed"); // both markers: the run completes with shard 1's failed attempt
    let result = await api(`/v1/runs/${runId}/result`);
    expect(result.verdict).toMatchObject({ passed: 3, failed: 3, total: 6 });
    const again = await evaluate({ ...options(false), shard: { index: 1, count: 2 } }); // the re-run job
    expect(again.verdict).toMatchObject({ passed: 3, failed: 0 });
    result = await api(`/v1/runs/${runId}/result`);
    expect(result.verdict).toMatchObject({ passed: 6, failed: 0, total: 6 }); // not 9 of 12: the failed attempt is replaced
    const { evaluation } = await api(`/v1/runs/${runId}`);
    expect(evaluation.event_ids).toHaveLength(9); // every attempt's sessions stay linked to the run
    expect(evaluation.metadata.shard_1_of_2.attempt).toEqual(expect.any(String));
    expect((await api(`/viewer/runs/${runId}`)).passed).toBe(6);
  }, 60_000);
});
