/**
 * `npm run demo`: the main job end to end on a fresh machine. Starts the local HoneyHive-compatible dev
 * server in-process on a free port with its data where `npx honeyhive serve` reads by default (./.honeyhive),
 * runs a retrieval-plus-answer pipeline through evaluate() on a bundled dataset with three evaluators at
 * concurrency 8, prints the results, and ends with the one command and the URL that open them in the viewer.
 */
import { resolve } from "node:path";
import { createDevServer } from "../packages/dev-server/src/index";
import { createApiClient, evaluate, formatEvaluationResult } from "../packages/honeyhive/src/index";
import { viewerUrl } from "../packages/dev-server/src/viewer/viewer-url";
import { DATASET, type DemoGroundTruth, type DemoInputs } from "./dataset";
import { type DemoAnswer, answerQuestion } from "./pipeline";

/**
 * The demo's key: the one `honeyhive serve` suggests (each key is its own project on the dev server), so the
 * viewer it serves shows this run; not a HoneyHive secret.
 */
const DEMO_KEY = "local";
/** Where `honeyhive serve` listens by default. */
const SERVE_URL = "http://127.0.0.1:4318";

function containsAnswer(outputs: DemoAnswer, _inputs: DemoInputs, groundTruth: DemoGroundTruth): boolean {
  return outputs.answer.toLowerCase().includes(groundTruth.answer.toLowerCase());
}

function retrievalHit(outputs: DemoAnswer, _inputs: DemoInputs, groundTruth: DemoGroundTruth): { score: number; explanation: string } {
  const rank = outputs.sources.indexOf(groundTruth.docId);
  return { score: rank < 0 ? 0 : 1 / (rank + 1), explanation: rank < 0 ? "source not retrieved" : `source at rank ${rank + 1}` };
}

function answerLength(outputs: DemoAnswer): number {
  return outputs.answer.length;
}

/** True when a dev server (e.g. `npx honeyhive serve` left running) already answers at `url`. */
async function serverIsUp(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) })).ok;
  } catch {
    return false;
  }
}

/** The server to send the run to: the running `honeyhive serve` if there is one, else an in-process one. */
async function openServer(dataDir: string): Promise<{ url: string; close(): Promise<void>; external: boolean } | undefined> {
  if (process.env.HH_DEMO_DATA_DIR === undefined && (await serverIsUp(SERVE_URL))) {
    console.log(`Sending the run to the dev server already running at ${SERVE_URL}.\n`);
    return { url: SERVE_URL, close: async () => undefined, external: true };
  }
  try {
    const server = await createDevServer({ port: 0, dataDir });
    return { url: server.url, close: () => server.close(), external: false };
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error)); // one line, e.g. the data directory is in use
    return undefined;
  }
}

async function main(): Promise<number> {
  const dataDir = resolve(process.env.HH_DEMO_DATA_DIR ?? ".honeyhive");
  const server = await openServer(dataDir);
  if (!server) return 1;
  try {
    const result = await evaluate<DemoInputs, DemoGroundTruth, DemoAnswer>({
      name: "solar-system-qa",
      function: (inputs) => answerQuestion(inputs.question),
      dataset: DATASET,
      evaluators: [containsAnswer, retrievalHit, answerLength],
      passingRanges: { containsAnswer: { min: 1 }, retrievalHit: { min: 0.5 } },
      maxConcurrency: 8,
      apiKey: DEMO_KEY,
      serverUrl: server.url,
    });
    // An in-process server's port is gone when the demo exits: the link to open is printed at the end.
    console.log(formatEvaluationResult({ ...result, runUrl: undefined }));
    const stored = await createApiClient({ serverUrl: server.url, apiKey: DEMO_KEY }).events.export({
      filters: [{ field: "metadata.run_id", operator: "is", value: result.runId, type: "string" }],
      limit: 1,
    });
    const events = stored.ok ? (stored.data.totalEvents ?? stored.data.count ?? 0) : 0;
    console.log(`\nRun ${result.runId}: ${result.verdict.passed} passed, ${result.verdict.failed} failed of ${DATASET.length} datapoints.`);
    console.log(`The dev server stored ${events} events for this run (${result.sessionIds.length} sessions)${server.external ? "" : ` in ${dataDir}`}.`);
    const link = viewerUrl(SERVE_URL, { runId: result.runId, apiKey: DEMO_KEY });
    if (server.external) console.log(`\nOpen the results in the viewer:\n  ${link}`);
    else {
      const serve = process.env.HH_DEMO_DATA_DIR === undefined ? "npx honeyhive serve" : `npx honeyhive serve --data-dir ${dataDir}`;
      console.log(`\nOpen the results in the viewer:\n  ${serve}\n  ${link}`);
    }
    return result.status === "completed" && events > 0 ? 0 : 1;
  } finally {
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
