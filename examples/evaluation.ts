// An experiment: every datapoint runs in its own session, concurrently; evaluators score each output.
// Run it as a script (`npx tsx examples/evaluation.ts`); for `honeyhive eval`, see examples/arithmetic.eval.ts.
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { evaluate, trace } from "honeyhive";

const answer = trace(async function answer(question: string): Promise<string> {
  return question.includes("2+2") ? "4" : "unknown";
});

const result = await evaluate({
  name: "arithmetic-v1",
  function: async (inputs: { question: string }) => answer(inputs.question),
  dataset: [
    { inputs: { question: "2+2?" }, ground_truth: { answer: "4" } },
    { inputs: { question: "3+3?" }, ground_truth: { answer: "6" } },
  ],
  evaluators: [
    function exactMatch(output: string, _inputs: { question: string }, groundTruth: { answer: string }) {
      return output === groundTruth.answer;
    },
  ],
  maxConcurrency: 16,
  printResults: true,
});
console.log(`run ${result.runId}: ${result.passed.length} passed, ${result.failed.length} failed${result.runUrl ? ` (${result.runUrl})` : ""}`);
await localBackend.report();
