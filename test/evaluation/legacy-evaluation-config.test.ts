// The TypeScript SDK 1.0's `EvaluationConfig` (deprecated alias): its `function` was `(...args: any[]) => any`, so a
// function with typed parameters fitted without type arguments. `npm run typecheck` compiles this file.
import { describe, expect, it } from "vitest";
import { evaluate, type EvaluationConfig } from "../../packages/honeyhive/src/index";

interface QA { question: string }
interface GT { answer: string }

async function qaPipeline(inputs: QA, groundTruths: GT): Promise<string> {
  return inputs.question === "q0" ? groundTruths.answer : "wrong";
}

describe("the deprecated EvaluationConfig alias", () => {
  it("accepts a function with typed parameters, as 1.0's type did, and evaluate() runs it", async () => {
    const config: EvaluationConfig = {
      function: qaPipeline,
      dataset: [{ inputs: { question: "q0" }, ground_truth: { answer: "a0" } }, { inputs: { question: "q1" }, ground_truth: { answer: "a1" } }],
      evaluators: [function exact(outputs: unknown, _inputs: unknown, gt: unknown) { return outputs === (gt as GT).answer; }],
      offline: true,
    };
    const result = await evaluate(config);
    expect(result.verdict).toMatchObject({ passed: 1, failed: 1, total: 2 });
  });

  it("evaluate()'s own options stay typed by the inputs", () => {
    // A type-level check: evaluate() itself still rejects a function whose inputs do not match the dataset.
    const typed = () => evaluate<QA, GT>({
      // @ts-expect-error -- `count` is not a field of QA
      function: async (inputs: { count: number }) => inputs.count,
      dataset: [{ inputs: { question: "q" }, ground_truth: { answer: "a" } }],
      offline: true,
    });
    expect(typeof typed).toBe("function");
  });
});
