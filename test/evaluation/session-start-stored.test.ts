/**
 * What the server stores of evaluate()'s session starts and of session updates, over real HTTP to the in-process dev
 * server (127.0.0.1, port 0) behind a forwarding proxy: a session's stored duration is its work's, not the network's
 * latency (every session start carries its start time); a large input or a bare-string output is cut like a span
 * attribute (131072 UTF-8 bytes) instead of making the request too large; a session start the server refuses makes
 * the run's results count as not stored (`uploaded: false`, the CLI exits 2 with its not-stored line), until a resumed
 * attempt stores every session.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createApiClient, type ApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, type CapturedSdkLogs } from "../../packages/honeyhive/src/testing";
import { startForwardingProxy, type ForwardingProxy } from "../helpers/forwarding-proxy";
import { runCli } from "./cli/cli-harness";
import { readIncompleteRun } from "../../packages/core/src/runs/incomplete-run";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { pushDataset } from "../../packages/honeyhive/src/datasets/push-dataset";

const KEY = "local";
const MAX = 131072;
let server: DevServer;
let api: ApiClient;
/** Delays each `POST /v1/sessions` by 300 ms (a slow network) before forwarding it. */
let slow: ForwardingProxy;
/** Refuses each `POST /v1/sessions` with 413 (a server that cannot take the start); forwards everything else. */
let refusing: ForwardingProxy;
let logs: CapturedSdkLogs | undefined;

const isSessionStart = (method: string | undefined, url: string | undefined): boolean => method === "POST" && (url ?? "").startsWith("/v1/sessions");

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  api = createApiClient({ serverUrl: server.url, apiKey: KEY });
  slow = await startForwardingProxy(server.url, async (req) => {
    if (isSessionStart(req.method, req.url)) await new Promise((r) => setTimeout(r, 300));
  });
  refusing = await startForwardingProxy(server.url, (req) =>
    isSessionStart(req.method, req.url) ? { reply: { status: 413, body: JSON.stringify({ error: "request body exceeds the limit of 10485760 bytes" }) } } : undefined,
  );
});
afterAll(async () => {
  await slow.close();
  await refusing.close();
  await server.close();
});
afterEach(() => {
  logs?.restore();
  logs = undefined;
});

async function storedSession(sessionId: string): Promise<{ session: HoneyHiveEvent; children: HoneyHiveEvent[] }> {
  const res = await api.events.export({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 100 });
  if (!res.ok) throw new Error(res.error);
  const session = res.data.events.find((e) => e.event_type === "session");
  if (!session) throw new Error(`session ${sessionId} not stored`);
  return { session, children: res.data.events.filter((e) => e.event_type !== "session") };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("evaluate()'s session start carries the datapoint's start time", () => {
  it("behind 300 ms of latency on session starts, each stored session lasts about as long as its datapoint, not the latency", async () => {
    const result = await evaluate<{ ms: number }, unknown, number>({
      name: "small-dur", apiKey: KEY, serverUrl: slow.url, maxConcurrency: 2,
      dataset: [{ inputs: { ms: 15 } }, { inputs: { ms: 5 } }],
      function: async function work(inputs) { await sleep(inputs.ms); return inputs.ms; },
      evaluators: [async function slowJudge(output: number) { await sleep(10); return output > 0; }],
    });
    expect(result).toMatchObject({ status: "completed", uploaded: true });
    for (const [i, sessionId] of result.sessionIds.entries()) {
      const { session, children } = await storedSession(sessionId);
      const chain = children.find((e) => e.event_name === "work")!;
      expect(session.start_time).toBeLessThanOrEqual(chain.start_time!);
      // about the function's own time (its span), far from the 300 ms the start took to arrive
      expect(session.duration).toBeLessThan(150);
      expect(session.duration).toBeGreaterThanOrEqual(chain.duration! - 1);
      // the report's duration (JSON durationMs, JUnit time) is the span's: the function and its evaluators, not the
      // turns of a loaded event loop before the result is made
      expect(result.datapoints[i]!.durationMs).toBeCloseTo(chain.duration!, 2); // within 0.005 ms: the server keeps times as epoch ms
    }
  }, 30_000);
});

describe("values sent in API bodies are cut like span attributes", () => {
  it("an 11 MB datapoint input is stored cut (131072 UTF-8 bytes) and the run is uploaded", async () => {
    const big = "y".repeat(11 * 1024 * 1024);
    const result = await evaluate<{ text: string }, unknown, number>({
      name: "big-input", apiKey: KEY, serverUrl: server.url,
      dataset: [{ inputs: { text: big } }],
      function: function size(inputs) { return inputs.text.length; },
    });
    expect(result).toMatchObject({ status: "completed", uploaded: true });
    const { session } = await storedSession(result.sessionIds[0]!);
    const stored = (session.inputs as { text: string }).text;
    expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(MAX);
    expect(stored).toMatch(/^y+…\[truncated \d+ bytes\]$/);
    expect(session.event_name).toBe("big-input");
    expect(session.outputs).toEqual({ result: big.length });
  }, 60_000);

  it("enrichSession: a bare 1 MB string output is cut like the same string inside an object", async () => {
    const text = "x".repeat(1_000_000);
    const bare = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "bare", setAsDefault: false });
    const inObject = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "object", setAsDefault: false });
    expect(await bare.enrichSession({ outputs: text })).toBe(true);
    expect(await inObject.enrichSession({ outputs: { big: text } })).toBe(true);
    await Promise.all([bare.shutdown(), inObject.shutdown()]);
    const storedBare = ((await storedSession(bare.sessionId)).session.outputs as { value: string }).value;
    const storedObject = ((await storedSession(inObject.sessionId)).session.outputs as { big: string }).big;
    expect(storedBare).toMatch(/^x+…\[truncated \d+ bytes\]$/);
    expect(storedBare).toBe(storedObject);
    expect(Buffer.byteLength(storedBare)).toBeLessThanOrEqual(MAX);
  }, 30_000);
});

describe("a session start the server refuses: the run's results are not stored", () => {
  it("evaluate() returns uploaded: false, naming the failed session starts", async () => {
    logs = captureSdkLogs();
    const result = await evaluate<{ q: string }, unknown, string>({
      name: "refused", apiKey: KEY, serverUrl: refusing.url,
      dataset: [{ inputs: { q: "a" } }, { inputs: { q: "b" } }],
      function: function echo(inputs) { return inputs.q; },
    });
    expect(result.status).toBe("completed");
    expect(result.uploaded).toBe(false);
    expect(result.uploadError).toMatch(/^2 session starts and 2 session updates of the run's datapoints failed$/);
    expect(logs.text()).toMatch(/could not be started .*413/);
    expect(logs.text()).toContain("results not stored: 2 session starts and 2 session updates of the run's datapoints failed");
  }, 60_000);

  it("the run's final update records it incomplete (honeyhive_incomplete in its metadata), not as a clean run", async () => {
    logs = captureSdkLogs();
    const result = await evaluate<{ q: string }, unknown, string>({
      name: "refused-incomplete", apiKey: KEY, serverUrl: refusing.url,
      dataset: [{ inputs: { q: "a" } }, { inputs: { q: "b" } }, { inputs: { q: "c" } }],
      function: function echo(inputs) { return inputs.q; },
    });
    expect(result.uploaded).toBe(false);
    const run = await api.runs.get(result.runId);
    if (!run.ok) throw new Error(run.error);
    expect(run.data.evaluation.metadata).toMatchObject({ honeyhive_incomplete: { session_starts_lost: 3, session_updates_lost: 3 } });
  }, 60_000);

  it("a run whose sessions were all stored records no incomplete mark", async () => {
    const result = await evaluate({ name: "whole", apiKey: KEY, serverUrl: server.url, dataset: [{ inputs: { q: "a" } }], function: (i: { q: string }) => i.q });
    expect(result.uploaded).toBe(true);
    const run = await api.runs.get(result.runId);
    if (!run.ok) throw new Error(run.error);
    expect(run.data.evaluation.metadata).not.toHaveProperty("honeyhive_incomplete");
  }, 60_000);

  it("a resumed attempt that stores every session clears the mark an earlier attempt left", async () => {
    logs = captureSdkLogs();
    const runId = crypto.randomUUID();
    const options = {
      name: "refused-resumed", apiKey: KEY, runId, resume: true,
      dataset: [{ inputs: { q: "a" } }, { inputs: { q: "b" } }],
      function: function echo(inputs: { q: string }) { return inputs.q; },
    };
    expect((await evaluate({ ...options, serverUrl: refusing.url })).uploaded).toBe(false);
    const marked = await api.runs.get(runId);
    if (!marked.ok) throw new Error(marked.error);
    expect(marked.data.evaluation.metadata).toMatchObject({ honeyhive_incomplete: { session_starts_lost: 2 } });
    const resumed = await evaluate({ ...options, serverUrl: server.url });
    expect(resumed).toMatchObject({ uploaded: true, stats: { succeeded: 2 } });
    const run = await api.runs.get(runId);
    if (!run.ok) throw new Error(run.error);
    expect(readIncompleteRun(run.data.evaluation.metadata)).toBeUndefined();
  }, 60_000);

  it("a resumed attempt that is cancelled leaves the mark: it did not run every datapoint that was not done", async () => {
    logs = captureSdkLogs();
    const runId = crypto.randomUUID();
    const options = {
      name: "refused-cancelled", apiKey: KEY, runId, resume: true, maxConcurrency: 1,
      dataset: [{ inputs: { q: "a" } }, { inputs: { q: "b" } }, { inputs: { q: "c" } }],
      function: function echo(inputs: { q: string }) { return inputs.q; },
    };
    expect((await evaluate({ ...options, serverUrl: refusing.url })).uploaded).toBe(false);
    const controller = new AbortController();
    const cancelled = await evaluate({
      ...options, serverUrl: server.url, signal: controller.signal,
      function: function echo(inputs: { q: string }) { controller.abort(); return inputs.q; },
    });
    expect(cancelled.stats.succeeded).toBeLessThan(3);
    const run = await api.runs.get(runId);
    if (!run.ok) throw new Error(run.error);
    expect(readIncompleteRun(run.data.evaluation.metadata)).toMatchObject({ session_starts_lost: 3 });
  }, 60_000);

  it("a resumed attempt with a datapoint it could not read leaves the mark: it did not run every datapoint", async () => {
    logs = captureSdkLogs();
    const name = `unreadable-${crypto.randomUUID()}`;
    const pushed = await pushDataset(new HoneyHive({ apiKey: KEY, serverUrl: server.url }), name, ["a", "b", "c"].map((q) => ({ q, inputs: { q } })), { key: "q" });
    const all = await api.datapoints.list({ datasetName: name });
    if (!all.ok) throw new Error(all.error);
    expect(all.data.datapoints).toHaveLength(3);
    const hidden = all.data.datapoints.find((d) => (d.inputs as { q?: string }).q === "b")!.id;
    // a server from which datapoint "b" cannot be read: left out of every list, 404 on its own
    const hiding = await startForwardingProxy(server.url, async (req) => {
      const url = new URL(req.url ?? "/", server.url);
      if (req.method !== "GET" || !url.pathname.startsWith("/v1/datapoints")) return undefined;
      if (url.pathname.endsWith(`/${hidden}`)) return { reply: { status: 404, body: JSON.stringify({ error: "not found" }) } };
      const real = await fetch(url, { headers: { authorization: `Bearer ${KEY}` } });
      const body = (await real.json()) as { datapoints: Array<{ id: string }> };
      return { reply: { status: real.status, body: JSON.stringify({ ...body, datapoints: body.datapoints.filter((d) => d.id !== hidden) }) } };
    });
    try {
      const runId = crypto.randomUUID();
      const options = { name: "refused-unreadable", apiKey: KEY, runId, resume: true, datasetId: pushed.datasetId, function: function echo(inputs: { q: string }) { return inputs.q; } };
      expect((await evaluate({ ...options, serverUrl: refusing.url })).uploaded).toBe(false);
      const resumed = await evaluate({ ...options, serverUrl: hiding.url });
      expect(resumed.datapoints.map((d) => d.status).sort()).toEqual(["not_run", "success", "success"]);
      const run = await api.runs.get(runId);
      if (!run.ok) throw new Error(run.error);
      expect(readIncompleteRun(run.data.evaluation.metadata)).toMatchObject({ session_starts_lost: 3 });
    } finally {
      await hiding.close();
    }
  }, 60_000);

  it("an attempt a later one took over never clears the mark the later one left", async () => {
    logs = captureSdkLogs();
    const runId = crypto.randomUUID();
    const base = { name: "taken-over", apiKey: KEY, runId, resume: true, dataset: [{ inputs: { q: "a" } }, { inputs: { q: "b" } }] };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const earlier = evaluate({ ...base, serverUrl: server.url, function: async function echo(inputs: { q: string }) { started(); await gate; return inputs.q; } });
    await running; // the earlier attempt created the run and runs its datapoints
    // the later attempt runs other datapoints: in the earlier one's sessions, the starts the server holds already (the
    // earlier attempt's, the same metadata) would count as stored when read back
    const later = await evaluate({
      ...base, serverUrl: refusing.url, dataset: [{ inputs: { q: "c" } }, { inputs: { q: "d" } }],
      function: function echo(inputs: { q: string }) { return inputs.q; },
    });
    expect(later.uploaded).toBe(false);
    release();
    expect((await earlier).uploadError).toMatch(/another attempt of run/);
    const run = await api.runs.get(runId);
    if (!run.ok) throw new Error(run.error);
    expect(readIncompleteRun(run.data.evaluation.metadata)).toMatchObject({ session_starts_lost: 2 });
  }, 60_000);

  it("honeyhive eval exits 2 with the not-stored line instead of reporting the run uploaded", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-refused-"));
    await writeFile(join(dir, "refused.eval.mjs"), `export default { name: "refused-cli", dataset: [{ inputs: { x: 1 } }], function: (i) => i.x };\n`);
    const run = await runCli(["eval", "refused.eval.mjs"], dir, { HH_API_KEY: KEY, HH_API_URL: refusing.url });
    expect(run.stderr).toMatch(/results of "refused-cli" were not stored \(1 session start and 1 session update of the run's datapoints failed\)/);
    expect(run.stdout).not.toMatch(/· uploaded/);
    expect(run.code).toBe(2);
  }, 60_000);
});
