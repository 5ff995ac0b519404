/**
 * An evaluation file for the CLI: `export default` evaluate() options (or an array of them) and run
 *
 *   npx honeyhive eval examples/arithmetic.eval.ts --max-failures 1 --fail-under exactMatch=0.5 --markdown summary.md
 *
 * (with HH_API_KEY, or HH_API_URL=http://127.0.0.1:4318 HH_API_KEY=local against `npx honeyhive serve`).
 * The CLI loads the file, runs the experiment, prints the metric table and exits 1 if a datapoint fails its verdict
 * ("what is two plus two?" does, on purpose: `--max-failures 1` allows one) or a threshold is missed. The metric
 * names are the evaluators' names (`exactMatch`, `answered` here; `exact_match` for the ready `exactMatch()`).
 * `.ts` files run with Node's type stripping where available, otherwise through tsx.
 */
import type { EvaluateOptions } from "honeyhive";

type Inputs = { question: string };
type Truth = { answer: string };

async function calculator(inputs: Inputs): Promise<string> {
  const match = /^(\d+)\s*([+*-])\s*(\d+)\?$/.exec(inputs.question.trim());
  if (!match) return "unknown";
  const [, a, op, b] = match;
  const x = Number(a);
  const y = Number(b);
  return String(op === "+" ? x + y : op === "-" ? x - y : x * y);
}

const experiment: EvaluateOptions<Inputs, Truth, string> = {
  name: "calculator",
  function: calculator,
  dataset: [
    { inputs: { question: "2+2?" }, ground_truth: { answer: "4" } },
    { inputs: { question: "3*3?" }, ground_truth: { answer: "9" } },
    { inputs: { question: "10-4?" }, ground_truth: { answer: "6" } },
    { inputs: { question: "what is two plus two?" }, ground_truth: { answer: "4" } },
  ],
  evaluators: [
    function exactMatch(output: string, _inputs: Inputs, truth: Truth): boolean {
      return output === truth.answer;
    },
    function answered(output: string): number {
      return output === "unknown" ? 0 : 1;
    },
  ],
};

export default experiment;
