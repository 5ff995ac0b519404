/**
 * `result.serverSummary` is the server's run summary without its per-datapoint detail: the real dev server's
 * `GET /v1/runs/{id}/result` answer (behind the spec-checking proxy) read by evaluate() holds the counts, the passed and
 * failed ids and each metric's aggregate, but not the `datapoints` list, the metrics' per-datapoint `values` and
 * `datapoints`, nor the run object's `event_ids` / `datapoint_ids`, which `client.runs.result(runId)` still returns
 * whole. The parse that leaves them out (`pruned-json.ts`) reads the rest exactly as `JSON.parse` does, and so does its
 * rule fed the text in pieces split anywhere (`json-pruner.ts`: how the SDK's transports prune an answer's bytes).
 */
import { describe, expect, it } from "vitest";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { LEFT_OUT, parsePrunedJson } from "../../packages/honeyhive/src/api-client/pruned-json";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { startForwardingProxy } from "../helpers/forwarding-proxy";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";
import { JsonPruner, type JsonPiece, type PruneSpec } from "../../packages/honeyhive/src/internal/json-pruner";
import fc from "fast-check";

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

const spec = { drop: LEFT_OUT, keep: { "[]": { gone: LEFT_OUT } } } as const;
const keptText = String.raw`"a": "q\"u\\o}te]\\", "n": -1.5e3, "t": true, "z": null, "e": {}, "l": [ ], "__proto__": {"x": 1}, "u": "\u00e9\ud83d\ude00", "é😀\\": "ü€😀"`;
const hostile = ` {"drop": [{"a": "]}\\"", "b": [[[]]], "c": "\\\\"}, "é😀\\u0022"], "keep": [{"gone": {"x": "}"}, "stay": 1}, 7, {}], ${keptText} } `;
const badTexts = ['{"keep": [1,]}', '{"drop": [1, 2}', '{"drop": "open}', '{"a" 1}', '{"a": 1} x', "", '{"a": 1 "b": 2}'];

describe("parsePrunedJson", () => {
  it("reads what it keeps as JSON.parse does, strings holding quotes, backslashes and brackets included", () => {
    const parsed = parsePrunedJson(hostile, spec) as Record<string, unknown>;
    expect(parsed).toEqual({ keep: [{ stay: 1 }, 7, {}], ...(JSON.parse(`{${keptText}}`) as object) });
    expect(Object.keys(parsed)).toContain("__proto__");
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsePrunedJson("[1, 2]", spec)).toEqual([1, 2]);
    expect(parsePrunedJson('"s"', spec)).toBe("s");
  });

  it("throws as JSON.parse does on a text that is not JSON, in a kept part or an unclosed left-out one", () => {
    for (const bad of badTexts) {
      expect(() => parsePrunedJson(bad, spec), bad).toThrow(SyntaxError);
    }
  });
});

/** The kept text of `text` written in pieces cut at `cuts` (as UTF-8 bytes, or as text), or the SyntaxError met. */
function prunedInPieces(text: string, prune: PruneSpec, cuts: number[], form: "bytes" | "text"): string | SyntaxError {
  const all: JsonPiece = form === "bytes" ? new TextEncoder().encode(text) : text;
  const at = [...new Set(cuts.map((c) => Math.min(c, all.length)))].sort((a, b) => a - b);
  const pruner = new JsonPruner(prune, form);
  try {
    let from = 0;
    for (const cut of [...at, all.length]) {
      pruner.write(all.slice(from, cut));
      from = cut;
    }
    return pruner.end();
  } catch (error) {
    if (error instanceof SyntaxError) return error;
    throw error;
  }
}

/** `value` without what `prune` leaves out: the rule, on values. */
function prunedValue(value: unknown, prune: PruneSpec | undefined): unknown {
  if (prune === undefined || prune === LEFT_OUT || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return prune["[]"] === LEFT_OUT ? [] : value.map((v) => prunedValue(v, prune["[]"]));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = Object.hasOwn(prune, key) ? prune[key] : undefined;
    if (sub !== LEFT_OUT) Object.defineProperty(out, key, { value: prunedValue(v, sub), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

describe("the pruning rule fed in pieces split anywhere (an answer's bytes as they arrive)", () => {
  const expected = JSON.stringify(parsePrunedJson(hostile, spec));

  it("keeps the same text split at every point, inside strings, escapes and multi-byte UTF-8 characters", () => {
    for (const form of ["bytes", "text"] as const) {
      const length = form === "bytes" ? new TextEncoder().encode(hostile).length : hostile.length;
      for (let cut = 0; cut <= length; cut++) {
        const kept = prunedInPieces(hostile, spec, [cut], form);
        expect(kept, `${form} cut at ${cut}`).not.toBeInstanceOf(SyntaxError);
        expect(JSON.stringify(JSON.parse(kept as string)), `${form} cut at ${cut}`).toBe(expected);
      }
      const everyUnit = Array.from({ length }, (_, i) => i);
      expect(JSON.stringify(JSON.parse(prunedInPieces(hostile, spec, everyUnit, form) as string))).toBe(expected);
    }
  });

  it("throws on a text that is not JSON wherever it is split", () => {
    for (const bad of badTexts) {
      for (let cut = 0; cut <= bad.length; cut++) {
        const kept = prunedInPieces(bad, spec, [cut], "bytes");
        if (!(kept instanceof SyntaxError)) expect(() => JSON.parse(kept), `${bad} cut at ${cut}`).toThrow(SyntaxError);
      }
    }
  });

  it("property: any JSON value, any spec, any split: the kept text parses to the value pruned", () => {
    const names = ["drop", "keep", "gone", "a", "é😀", '"]}\\', "__proto__"];
    const key = fc.oneof(fc.constantFrom(...names), fc.string({ unit: "binary", maxLength: 4 }));
    const text = fc.oneof(fc.string({ unit: "binary", maxLength: 8 }), fc.constantFrom('"', "\\", '\\"', "]}", '{["', "é😀", "\\u0022"));
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }).map((members) => Object.fromEntries(members)),
      ),
    }));
    const { spec: anySpec } = fc.letrec<{ spec: PruneSpec }>((tie) => ({
      spec: fc.oneof({ depthSize: "small" }, fc.constant(LEFT_OUT), fc.array(fc.tuple(fc.constantFrom(...names.filter((n) => n !== "__proto__"), "[]"), tie("spec")), { maxLength: 3 }).map((m) => Object.fromEntries(m) as PruneSpec)),
    }));
    fc.assert(fc.property(value, anySpec, fc.constantFrom(undefined, 1, "\t"), fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom("bytes" as const, "text" as const), (v, prune, indent, cuts, form) => {
      const json = JSON.stringify(v, null, indent);
      const length = form === "bytes" ? new TextEncoder().encode(json).length : json.length;
      const kept = prunedInPieces(json, prune, cuts.map((c) => c % (length + 1)), form);
      expect(kept).not.toBeInstanceOf(SyntaxError);
      expect(JSON.parse(kept as string)).toEqual(prunedValue(JSON.parse(json), prune === LEFT_OUT ? undefined : prune));
    }), { numRuns: 400 });
  });
});
