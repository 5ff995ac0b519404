/**
 * `result.serverSummary` is the server's run summary without its per-datapoint detail: the real dev server's
 * `GET /v1/runs/{id}/result` answer (behind the spec-checking proxy) read by evaluate() holds the counts, the passed and
 * failed ids and each metric's aggregate, but not the `datapoints` list, the metrics' per-datapoint `values` and
 * `datapoints`, nor the run object's `event_ids` / `datapoint_ids`, which `client.runs.result(runId)` still returns
 * whole. The parse that leaves them out (`pruned-json.ts`) reads the rest exactly as `JSON.parse` does.
 */
import { describe, expect, it } from "vitest";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { LEFT_OUT, parsePrunedJson } from "../../packages/honeyhive/src/api-client/pruned-json";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { startForwardingProxy } from "../helpers/forwarding-proxy";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";

const KEY = "hh_summary_detail_key";
const checked = useCheckedDevServer();

describe("evaluate(): the server summary it keeps", () => {
  it("holds the counts, ids and aggregates, not the per-datapoint detail, which runs.result() returns whole", async () => {
    const result = await evaluate<{ q: string }, { a: string }, string>({
      name: "summary-detail", apiKey: KEY, serverUrl: checked.proxy.url, progress: false, printResults: false,
      dataset: ["x", "y", "z"].map((q) => ({ inputs: { q }, ground_truth: { a: q === "z" ? "no" : q.toUpperCase() } })),
      function: async (inputs) => inputs.q.toUpperCase(),
      evaluators: [function exact(output: string, _inputs: unknown, truth: { a: string }) { return output === truth.a; }],
    });
    expect(result.uploaded).toBe(true);
    const summary = result.serverSummary!;
    expect(summary.passed).toHaveLength(2);
    expect(summary.failed).toHaveLength(1);
    expect(summary).toMatchObject({ status: "completed", verdict: { passed: 2, failed: 1 } });
    const detail = summary.metrics?.details?.find((d) => d.metric_name === "exact");
    expect(detail).toMatchObject({ metric_name: "exact", aggregate: 2 / 3 });
    expect(Object.keys(detail!)).not.toContain("values");
    expect(Object.keys(detail!)).not.toContain("datapoints");
    expect(Object.keys(summary)).not.toContain("datapoints");
    expect(Object.keys(summary.run_object as object)).not.toContain("event_ids");
    expect(Object.keys(summary.run_object as object)).not.toContain("datapoint_ids");
    expect(result.serverSummaryMismatch).toBeUndefined();

    const whole = await createApiClient({ serverUrl: checked.proxy.url, apiKey: KEY }).runs.result(result.runId);
    expect(whole.ok).toBe(true);
    if (!whole.ok) return;
    expect(whole.data.datapoints).toHaveLength(3);
    expect(whole.data.metrics?.details?.find((d) => d.metric_name === "exact")).toMatchObject({ values: expect.any(Array), datapoints: expect.any(Object) });
    expect((whole.data.run_object as { event_ids?: unknown[] }).event_ids).toHaveLength(3);
    const { datapoints: _d, ...wholeWithoutDatapoints } = whole.data;
    expect(Object.keys(summary).sort()).toEqual(Object.keys(wholeWithoutDatapoints).sort());
    expect(checked.proxy.violations()).toEqual([]);
  }, 30_000);
});

describe("evaluate(): a server summary that cannot be read", () => {
  it("is said in one warning naming why, not skipped in silence", async () => {
    // the server applies everything but answers the summary's read with 500 (a read too large or too slow)
    const proxy = await startForwardingProxy(checked.server.url, (req) => (/\/v1\/runs\/[^/]+\/result/.test(req.url ?? "") ? { reply: { status: 500, body: '{"error":"summary unavailable"}' } } : undefined));
    const logs = captureSdkLogs();
    try {
      const result = await evaluate<{ q: string }, unknown, string>({
        name: "summary-unreadable", apiKey: KEY, serverUrl: proxy.url, progress: false, printResults: false,
        dataset: [{ inputs: { q: "x" } }], function: async (inputs) => inputs.q,
      });
      expect(result.uploaded).toBe(true);
      expect(result.serverSummary).toBeUndefined();
      const warnings = logs.lines.filter((l) => l.level === "warn" && l.message.includes("summary of the run")).map((l) => l.message);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/could not read the server's summary of the run \(.*summary unavailable\).*not compared/);
      expect(logs.lines.map((l) => l.message).join("\n")).not.toContain(KEY);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});

describe("parsePrunedJson", () => {
  const spec = { drop: LEFT_OUT, keep: { "[]": { gone: LEFT_OUT } } } as const;

  it("reads what it keeps as JSON.parse does, strings holding quotes, backslashes and brackets included", () => {
    const keptText = String.raw`"a": "q\"u\\o}te]\\", "n": -1.5e3, "t": true, "z": null, "e": {}, "l": [ ], "__proto__": {"x": 1}, "u": "\u00e9\ud83d\ude00"`;
    const text = ` {"drop": [{"a": "]}\\"", "b": [[[]]]}, 2], "keep": [{"gone": {"x": "}"}, "stay": 1}, 7, {}], ${keptText} } `;
    const parsed = parsePrunedJson(text, spec) as Record<string, unknown>;
    expect(parsed).toEqual({ keep: [{ stay: 1 }, 7, {}], ...(JSON.parse(`{${keptText}}`) as object) });
    expect(Object.keys(parsed)).toContain("__proto__");
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsePrunedJson("[1, 2]", spec)).toEqual([1, 2]);
    expect(parsePrunedJson('"s"', spec)).toBe("s");
  });

  it("throws as JSON.parse does on a text that is not JSON, in a kept part or an unclosed left-out one", () => {
    for (const bad of ['{"keep": [1,]}', '{"drop": [1, 2}', '{"drop": "open}', '{"a" 1}', '{"a": 1} x', "", '{"a": 1 "b": 2}']) {
      expect(() => parsePrunedJson(bad, spec), bad).toThrow(SyntaxError);
    }
  });
});
