// An experiment: every datapoint runs in its own session, concurrently; evaluators score each output.
import { evaluate, trace } from "honeyhive";

const answer = trace(async function answer(question: string): Promise<string> {
  return question.includes("2+2") ? "4" : "unknown";
});

export async function main(): Promise<void> {
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
  console.log(result.runId, result.passed.length, result.failed.length);
}
