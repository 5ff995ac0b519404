/**
 * A small but real application traced with the SDK (`trace`, `enrichSpan`) and run through evaluate()
 * against the dev server: a keyword retriever (tool) feeding a deterministic extractive answerer
 * (model), scored by two evaluators. Variants answer verbosely for different questions, so two runs
 * differ both ways when compared; questions about
 * "quantum" make the answerer throw, so some sessions carry errors.
 */
import { enrichSpan } from "../../../packages/honeyhive/src/enrichment/enrich-span";
import { evaluate } from "../../../packages/honeyhive/src/script/evaluate";
import type { EvaluationResult } from "../../../packages/honeyhive/src/evaluation/types";
import { trace } from "../../../packages/honeyhive/src/instrument/trace";

const DOCS = [
  "Paris is the capital of France.",
  "The Nile is the longest river in Africa.",
  "Mount Everest is the highest mountain on Earth.",
  "Water boils at 100 degrees Celsius at sea level.",
  "The Pacific is the largest ocean.",
];

const QUESTIONS = [
  ["capital France", 0], ["longest river Africa", 1], ["highest mountain", 2], ["water boils", 3], ["largest ocean", 4],
  ["quantum gravity", -1], ["France capital city", 0], ["river Nile", 1], ["Everest height", 2], ["boiling point water", 3],
  ["Pacific ocean", 4], ["quantum foam", -1],
] as const;

/** The dataset: 12 questions with the expected answer as ground truth. */
export const DATASET = QUESTIONS.map(([question, doc]) => ({
  inputs: { question },
  ground_truth: { answer: doc >= 0 ? DOCS[doc]! : "unknown" },
}));

const tracedRetrieve = trace(
  async function retrieve(question: string, k: number): Promise<string[]> {
    const words = question.toLowerCase().split(/\s+/);
    const scored = DOCS.map((d) => ({ d, s: words.filter((w) => d.toLowerCase().includes(w)).length }));
    enrichSpan({ metadata: { k, candidates: DOCS.length } });
    return scored.filter((x) => x.s > 0).sort((a, b) => b.s - a.s).slice(0, k).map((x) => x.d);
  },
  { eventType: "tool" },
);

const tracedGenerate = trace(
  async function generate(question: string, context: string[], verbose: boolean): Promise<string> {
    enrichSpan({ config: { model: "extractive-answerer", verbose }, metrics: { context_docs: context.length } });
    if (question.includes("quantum")) throw new Error(`no grounded answer for "${question}"`);
    const best = context[0] ?? "unknown";
    return verbose ? `${best} (source: corpus)` : best;
  },
  { eventType: "model" },
);

function answerer(verboseWhen: RegExp) {
  return async function answer_question(inputs: { question: string }): Promise<string> {
    const context = await tracedRetrieve(inputs.question, 2);
    return tracedGenerate(inputs.question, context, verboseWhen.test(inputs.question));
  };
}

const evaluators = [
  function exact_match(output: string, _inputs: unknown, gt: { answer: string }) {
    return output === gt.answer;
  },
  function overlap(output: string, _inputs: unknown, gt: { answer: string }) {
    const expected = new Set(gt.answer.toLowerCase().split(/\W+/).filter(Boolean));
    const got = output.toLowerCase().split(/\W+/).filter(Boolean);
    return expected.size === 0 ? 0 : Number((got.filter((w) => expected.has(w)).length / Math.max(got.length, expected.size)).toFixed(3));
  },
];

/** Runs one variant of the app (verbose answers for questions matching `verboseWhen`) through evaluate(). */
export function runExperiment(serverUrl: string, apiKey: string, name: string, verboseWhen: RegExp): Promise<EvaluationResult> {
  return evaluate<{ question: string }, { answer: string }, string>({
    name,
    apiKey,
    serverUrl,
    dataset: DATASET,
    function: answerer(verboseWhen),
    evaluators,
    passingRanges: { overlap: { min: 0.9 } },
    maxConcurrency: 4,
  });
}
