/**
 * `npm run demo`: the main job end to end on a fresh machine. Starts the local HoneyHive-compatible dev
 * server in-process on a free port, runs a retrieval-plus-answer pipeline through evaluate() on a bundled
 * dataset with three evaluators at concurrency 8, prints the results and where the data is, and exits.
 */
import { resolve } from "node:path";
import { createDevServer } from "../src/dev-server/index";
import { evaluate } from "../src/index";
import { DATASET, type DemoGroundTruth, type DemoInputs } from "./dataset";
import { type DemoAnswer, answerQuestion } from "./pipeline";

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

async function main(): Promise<number> {
  const dataDir = resolve(process.env.HH_DEMO_DATA_DIR ?? ".honeyhive/demo");
  const server = await createDevServer({ port: 0, dataDir });
  try {
    console.log(`HoneyHive dev server: ${server.url} (data in ${dataDir})\n`);
    const result = await evaluate<DemoInputs, DemoGroundTruth, DemoAnswer>({
      name: "solar-system-qa",
      function: (inputs) => answerQuestion(inputs.question),
      dataset: DATASET,
      evaluators: [containsAnswer, retrievalHit, answerLength],
      passingRanges: { containsAnswer: { min: 1 }, retrievalHit: { min: 0.5 } },
      maxConcurrency: 8,
      apiKey: "local-demo-key",
      serverUrl: server.url,
      printResults: true,
    });
    console.log(`\nRun ${result.runId}: ${result.passed.length} passed, ${result.failed.length} failed of ${DATASET.length} datapoints.`);
    console.log(`Open the viewer: ${server.url}/#/runs/${result.runId}`);
    console.log(`Or query the API: curl -H 'Authorization: Bearer local-demo-key' ${server.url}/v1/runs/${result.runId}/result`);
    return result.status === "completed" ? 0 : 1;
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
