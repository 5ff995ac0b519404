import type { EvaluatorContext } from "../../config/evaluator-types";
import { checkExpected, type ExpectedTrajectory, groundTruthTrajectory, referenceSteps } from "../trajectory/expected-calls";
import { traceOf } from "../trajectory/trace-of";
import { conversationText, referenceText, trajectoryText } from "../trajectory/trajectory-text";
import { READY_METRIC_NAMES } from "../metric-names";
import type { Scorer } from "../score";
import { type JudgeOptions, type JudgeScore, createJudge } from "./run-judge";

/** Options of {@link trajectoryJudge}. */
export interface TrajectoryJudgeOptions extends Omit<JudgeOptions, "expected" | "answer" | "context"> {
  /** What a good trajectory is for this task, in your words (the judge's criteria). @defaultValue none: the judge's own */
  rubric?: string;
  /**
   * A reference trajectory (tool calls by name or `{ name, arguments }`), or a function of the datapoint returning one.
   * @defaultValue the ground truth's `trajectory` / `tool_calls` / `toolCalls` / `expected_tool_calls`, when it has one
   */
  expected?: ExpectedTrajectory;
}

function transcriptOf(outputs: unknown): unknown {
  return typeof outputs === "object" && outputs !== null ? (outputs as { transcript?: unknown }).transcript : undefined;
}

/**
 * `trajectory_quality`: an LLM judge of how the agent went about the task, from its whole trajectory — every model
 * call and tool call in order, with arguments, results and errors — and, for a simulated conversation, the whole
 * transcript (the outputs' `transcript`). Verdicts: `good` 1, `acceptable` 0.5, `poor` 0. Optional criteria
 * (`rubric`) and reference trajectory.
 *
 * @example evaluators: [trajectoryJudge({ client: new OpenAI(), model: "gpt-4o-mini", rubric: "Look the order up before refunding it." })]
 */
export function trajectoryJudge(options: TrajectoryJudgeOptions): Scorer<JudgeScore> {
  const where = "trajectoryJudge";
  const rubric = options?.rubric;
  if (rubric !== undefined && typeof rubric !== "string") throw new TypeError(`${where}: rubric must be a string`);
  const expected = checkExpected(options?.expected, where);
  const { rubric: _rubric, expected: _expected, ...judgeOptions } = options ?? ({} as TrajectoryJudgeOptions);
  // the reference is optional: none in the ground truth reads as none (one given that cannot be read is an error)
  const reference = (o: unknown, i: unknown, g: unknown): string =>
    expected === undefined && groundTruthTrajectory(g) === undefined ? "" : referenceText(referenceSteps(expected, [o, i, g], where));
  return createJudge(judgeOptions as JudgeOptions, {
    where, defaultName: READY_METRIC_NAMES.trajectoryJudge, prompt: "trajectory", required: [],
    labels: { good: 1, acceptable: 0.5, poor: 0 }, extraKeys: ["rubric"],
    fixed: { rubric: rubric?.trim() ?? "" },
    defaults: { expected: reference, answer: transcriptOf },
    derived: (raw, context: EvaluatorContext | undefined) => ({ trajectory: trajectoryText(traceOf(context, where)), conversation: conversationText(raw.answer) }),
  });
}
