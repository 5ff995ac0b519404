/**
 * A datapoint's session start or final session update that the server applied but whose every answer was an error (the
 * first answer lost with its connection, the retries answered 503: seen at 100,000 datapoints behind a fault proxy),
 * over real HTTP to the in-process dev server behind a forwarding proxy. What evaluate() reports must be what the
 * server holds: the write is stored, so the run is uploaded and not marked incomplete. A write the server never applied
 * still counts as lost (a start too, although the server makes the session from its spans).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createApiClient, type ApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { readIncompleteRun } from "../../packages/core/src/runs/incomplete-run";
import { startForwardingProxy, type AnswerWatch, type ForwardingProxy } from "../helpers/forwarding-proxy";

const KEY = "local";
const INJECTED = { status: 503, body: JSON.stringify({ error: "injected" }) };
let server: DevServer;
let api: ApiClient;
/** How the next run's first session write of `kind` is answered: applied then answered 503, or refused with 503 unapplied. */
let fault: "applied" | "refused" = "applied";
let kind: "start" | "update" = "update";
/** The path of the one session write that fails (the first one of `kind` a run sends), and how often it was sent. */
let target: string | undefined;
let attempts = 0;
let proxy: ForwardingProxy;

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  api = createApiClient({ serverUrl: server.url, apiKey: KEY });
  const fail = (): AnswerWatch => {
    attempts++;
    return fault === "applied" ? { replaceAnswer: INJECTED } : { reply: INJECTED };
  };
  proxy = await startForwardingProxy(server.url, (req, bytes): AnswerWatch | undefined => {
    const key = writeKey(req.method, req.url ?? "", bytes);
    if (key === undefined) return undefined;
    target ??= key;
    return key === target ? fail() : undefined;
  });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

/** The session a write of `kind` is about (the update's path, the start's session id), undefined for other requests. */
function writeKey(method: string | undefined, path: string, bytes: Buffer): string | undefined {
  if (kind === "update") return method === "PUT" && path.startsWith("/v1/events/") ? path : undefined;
  if (method !== "POST" || path !== "/v1/sessions") return undefined;
  const body = JSON.parse(bytes.toString("utf8")) as { session_id?: string; session?: { session_id?: string } };
  return body.session_id ?? body.session?.session_id;
}

async function run(resume: boolean): Promise<Awaited<ReturnType<typeof evaluate>>> {
  target = undefined;
  attempts = 0;
  return evaluate<{ i: number }, { answer: number }, number>({
    name: `lost-answer-${fault}`, apiKey: KEY, serverUrl: proxy.url, maxConcurrency: 1, printResults: false,
    ...(resume ? { runId: randomUUID(), resume: true } : {}),
    dataset: [0, 1, 2].map((i) => ({ inputs: { i }, ground_truth: { answer: i + 1 } })),
    function: function plusOne(inputs) { return inputs.i + 1; },
    evaluators: [function exact(output: number, _inputs: { i: number }, gt: { answer: number }) { return output === gt.answer; }],
  });
}

async function incompleteMark(runId: string): Promise<unknown> {
  const stored = await api.runs.get(runId);
  if (!stored.ok) throw new Error(stored.error);
  return readIncompleteRun(stored.data.evaluation.metadata);
}

/** Runs with the first session write of `which` failing as `how`, and checks the SDK retried it (each answer a 503). */
async function runFailing(how: typeof fault, which: typeof kind, resume: boolean): Promise<Awaited<ReturnType<typeof evaluate>>> {
  fault = how;
  kind = which;
  const result = await run(resume);
  expect(attempts).toBeGreaterThan(1);
  return result;
}

/** The run is reported uploaded, and the server holds no incomplete mark for it. */
async function expectUploaded(result: Awaited<ReturnType<typeof evaluate>>): Promise<void> {
  expect(result).toMatchObject({ status: "completed", uploaded: true });
  expect(result.uploadError).toBeUndefined();
  expect(await incompleteMark(result.runId)).toBeUndefined();
}

describe("a final session update the server applied but answered with errors", () => {
  it.each([true, false])("counts as stored (resume: %s): the run is uploaded and not marked incomplete", async (resume) => {
    const result = await runFailing("applied", "update", resume);
    const session = await api.sessions.get(result.sessionIds[0]!);
    expect(session.ok && session.data.outputs).toEqual({ result: 1 }); // the server holds the update
    await expectUploaded(result);
  }, 60_000);

  it("an update the server never applied still counts as lost: not uploaded, the run marked incomplete", async () => {
    const result = await runFailing("refused", "update", true);
    expect(result).toMatchObject({ uploaded: false, uploadError: "1 session update of the run's datapoints failed" });
    expect(await incompleteMark(result.runId)).toEqual({ session_starts_lost: 0, session_updates_lost: 1 });
  }, 60_000);
});

describe("a session start the server applied but answered with errors", () => {
  it("counts as stored: the run is uploaded and not marked incomplete", async () => {
    const result = await runFailing("applied", "start", true);
    const session = await api.sessions.get(result.sessionIds[0]!);
    expect(session.ok && session.data.metadata).toMatchObject({ datapoint_index: 0, run_id: result.runId }); // the start is stored
    await expectUploaded(result);
  }, 60_000);

  it("a start the server never applied still counts as lost, though the server made the session from its spans", async () => {
    const result = await runFailing("refused", "start", true);
    expect(result).toMatchObject({ uploaded: false });
    expect(result.uploadError).toMatch(/^1 session start /);
    const seeded = await api.sessions.get(result.sessionIds[0]!); // made from the datapoint's spans, without its start
    expect(seeded.ok && seeded.data.metadata).toMatchObject({ run_id: result.runId });
    expect(seeded.ok && seeded.data.metadata).not.toHaveProperty("datapoint_index");
    expect(await incompleteMark(result.runId)).toMatchObject({ session_starts_lost: 1 });
  }, 60_000);
});
