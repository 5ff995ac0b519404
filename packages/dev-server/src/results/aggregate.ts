/** Aggregation of run results: defined once in `src/verdict/aggregate.ts`, re-exported for the dev server's routes. */
export { AGGREGATE_FUNCTIONS, aggregate, isAggregateFunction, numericValue, type AggregateFunction } from "@honeyhive/core/verdict/aggregate";
