// The features together, as a user chains them, under faults: a prompt pushed and fetched with getPrompt(); evaluate()
// over a small dataset with it (real model calls to a loopback OpenAI server, an evaluator); production sessions from a
// traced app with online evaluation at session scope and feedback() on some sessions; addFromEvents (production →
// dataset), twice; the dataset curated and pushed with `honeyhive datasets push` (the process SIGKILLed mid-push, then
// run again), pulled with a lock; a pinned evaluate() on the pulled version. The built SDK (`import("honeyhive")`,
// dist/) and the built CLI, against the in-memory dev server behind the spec-checking proxy, with a fault proxy in
// front failing 5 % of all writes throughout. At every step every count the SDK or CLI reported equals what the server
// holds (read back through its REST API), a step that reported its failure is run again until it converges, and
// nothing is held twice afterwards. Needs `npm run build` (as `npm test` does).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import type * as SdkSource from "../../packages/honeyhive/src/index"; // the built package's types (its dist is imported)
import { entriesOfItems } from "../../packages/honeyhive/src/datasets/dataset-entry";
import { datasetVersion } from "../../packages/honeyhive/src/datasets/dataset-version";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type FaultProxy, failWrites, startFaultProxy } from "../helpers/fault-proxy";
import { heldRows } from "../datasets/held-rows";
import { runCli, runCliKilledAtWrite } from "./cli-child";
import { isWrite, samePath, stepFaults } from "./step-faults";
import { modelAnswer, serverTruth, sumAsked, untilConverged, type ServerTruth } from "./server-truth";

type Sdk = typeof SdkSource;
type Prompt = Awaited<ReturnType<InstanceType<Sdk["HoneyHive"]>["getPrompt"]>>;

const KEY = "hh_composed_chain_key";
const PROMPT = "composed-answer";
const SESSION_NAME = "production-chat";
const DATASET = "production-curated";
const PACKAGE = "honeyhive"; // resolved as a user's import is: the workspace package's built dist/
const checked = useCheckedDevServer();
let sdk: Sdk;
let faults: FaultProxy;
let fake: FakeOpenAI;
let truth: ServerTruth;
let dir: string;
let openai: OpenAI;
/** What the steps hand on: the prompt, the production sessions, the dataset and its pulled lock. */
const chain = { prompt: undefined as unknown as Prompt, sessions: [] as string[], datasetId: "", lock: undefined as unknown as { version: string } };

const quiet = { logSink: () => undefined };

const EVAL_ROWS = Array.from({ length: 6 }, (_, i) => ({ id: `eval-${i}`, inputs: { question: `what is ${i}+${i}?` }, ground_truth: { answer: String(2 * i) } }));

beforeAll(async () => {
  sdk = (await import(PACKAGE)) as Sdk;
  expect(sdk.HoneyHive).not.toBe(HoneyHive); // the built package, not the sources the server reads go through
  faults = await startFaultProxy(checked.proxy.url, failWrites(0.05, 52));
  fake = await startFakeOpenAI({ chatReply: modelAnswer });
  truth = serverTruth(checked.server.url, KEY);
  dir = mkdtempSync(join(tmpdir(), "hh-composed-"));
  openai = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await fake?.close();
  await faults?.close();
});

/** The app's (and the evaluated function's) answer: the prompt compiled for the question, sent to the model. */
async function answerWith(prompt: Prompt, question: string): Promise<{ answer: string }> {
  const completion = await openai.chat.completions.create({ ...prompt.toOpenAI({ question }), stream: false } as never) as { choices: { message: { content: string | null } }[] };
  return { answer: completion.choices[0]?.message.content ?? "" };
}

function exact(output: { answer?: string } | undefined, _inputs: unknown, truthValue: { answer?: string } | undefined): boolean {
  return output?.answer !== undefined && output.answer === truthValue?.answer;
}

/** evaluate() with the prompt and the exact evaluator, run again until the run is stored; its stored form checked. */
async function evaluateStored(options: Record<string, unknown>, expectedRows: number) {
  const notStored: string[] = [];
  const result = await untilConverged("evaluate()", async () => {
    const run = await sdk.evaluate({
      apiKey: KEY, serverUrl: faults.url, printResults: false, progress: false, gitInfo: false, maxWorkers: 3,
      prompt: chain.prompt, instrumentModules: { openAI: OpenAI }, evaluators: [exact],
      function: (inputs: { question: string }) => answerWith(chain.prompt, inputs.question), ...options,
    } as Parameters<Sdk["evaluate"]>[0]);
    expect(run.status).toBe("completed");
    if (!run.uploaded) throw new Error(`not stored: ${run.uploadError}`); // said so: the user runs it again
    return run;
  }, (error) => void notStored.push(String(error)));
  expect(result.datapoints).toHaveLength(expectedRows);
  const stored = await truth.run(result.runId);
  expect(stored.status).toBe("completed");
  expect([...stored.event_ids].sort()).toEqual([...result.sessionIds].sort());
  expect(new Set(stored.event_ids).size).toBe(expectedRows);
  for (const datapoint of result.datapoints) {
    // the scores are on the datapoint's function span (the session's child); the session holds outputs and truth
    const events = await truth.eventsOf(datapoint.sessionId!);
    expect(events.filter((e) => e.parent_id === datapoint.sessionId).map((e) => e.metrics)).toEqual([{ exact: datapoint.metrics.exact }]);
    expect(events.filter((e) => e.event_type === "model")).toHaveLength(1);
    expect((await truth.session(datapoint.sessionId!))?.outputs).toEqual(datapoint.outputs);
  }
  expect(result.passed).toHaveLength(expectedRows); // the model answers every sum: every datapoint passes
  return { result, stored, notStored };
}

describe("prompts → evaluate() → production with online evaluation and feedback → dataset → push → pull → pinned evaluate(), 5 % of writes failing", () => {
  it("1. a prompt pushed (run again until stored) is held once and getPrompt() returns what the server holds", async () => {
    faults.setRule(stepFaults(1, isWrite("POST", /^\/v1\/configurations$/)));
    const api = sdk.createApiClient({ apiKey: KEY, serverUrl: faults.url, maxRetries: 0 });
    let refused = 0;
    const template = [{ role: "system", content: "Answer with the number only." }, { role: "user", content: "{{question}}" }];
    await untilConverged("creating the prompt", async () => {
      const made = await api.configurations.create({ name: PROMPT, provider: "openai", env: ["prod"], parameters: { call_type: "chat", model: "gpt-test", template } });
      if (!made.ok) throw new Error(made.error);
    }, async () => {
      refused++;
      expect(await truth.configurationsNamed(PROMPT)).toEqual([]); // the refused create stored nothing
    });
    expect(refused).toBeGreaterThan(0);
    const held = await truth.configurationsNamed(PROMPT);
    expect(held).toHaveLength(1);
    const hh = new sdk.HoneyHive({ apiKey: KEY, serverUrl: faults.url, maxRetries: 0, promptCacheDir: join(dir, "prompts") });
    chain.prompt = await hh.getPrompt(PROMPT);
    expect(chain.prompt).toMatchObject({ source: "api", configId: held[0]!.id, template });
    expect(chain.prompt.toOpenAI({ question: "what is 1+1?" }).messages.at(-1)).toEqual({ role: "user", content: "what is 1+1?" });
  });

  it("2. evaluate() over a small dataset with that prompt: its results are the stored run's", async () => {
    // a session update refused: the run says its results are not stored, and runs again
    faults.setRule(stepFaults(2, samePath("PUT", /^\/v1\/events\//, 10), isWrite("POST", /\/traces$/)));
    const { result, notStored } = await evaluateStored({ name: "composed-offline", dataset: EVAL_ROWS.map(({ inputs, ground_truth }) => ({ inputs, ground_truth })) }, EVAL_ROWS.length);
    expect(result.metrics.exact).toMatchObject({ count: EVAL_ROWS.length });
    expect(notStored.join("\n")).toMatch(/not stored: 1 session update of the run's datapoints failed/);
  }, 60_000);

  it("3. production sessions judged online once each, feedback on some: the tracer's counts are the server's", async () => {
    // one feedback and one online score refused with every retry, one span export refused once
    const events = /^\/v1\/events\//;
    faults.setRule(stepFaults(3, samePath("PUT", events, 10, (r) => r.json?.feedback !== undefined), samePath("PUT", events, 10, (r) => r.json?.metrics !== undefined), isWrite("POST", /\/traces$/)));
    const tracer = new sdk.HoneyHiveTracer({
      apiKey: KEY, serverUrl: faults.url, setAsDefault: false, instrumentModules: { openAI: OpenAI }, ...quiet,
      onlineEvaluation: {
        sessionQuietMs: 60_000, // judged at shutdown: the sessions end there
        evaluators: [function correct(outputs: { answer?: string }, inputs: { question?: string }) { return outputs.answer === sumAsked(inputs.question ?? ""); }],
      },
    });
    const handle = sdk.trace(async function handle(question: string) { return answerWith(chain.prompt, question); });
    for (let i = 0; i < 8; i++) {
      const question = `what is ${10 + i}+${10 + i}?`;
      await tracer.withSession({ sessionName: SESSION_NAME, inputs: { question } }, async () => {
        chain.sessions.push(tracer.sessionId);
        await handle("what is 0+0?"); // a warm-up request, then the question: the session's outputs are the last one's
        await handle(question);
      });
    }
    const rated = chain.sessions.filter((_, i) => i % 2 === 0);
    const rate = (sessionId: string) => sdk.feedback(sessionId, { name: "rating", value: 4 }, { idempotencyKey: `rating:${sessionId}`, tracer });
    const first = await Promise.all(rated.map(rate));
    expect(first).toContain(false);
    const delivered = await tracer.shutdown();
    const diagnostics = tracer.diagnostics();

    // feedback: true means stored; false (a refused write) stored nothing; calling again converges, one value each
    for (const [i, sessionId] of rated.entries()) expect((await truth.session(sessionId))?.feedback?.rating).toBe(first[i] ? 4 : undefined);
    for (const sessionId of rated.filter((_, i) => !first[i])) await untilConverged("feedback", async () => { if (!(await rate(sessionId))) throw new Error("feedback() false"); });
    for (const sessionId of chain.sessions) {
      const feedback = (await truth.session(sessionId))?.feedback ?? {};
      expect(Object.keys(feedback).filter((k) => k.startsWith("rating")).sort()).toEqual(rated.includes(sessionId) ? ["rating", "rating_comment", "rating_meta"] : []);
    }

    // spans: what the tracer counted exported is what the server holds; shutdown() true means nothing was lost
    let stored = 0;
    for (const sessionId of chain.sessions) stored += (await truth.eventsOf(sessionId)).length;
    expect(stored).toBe(diagnostics.spansExported);
    expect(diagnostics.spansStarted).toBe(8 * 2 * 2); // per session: two handle() spans, each with its model call

    // online evaluation: each session sampled and judged once; written scores are the ones on the server
    const online = diagnostics.onlineEvaluation!;
    expect(online).toMatchObject({ sampled: 8, evaluated: 8, activityAfterJudged: 0, evaluatorErrors: 0 });
    const scored = (await truth.sessionsNamed(SESSION_NAME)).filter((s) => s.metrics?.correct !== undefined);
    expect(scored.map((s) => s.metrics?.correct)).toEqual(scored.map(() => true));
    expect(scored).toHaveLength(online.written);
    expect(online.written + online.writeFailures).toBe(online.evaluated);
    expect(online.writeFailures).toBeGreaterThanOrEqual(1); // the refused score, counted
    // each feedback that said false and each score not written is a session update the tracer counts lost
    expect(diagnostics.sessionWritesLost.updates).toBe(first.filter((ok) => !ok).length + online.writeFailures);
    // shutdown() is true exactly when nothing was lost: every span exported, every score and session write stored
    const lost = online.writeFailures + diagnostics.sessionWritesLost.starts + diagnostics.sessionWritesLost.updates + (diagnostics.spansStarted - diagnostics.spansExported);
    expect(delivered).toBe(lost === 0);
    expect(await truth.sessionsNamed(SESSION_NAME)).toHaveLength(8);
  }, 60_000);

  it("4. addFromEvents (production → dataset), run again until it succeeds, then once more: every session once", async () => {
    faults.setRule(stepFaults(4, isWrite("POST", /^\/v1\/datapoints\/batch$/)));
    const hh = new sdk.HoneyHive({ apiKey: KEY, serverUrl: faults.url, maxRetries: 0 });
    let refused = 0;
    chain.datasetId = await untilConverged("creating the dataset", async () => {
      const made = await hh.api.datasets.create({ name: DATASET });
      if (!made.ok) throw new Error(made.error);
      return String((made.data.result as { insertedId: string }).insertedId);
    });
    expect((await heldRows(truthClient(), DATASET)).datasetIds).toEqual([chain.datasetId]);
    const select = { filters: [{ field: "event_type", operator: "is" as const, value: "session", type: "string" as const }, { field: "event_name", operator: "is" as const, value: SESSION_NAME, type: "string" as const }] };
    let before = 0;
    const added = await untilConverged("addFromEvents", async () => {
      before = (await heldRows(truthClient(), DATASET)).count;
      return sdk.addFromEvents(hh, chain.datasetId, select);
    }, (error) => {
      refused++;
      expect(String(error)).toMatch(/HTTP 50[02]/); // said, with the server's answer
    });
    expect(refused).toBeGreaterThan(0);
    const held = await heldRows(truthClient(), DATASET);
    expect(held).toMatchObject({ count: chain.sessions.length, duplicates: [] });
    expect(added.datapointIds).toHaveLength(held.count - before); // what it reported adding is what it added
    expect([...held.byKey.keys()].sort()).toEqual(chain.sessions.map((id) => `event-${id}`).sort());
    const again = await untilConverged("addFromEvents again", () => sdk.addFromEvents(hh, chain.datasetId, select));
    expect(again.datapointIds).toEqual([]);
    expect(await heldRows(truthClient(), DATASET)).toMatchObject({ count: chain.sessions.length, duplicates: [], version: held.version });
  }, 60_000);

  it("5. curated and pushed with `honeyhive datasets push` (SIGKILLed mid-push, run again to convergence), pulled with a lock", async () => {
    const pulled = await runCli(["datasets", "pull", DATASET, "production.jsonl"], dir, KEY, faults.url);
    expect(pulled).toMatchObject({ code: 0, stderr: "" });
    const production = readJsonl(join(dir, "production.jsonl")) as { id: string; inputs: { question: string } }[];
    expect(production).toHaveLength(chain.sessions.length);
    // curated: each production row gets the right answer as its ground truth, and the offline rows join them
    const rows = [...production.map((row) => ({ ...row, ground_truth: { answer: sumAsked(row.inputs.question) } })), ...EVAL_ROWS];
    writeFileSync(join(dir, "curated.jsonl"), rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
    const push = ["datasets", "push", DATASET, "curated.jsonl", "--mode", "replace", "--json"];

    // killed as its first write (the batch of new rows, sent before the updates) reaches the server: it lands
    const killed = await runCliKilledAtWrite(push, dir, KEY, faults.url, 1);
    expect(killed.signal).toBe("SIGKILL");
    const afterKill = await heldRows(truthClient(), DATASET);
    expect(afterKill.duplicates).toEqual([]);
    expect(stale(afterKill.byKey, rows)).toEqual(expect.arrayContaining(production.map((row) => row.id)));

    // the first row update refused with every retry: the run says which write failed, exits 1, and is run again
    faults.setRule(stepFaults(5, samePath("PUT", /^\/v1\/datapoints\//, 4)));
    let failedRuns = 0;

    const local = new Map(entriesOfItems(rows).map((e) => [e.key, e.canonical]));
    const done = await untilConverged("datasets push", async () => {
      const lacking = stale((await heldRows(truthClient(), DATASET)).byKey, rows);
      const run = await runCli(push, dir, KEY, faults.url);
      const reported = JSON.parse(run.stdout) as { added: string[]; changed: string[]; removed: string[]; version: string; written?: { added: string[]; changed: string[]; removed: string[] } };
      const held = await heldRows(truthClient(), DATASET);
      expect(held.duplicates).toEqual([]);
      if (run.code !== 0) {
        // it said which writes failed: every write it counted is held as the file has it
        expect(run.code).toBe(1);
        failedRuns++;
        for (const key of [...reported.written!.added, ...reported.written!.changed]) expect(held.byKey.get(key)).toBe(local.get(key));
        throw new Error(`datasets push exited ${run.code}`);
      }
      expect([...reported.added, ...reported.changed].sort()).toEqual(lacking);
      expect(reported.removed).toEqual([]);
      expect(reported.version).toBe(held.version);
      return reported;
    });
    expect(failedRuns).toBeGreaterThan(0);
    const held = await heldRows(truthClient(), DATASET);
    expect(held).toMatchObject({ count: rows.length, duplicates: [], version: datasetVersion(rows) });
    expect(done.version).toBe(held.version);

    const locked = await runCli(["datasets", "pull", DATASET, "pinned.jsonl", "--lock"], dir, KEY, faults.url);
    expect(locked).toMatchObject({ code: 0, stderr: "" });
    chain.lock = JSON.parse(readFileSync(join(dir, "pinned.lock.json"), "utf8")) as { version: string };
    expect(chain.lock.version).toBe(held.version);
    expect(readJsonl(join(dir, "pinned.jsonl"))).toHaveLength(rows.length);
  }, 60_000);

  it("6. a pinned evaluate() on the pulled version: its results are the stored run's, on that version", async () => {
    faults.setRule(stepFaults(6, samePath("PUT", /^\/v1\/runs\//, 10)));
    const { stored, notStored } = await evaluateStored({ name: "composed-pinned", datasetId: chain.datasetId, datasetVersion: chain.lock }, chain.sessions.length + EVAL_ROWS.length);
    expect(stored.metadata.dataset_version).toBe(chain.lock.version);
    expect(notStored.join("\n")).toMatch(/not stored: .*PUT \/v1\/runs\//);
  }, 60_000);

  it("faults were injected all along, and every request the SDK and CLI made was valid for HoneyHive's spec", () => {
    expect(faults.faulted().length).toBeGreaterThan(0);
    expect(checked.proxy.violations().filter((v) => !/deprecated$/.test(v))).toEqual([]);
  });
});

function truthClient(): HoneyHive {
  return new HoneyHive({ apiKey: KEY, serverUrl: checked.server.url, maxRetries: 0 });
}

function readJsonl(file: string): unknown[] {
  return readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as unknown);
}

/** The keys of `rows` the server does not hold as the rows have them (missing or different), sorted. */
function stale(held: Map<string, string>, rows: readonly object[]): string[] {
  return entriesOfItems(rows).filter((e) => held.get(e.key) !== e.canonical).map((e) => e.key).sort();
}
