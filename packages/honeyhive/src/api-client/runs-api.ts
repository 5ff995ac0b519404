import { pathSegment, type Requester } from "./request";
import { LEFT_OUT, type PruneSpec } from "../internal/prune-spec";
import type {
  AggregateFunction,
  ApiResult,
  JsonObject,
  RunComparisonResponse,
  RunCreateRequest,
  RunCreateResponse,
  RunListQuery,
  RunListResponse,
  RunResponse,
  RunResultResponse,
  RunUpdateRequest,
} from "./types";

/** Experiment-run endpoints. */
export interface RunsApi {
  /**
   * `POST /v1/runs`; the response's `run_id` is the one to use from then on. Not idempotent: retried only
   * when the request provably never reached the server or the server answered 429/503.
   */
  create(body: RunCreateRequest, signal?: AbortSignal): Promise<ApiResult<RunCreateResponse>>;
  /** `PUT /v1/runs/{id}`. */
  update(runId: string, body: RunUpdateRequest, signal?: AbortSignal): Promise<ApiResult<RunResponse>>;
  /** `GET /v1/runs/{id}`. */
  get(runId: string, signal?: AbortSignal): Promise<ApiResult<RunResponse>>;
  /**
   * {@link RunsApi.update} whose answer's run is read without its id lists ({@link RUN_ID_LISTS}): they are stepped
   * over as the answer arrives, never held nor parsed (a run of 100,000 datapoints echoes 100,000 session ids).
   */
  updateWithoutIds(runId: string, body: RunUpdateRequest, signal?: AbortSignal): Promise<ApiResult<RunResponse>>;
  /** {@link RunsApi.get} whose answer's run is read without its id lists, as {@link RunsApi.updateWithoutIds} reads it. */
  getWithoutIds(runId: string, signal?: AbortSignal): Promise<ApiResult<RunResponse>>;
  /** `GET /v1/runs` (`run_ids` sent as repeated keys). */
  list(query?: RunListQuery, signal?: AbortSignal): Promise<ApiResult<RunListResponse>>;
  /** `DELETE /v1/runs/{id}`. */
  delete(runId: string, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /**
   * `GET /v1/runs/{id}/result?aggregate_function=`: the server-side summary (each attempt given at least
   * {@link RUN_RESULT_TIMEOUT_MS}: the answer holds every datapoint).
   */
  result(runId: string, aggregateFunction?: AggregateFunction, signal?: AbortSignal): Promise<ApiResult<RunResultResponse>>;
  /**
   * `GET /v1/runs/{id}/result` read without its per-datapoint detail ({@link RUN_SUMMARY_DETAIL}: the `datapoints`
   * list, each metric's `values` and `datapoints`, the run object's `event_ids` and `datapoint_ids`), which is stepped
   * over as the answer arrives, never held whole nor parsed: the counts, the `passed` / `failed` ids, the metric
   * aggregates and the rest of the answer as {@link RunsApi.result} reads them (with its timeout).
   */
  resultWithoutDetail(runId: string, aggregateFunction?: AggregateFunction, signal?: AbortSignal): Promise<ApiResult<RunResultResponse>>;
  /** `GET /v1/runs/{new}/compare/{old}` (legacy `…/compare-with/{old}` on servers without it). */
  compare(newRunId: string, oldRunId: string, aggregateFunction?: AggregateFunction, signal?: AbortSignal): Promise<ApiResult<RunComparisonResponse>>;
}

/** A run object's id lists (one id per session and per datapoint of the run), left out wherever a run is read pruned. */
const RUN_IDS: PruneSpec = { event_ids: LEFT_OUT, datapoint_ids: LEFT_OUT };

/** The per-datapoint detail of a run summary that {@link RunsApi.resultWithoutDetail} leaves out. */
export const RUN_SUMMARY_DETAIL: PruneSpec = {
  datapoints: LEFT_OUT,
  metrics: { details: { "[]": { values: LEFT_OUT, datapoints: LEFT_OUT } } },
  run_object: RUN_IDS,
};

/** What {@link RunsApi.getWithoutIds} and {@link RunsApi.updateWithoutIds} leave out of the run they answer with. */
export const RUN_ID_LISTS: PruneSpec = { evaluation: RUN_IDS };

/**
 * The least per-attempt timeout of a run's result read: the server builds an answer of every datapoint (tens of MB at
 * 100,000), which takes longer than an ordinary call's timeout under load.
 */
export const RUN_RESULT_TIMEOUT_MS = 120_000;

/** Builds {@link RunsApi} on a requester. */
export function createRunsApi(request: Requester): RunsApi {
  const runPath = (runId: string): string => `/v1/runs/${pathSegment(runId)}`;
  return {
    create: (body, signal) => request({ method: "POST", path: "/v1/runs", body, signal }),
    update: (runId, body, signal) => request({ method: "PUT", path: runPath(runId), body, signal }),
    get: (runId, signal) => request({ method: "GET", path: runPath(runId), signal }),
    updateWithoutIds: (runId, body, signal) => request({ method: "PUT", path: runPath(runId), body, signal, prune: RUN_ID_LISTS }),
    getWithoutIds: (runId, signal) => request({ method: "GET", path: runPath(runId), signal, prune: RUN_ID_LISTS }),
    list: (query = {}, signal) => request({ method: "GET", path: "/v1/runs", query: { ...query }, signal }),
    delete: (runId, signal) => request({ method: "DELETE", path: runPath(runId), signal }),
    result: (runId, aggregateFunction = "average", signal) =>
      request({ method: "GET", path: `${runPath(runId)}/result`, query: { aggregate_function: aggregateFunction }, signal, minTimeoutMs: RUN_RESULT_TIMEOUT_MS }),
    resultWithoutDetail: (runId, aggregateFunction = "average", signal) => request({
      method: "GET", path: `${runPath(runId)}/result`, query: { aggregate_function: aggregateFunction }, signal, minTimeoutMs: RUN_RESULT_TIMEOUT_MS,
      prune: RUN_SUMMARY_DETAIL,
    }),
    compare: (newRunId, oldRunId, aggregateFunction, signal) => {
      const query = { aggregate_function: aggregateFunction };
      return request({
        method: "GET",
        path: `${runPath(newRunId)}/compare/${pathSegment(oldRunId)}`,
        query,
        signal,
        fallback: {
          operation: "GET /v1/runs/{new_run_id}/compare/{old_run_id}",
          legacy: { method: "GET", path: `${runPath(newRunId)}/compare-with/${pathSegment(oldRunId)}`, query },
        },
      });
    },
  };
}
