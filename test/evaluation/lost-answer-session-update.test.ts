/**
 * A datapoint's final session update that the server applied but whose every answer was an error (the first answer
 * lost with its connection, the retries answered 503: seen at 100,000 datapoints behind a fault proxy), over real HTTP
 * to the in-process dev server behind a forwarding proxy. What evaluate() reports must be what the server holds: the
 * update is stored, so the run is uploaded and not marked incomplete. An update the server never applied still counts
 * as lost.
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
/** How the next run's first session update is answered: applied then answered 503, or refused with 503 unapplied. */
let fault: "applied" | "refused" = "applied";
/** The path of the one session update that fails (the first one a run sends), and how often it was sent. */
let target: string | undefined;
let attempts = 0;
let proxy: ForwardingProxy;

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  api = createApiClient({ serverUrl: server.url, apiKey: KEY });
  proxy = await startForwardingProxy(server.url, (req): AnswerWatch | undefined => {
    const path = req.url ?? "";
    if (req.method !== "PUT" || !path.startsWith("/v1/events/")) return undefined;
    target ??= path;
    if (path !== target) return undefined;
    attempts++;
    return fault === "applied" ? { replaceAnswer: INJECTED } : { reply: INJECTED };
  });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

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

describe("a final session update the server applied but answered with errors", () => {
  it.each([true, false])("counts as stored (resume: %s): the run is uploaded and not marked incomplete", async (resume) => {
    fault = "applied";
    const result = await run(resume);
    expect(attempts).toBeGreaterThan(1); // the SDK retried it, and every answer was 503
    const session = await api.sessions.get(result.sessionIds[0]!);
    expect(session.ok && session.data.outputs).toEqual({ result: 1 }); // the server holds the update
    expect(result).toMatchObject({ status: "completed", uploaded: true });
    expect(result.uploadError).toBeUndefined();
    expect(await incompleteMark(result.runId)).toBeUndefined();
  }, 60_000);

  it("an update the server never applied still counts as lost: not uploaded, the run marked incomplete", async () => {
    fault = "refused";
    const result = await run(true);
    expect(attempts).toBeGreaterThan(1);
    expect(result).toMatchObject({ uploaded: false, uploadError: "1 session update of the run's datapoints failed" });
    expect(await incompleteMark(result.runId)).toEqual({ session_starts_lost: 0, session_updates_lost: 1 });
  }, 60_000);
});
