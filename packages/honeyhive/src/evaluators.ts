/**
 * `honeyhive/evaluators`: ready evaluators for `evaluate()` — deterministic scorers and LLM judges. Each factory
 * returns an ordinary evaluator function (named after its metric) returning `{ score, explanation }`.
 * A separate entry point: importing `honeyhive` never loads it.
 *
 * @module honeyhive/evaluators
 */
export type { FieldAccessor } from "./evaluators/fields";
export type { Score, Scorer, ScorerOptions } from "./evaluators/score";
export {
  exactMatch, normalizedMatch, normalizeText, includes, regexMatch,
  type NormalizedMatchOptions, type IncludesOptions, type RegexMatchOptions,
} from "./evaluators/match";
export {
  jsonValid, jsonSchemaShape, zodShape,
  type JsonScorerOptions, type JsonSchemaCompiler, type JsonSchemaShapeOptions, type SafeParseSchema,
} from "./evaluators/json-scorers";
export {
  levenshtein, levenshteinSimilarity, numericCloseness, numericClosenessOf, embeddingSimilarity, cosineSimilarity,
  type LevenshteinOptions, type NumericClosenessOptions, type EmbeddingSimilarityOptions,
} from "./evaluators/similarity";
export type { OpenAICompatibleClient, JudgeMessage } from "./evaluators/judges/judge-client";
export type { JudgeOptions, JudgeScore } from "./evaluators/judges/run-judge";
export { factuality, answerRelevance, faithfulness, rubric, type RubricOptions } from "./evaluators/judges/judges";
export { PROMPT_VERSIONS as JUDGE_PROMPT_VERSIONS } from "./evaluators/judges/prompt-texts.generated";
export { READY_METRIC_NAMES, type ReadyEvaluatorName } from "./evaluators/metric-names";
export {
  trajectoryMatch, type TrajectoryMatchOptions, type TrajectoryMode,
} from "./evaluators/trajectory/trajectory-match";
export type { ArgumentMode, ToolArgumentRule } from "./evaluators/trajectory/argument-match";
export type { ExpectedToolCall, ExpectedTrajectory } from "./evaluators/trajectory/expected-calls";
export {
  toolAssertions, calledTool, neverCalled, noToolErrors, calledInOrder, maxToolCalls,
  type ToolAssertion, type CalledToolOptions, type ToolAssertionsOptions,
} from "./evaluators/trajectory/tool-assertions";
export { budget, type BudgetOptions, type BudgetScore } from "./evaluators/trajectory/budget";
export { trajectoryJudge, type TrajectoryJudgeOptions } from "./evaluators/judges/trajectory-judge";
export {
  simulateConversation, type SimulateConversationOptions, type SimulatedConversation, type ConversationApp, type AppTurn, type ConversationState,
} from "./evaluators/simulation/simulate-conversation";
export {
  scriptedUser, modelUser, type SimulatedUser, type SimulatedUserTurn, type ModelUserOptions, type ConversationMessage,
} from "./evaluators/simulation/simulated-user";
