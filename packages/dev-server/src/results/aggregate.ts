/** Aggregation of run results: defined once in core's `verdict/aggregate.ts`, re-exported for the dev server's routes. */
export { aggregate, isAggregateFunction, type AggregateFunction } from "@honeyhive/core/verdict/aggregate";
