import type { Scorer } from "../score";
import { type JudgeOptions, type JudgeScore, checkChoices, createJudge } from "./run-judge";
import { READY_METRIC_NAMES } from "../metric-names";

/**
 * `factuality`: an LLM judge of whether the answer agrees with the ground truth (the expert answer).
 * Verdicts: `correct` 1, `partially_correct` 0.5, `incorrect` 0. Needs a ground truth.
 *
 * @example evaluators: [factuality({ client: new OpenAI(), model: "gpt-4o-mini" })]
 */
export function factuality(options: JudgeOptions): Scorer<JudgeScore> {
  return createJudge(options, {
    where: "factuality", defaultName: READY_METRIC_NAMES.factuality, prompt: "factuality", required: ["expected"],
    labels: { correct: 1, partially_correct: 0.5, incorrect: 0 },
  });
}

/** `answer_relevance`: an LLM judge of whether the answer responds to the question. `relevant` 1, `partially_relevant` 0.5, `irrelevant` 0. */
export function answerRelevance(options: JudgeOptions): Scorer<JudgeScore> {
  return createJudge(options, {
    where: "answerRelevance", defaultName: READY_METRIC_NAMES.answerRelevance, prompt: "answer-relevance", required: [],
    labels: { relevant: 1, partially_relevant: 0.5, irrelevant: 0 },
  });
}

/**
 * `faithfulness`: an LLM judge of whether every claim of the answer is supported by the given context
 * (`inputs.context` by default). `faithful` 1, `partially_faithful` 0.5, `unfaithful` 0.
 */
export function faithfulness(options: JudgeOptions): Scorer<JudgeScore> {
  return createJudge(options, {
    where: "faithfulness", defaultName: READY_METRIC_NAMES.faithfulness, prompt: "faithfulness", required: ["context"],
    labels: { faithful: 1, partially_faithful: 0.5, unfaithful: 0 },
  });
}

/** Options of {@link rubric}. */
export interface RubricOptions extends JudgeOptions {
  /** What a good answer is, in your words. */
  rubric: string;
  /** Verdicts the judge may give and their scores. @defaultValue `{ pass: 1, fail: 0 }` */
  choices?: Readonly<Record<string, number>>;
}

/** `rubric`: an LLM judge grading the answer against your rubric, choosing one of your verdicts. */
export function rubric(options: RubricOptions): Scorer<JudgeScore> {
  const text = options?.rubric;
  if (typeof text !== "string" || text.trim() === "") throw new TypeError("rubric: rubric must be a non-empty string");
  const labels = checkChoices(options.choices ?? { pass: 1, fail: 0 }, "rubric");
  return createJudge(options, {
    where: "rubric", defaultName: READY_METRIC_NAMES.rubric, prompt: "rubric", required: [], extraKeys: ["rubric", "choices"],
    labels, fixed: { rubric: text.trim(), choices: Object.keys(labels).map((l) => JSON.stringify(l)).join(", ") },
  });
}
