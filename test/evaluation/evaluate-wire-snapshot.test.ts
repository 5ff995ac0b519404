import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluate } from "../../packages/honeyhive/src/index";
import { startHoneyHiveRecorder, type HoneyHiveRecorder, type RecordedRequest } from "../helpers/honeyhive-recorder";

/**
 * Differential test of evaluate()'s wire output and printed text: every HTTP request of representative runs
 * (a whole run with printing and progress, and one shard of a sharded run) is recorded by a loopback server,
 * normalised (ids by first appearance, times, git metadata), and compared with a snapshot captured from the
 * code before evaluate() was split into named steps (commit "evaluate() wire snapshot"). Refresh only on a
 * deliberate wire change: HH_UPDATE_WIRE_SNAPSHOT=1 npx vitest run test/evaluation/evaluate-wire-snapshot.test.ts
 */
const SNAPSHOT = fileURLToPath(new URL("./fixtures/evaluate-wire.snapshot.json", import.meta.url));
const KEY = "hh_wire_key_0123456789";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIME_KEY = /(time|duration|_at$|timestamp|latency|elapsed)/i;
const IGNORED_ATTRIBUTE = /^(telemetry\.sdk\.|process\.|host\.|service\.instance|honeyhive\.sdk_version|http\.|url\.|server\.|network\.)/;

let recorder: HoneyHiveRecorder;
beforeEach(async () => {
  recorder = await startHoneyHiveRecorder();
});
afterEach(() => recorder.close());

function normaliser(): (value: unknown, key?: string) => unknown {
  const ids = new Map<string, string>();
  const text = (s: string): string =>
    s.replace(UUID, (id) => {
      const known = ids.get(id.toLowerCase()) ?? `<uuid-${ids.size + 1}>`;
      ids.set(id.toLowerCase(), known);
      return known;
    }).replace(/127\.0\.0\.1:\d+/g, "<server>");
  const walk = (value: unknown, key = ""): unknown => {
    if (key === "git") return "<git>";
    if (TIME_KEY.test(key) && (typeof value === "number" || typeof value === "string" || typeof value === "bigint")) return "<time>";
    if (typeof value === "string") return text(value);
    if (typeof value === "bigint") return String(value);
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value).sort()) out[text(k)] = walk((value as Record<string, unknown>)[k], k);
      return out;
    }
    return value;
  };
  return walk;
}

function sessionIdOf(request: RecordedRequest): string | undefined {
  const json = request.json as { session?: { session_id?: string }; session_id?: string } | undefined;
  return request.method === "POST" && request.path.endsWith("/sessions") ? json?.session?.session_id ?? json?.session_id : undefined;
}

/**
 * REST requests in order, except that a session's update is placed right after its start: datapoints hand their
 * session update to the run and go on (a hung backend must not hold a pool slot), so when it leaves relative to
 * the next datapoint's session start depends on timing.
 */
function restInOrder(requests: readonly RecordedRequest[]): RecordedRequest[] {
  const rest = requests.filter((r) => !r.path.includes("/opentelemetry/"));
  const startAt = new Map<string, number>();
  rest.forEach((r, i) => {
    const id = sessionIdOf(r);
    if (id !== undefined) startAt.set(id, i);
  });
  const keyOf = (r: RecordedRequest, i: number): number => {
    const updated = r.method === "PUT" && /^\/v1\/events\/[^/]+$/.test(r.path) ? startAt.get(decodeURIComponent(r.path.split("/")[3]!)) : undefined;
    return updated === undefined ? i : updated + 0.5;
  };
  return rest.map((r, i) => ({ r, key: keyOf(r, i) })).sort((a, b) => a.key - b.key).map((x) => x.r);
}

/** REST requests (see {@link restInOrder}), then every span (sorted: their export batching depends on timing). */
function normaliseRequests(requests: readonly RecordedRequest[]): unknown {
  const walk = normaliser();
  const rest = restInOrder(requests).map((r) => walk({
    method: r.method, path: r.path, body: r.json, authorization: r.headers.authorization, contentType: r.headers["content-type"],
  }));
  const spans = requests.flatMap((r) => r.spans).map((s) => {
    const attributes = Object.fromEntries(Object.entries(s.attributes).filter(([k]) => !IGNORED_ATTRIBUTE.test(k)));
    return walk({ name: s.name, kind: s.kind, status: s.status, attributes });
  });
  return { rest, spans: spans.map((s) => JSON.stringify(s)).sort().map((s) => JSON.parse(s) as unknown) };
}

function normaliseText(text: string): string {
  return normaliser()(text.replace(/\d+(\.\d+)?(\/s| s\b|s\b|ms\b)/g, "<n>$2").replace(/\d+m\d+s/g, "<n>")) as string;
}

function sink(): { write(text: string): void; text: string } {
  return { text: "", write(t: string) { this.text += t; } };
}

async function wholeRun(): Promise<unknown> {
  const stdout = sink();
  const progress = sink();
  const result = await evaluate<{ q: string }, { a: string }, string>({
    name: "wire-check",
    apiKey: KEY,
    serverUrl: recorder.url,
    maxConcurrency: 1,
    metadata: { model: "gpt-test", prompt_version: 3 },
    passingRanges: { exact: { pass_when: true }, length: { min: 2 } },
    dataset: [
      { inputs: { q: "two" }, ground_truth: { a: "2" } },
      { inputs: { q: "three" }, ground_truth: { a: "3" }, metadata: { tag: "x" } },
      { inputs: { q: "boom" }, ground_truth: { a: "?" } },
    ],
    function: async function answer(inputs) {
      if (inputs.q === "boom") throw new Error("the function failed on purpose");
      return inputs.q === "two" ? "2" : "33";
    },
    evaluators: [
      function exact(outputs, _inputs, gt) { return outputs === gt?.a; },
      function length(outputs) { return String(outputs).length; },
      function broken() { throw new Error("evaluator failed on purpose"); },
    ],
    printResults: true,
    writer: stdout,
    progress: true,
    progressStream: progress,
  });
  return {
    requests: normaliseRequests(recorder.requests),
    stdout: normaliseText(stdout.text),
    progress: normaliseText(progress.text),
    result: { status: result.status, verdict: result.verdict, passed: result.passed.length, failed: result.failed.length, uploaded: result.uploaded },
  };
}

async function oneShard(): Promise<unknown> {
  const result = await evaluate({
    name: "wire-shard",
    runId: "11111111-2222-4333-8444-555555555555",
    apiKey: KEY,
    serverUrl: recorder.url,
    maxConcurrency: 1,
    shard: { index: 2, count: 2 },
    trials: 2,
    dataset: [{ inputs: { n: 1 } }, { inputs: { n: 2 } }, { inputs: { n: 3 } }],
    function: function square(inputs: { n: number }) { return inputs.n * inputs.n; },
    evaluators: [function positive(outputs: unknown) { return Number(outputs) > 0; }],
  });
  return { requests: normaliseRequests(recorder.requests), result: { status: result.status, verdict: result.verdict, shard: result.shard } };
}

describe("evaluate() wire output (differential against the pre-refactor snapshot)", () => {
  it("sends the same requests and prints the same text as before", async () => {
    const actual = { wholeRun: await wholeRun() };
    recorder.requests.length = 0;
    Object.assign(actual, { oneShard: await oneShard() });
    const serialised = `${JSON.stringify(actual, null, 2)}\n`;
    if (process.env.HH_UPDATE_WIRE_SNAPSHOT === "1") writeFileSync(SNAPSHOT, serialised);
    expect(JSON.parse(serialised)).toEqual(JSON.parse(readFileSync(SNAPSHOT, "utf8")));
  }, 30_000);
});
