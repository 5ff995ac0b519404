/**
 * The metric name each ready evaluator records by default (its `name` option overrides it): part of the API, as
 * `passingRanges` keys and `honeyhive eval --fail-under` name metrics. The one table: the factories read their
 * default names here, the "Ready evaluators" table of docs/guide/evaluators.md lists it and `scripts/check-readme-snippets.mjs` checks the
 * documentation's snippets against it (keep one `factory: "metric_name",` entry per line).
 */
export const READY_METRIC_NAMES = {
  exactMatch: "exact_match",
  normalizedMatch: "normalized_match",
  includes: "includes",
  regexMatch: "regex_match",
  jsonValid: "json_valid",
  jsonSchemaShape: "json_schema",
  zodShape: "zod_shape",
  levenshtein: "levenshtein",
  numericCloseness: "numeric_closeness",
  embeddingSimilarity: "embedding_similarity",
  factuality: "factuality",
  answerRelevance: "answer_relevance",
  faithfulness: "faithfulness",
  rubric: "rubric",
  trajectoryMatch: "trajectory_match",
  toolAssertions: "tool_assertions",
  budget: "budget",
  trajectoryJudge: "trajectory_quality",
} as const;

/** A ready evaluator's factory name (`exactMatch`, `factuality`, …). */
export type ReadyEvaluatorName = keyof typeof READY_METRIC_NAMES;
