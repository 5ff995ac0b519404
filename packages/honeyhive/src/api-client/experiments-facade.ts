/**
 * The `HoneyHive` class's `experiments` group with the 1.x client's names, argument orders and camelCase bodies:
 * `createRun({ project, name, eventIds, datasetId?, datapointIds?, configuration?, metadata?, status? })`,
 * `getRuns(project?)`, `getRun(runId)`, `updateRun(body, runId)`, `deleteRun(runId)`,
 * `getExperimentResult(runId, projectId, aggregateFunction?)` and
 * `getExperimentComparison(runId1, runId2, projectId, aggregateFunction?)`. The project 1.x names is not sent (the API
 * key decides it). Answers carry 1.x's camelCase names beside the wire's (`runId`, and inside `evaluation`).
 */
import { wireKeys } from "./case-keys";
import type { ApiClient } from "./create-api-client";
import { idAndBody, unwrap, withAliasedItems } from "./facade-helpers";
import type { AggregateFunction, JsonObject, RunCreateRequest, RunListQuery, RunUpdateRequest } from "./types";

const AGGREGATES = new Set(["average", "min", "max", "median", "p90", "p95", "p99", "sum", "count"]);

/** The request-object form of the result and comparison calls: `{ runId, aggregateFunction }`, `{ runId1, runId2 }`. */
export interface ExperimentQuery {
  runId?: string;
  run_id?: string;
  /** The newer run of a comparison (`newRunId` also works). */
  runId1?: string;
  newRunId?: string;
  /** The older run of a comparison (`oldRunId` also works). */
  runId2?: string;
  oldRunId?: string;
  /** Accepted and ignored (the project comes from the key). */
  projectId?: string;
  aggregateFunction?: AggregateFunction;
  aggregate_function?: AggregateFunction;
}

/** `updateRun` in both argument orders. */
export interface UpdateRun {
  /** 1.x's order: `updateRun(updateRunRequest, runId)`. */
  (body: RunUpdateRequest | JsonObject, runId: string): Promise<JsonObject>;
  /** The order with the id first. */
  (runId: string, body: RunUpdateRequest | JsonObject): Promise<JsonObject>;
}

/** The `experiments` group of {@link HoneyHive}: evaluation runs. Every method throws `HoneyHiveApiError` when the request fails. */
export interface ExperimentsGroup {
  /** Creates a run from 1.x's body (`eventIds`, `datasetId`, `datapointIds`, …) or the wire's. → `{ evaluation, run_id, runId }`. */
  createRun(body: RunCreateRequest | JsonObject): Promise<JsonObject>;
  /** Updates a run (`status`, `metadata`, `name`, `eventIds`, …). → `{ evaluation, warning? }`. */
  updateRun: UpdateRun;
  /** One run. → `{ evaluation }`. */
  getRun(runId: string): Promise<JsonObject>;
  /** The key's project's runs: 1.x's `getRuns(project?)` (the project is not sent), or `getRuns({ dataset_id, page, limit, … })`. → `{ evaluations }`. */
  getRuns(query?: string | RunListQuery): Promise<JsonObject>;
  /** Deletes a run. → `{ id, deleted }`. */
  deleteRun(runId: string): Promise<JsonObject>;
  /**
   * A run's result: `getExperimentResult(runId, projectId?, aggregateFunction?)`; `(runId, aggregateFunction)` and
   * `({ runId, aggregateFunction })` also work.
   */
  getExperimentResult(run: string | ExperimentQuery, projectOrAggregate?: string, aggregateFunction?: AggregateFunction): Promise<JsonObject>;
  /**
   * Two runs compared: `getExperimentComparison(newRunId, oldRunId, projectId?, aggregateFunction?)`, or
   * `({ runId1, runId2, aggregateFunction })` (`newRunId` / `oldRunId` also work there).
   */
  getExperimentComparison(run: string | ExperimentQuery, oldRunId?: string, projectOrAggregate?: string, aggregateFunction?: AggregateFunction): Promise<JsonObject>;
}

function aggregateOf(projectOrAggregate: string | undefined, aggregateFunction: AggregateFunction | undefined): AggregateFunction | undefined {
  return aggregateFunction ?? (AGGREGATES.has(projectOrAggregate ?? "") ? (projectOrAggregate as AggregateFunction) : undefined);
}

/** A run id given as a string, or a TypeError naming what was given (never a request to `/runs/[object Object]`). */
function runIdOf(value: unknown, what: string): string {
  if (typeof value === "string" && value !== "") return value;
  throw new TypeError(`${what} must be a run id (a non-empty string), got ${value === null ? "null" : typeof value}`);
}

/** Builds the `experiments` group on a client. */
export function experimentsGroup(api: ApiClient): ExperimentsGroup {
  return {
    createRun: async (body) => unwrap(await api.runs.create(wireKeys(body as RunCreateRequest)), ["evaluation"]),
    updateRun: (async (a: unknown, b: unknown) => {
      const [runId, body] = idAndBody<RunUpdateRequest>(a, b);
      return unwrap(await api.runs.update(runId, wireKeys(body)), ["evaluation"]);
    }) as UpdateRun,
    getRun: async (runId) => unwrap(await api.runs.get(runId), ["evaluation"]),
    getRuns: async (query) => withAliasedItems(unwrap(await api.runs.list(typeof query === "object" ? wireKeys(query) : {})), "evaluations"),
    deleteRun: async (runId) => unwrap(await api.runs.delete(runId)),
    getExperimentResult: async (run, projectOrAggregate, aggregateFunction) => {
      if (typeof run === "object" && run !== null) {
        const runId = runIdOf(run.runId ?? run.run_id, "getExperimentResult({ runId })");
        return unwrap(await api.runs.result(runId, run.aggregateFunction ?? run.aggregate_function));
      }
      return unwrap(await api.runs.result(runIdOf(run, "getExperimentResult(runId)"), aggregateOf(projectOrAggregate, aggregateFunction)));
    },
    getExperimentComparison: async (run, oldRunId, projectOrAggregate, aggregateFunction) => {
      if (typeof run === "object" && run !== null) {
        const newer = runIdOf(run.runId1 ?? run.newRunId, "getExperimentComparison({ runId1 })");
        const older = runIdOf(run.runId2 ?? run.oldRunId, "getExperimentComparison({ runId2 })");
        return unwrap(await api.runs.compare(newer, older, run.aggregateFunction ?? run.aggregate_function));
      }
      const newer = runIdOf(run, "getExperimentComparison(newRunId, oldRunId)");
      const older = runIdOf(oldRunId, "getExperimentComparison(newRunId, oldRunId)");
      return unwrap(await api.runs.compare(newer, older, aggregateOf(projectOrAggregate, aggregateFunction)));
    },
  };
}
