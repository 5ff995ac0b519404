import { pathSegment, type Requester } from "./request";
import type { CreateMetricRequest, Metric, RunMetricRequest, RunMetricResponse, UpdateMetricRequest } from "./group-types";
import type { ApiResult, JsonObject } from "./types";
import { withoutKeys } from "./v1-bodies";

/** Metric endpoints (`/v1/metrics`). */
export interface MetricsApi {
  /** `GET /v1/metrics?type&id` → `{ metrics }`. */
  list(query?: { type?: string; id?: string }, signal?: AbortSignal): Promise<ApiResult<{ metrics: Metric[] } & JsonObject>>;
  /** `POST /v1/metrics` → `{ inserted, metric_id }`. */
  create(body: CreateMetricRequest, signal?: AbortSignal): Promise<ApiResult<{ inserted: boolean; metric_id: string } & JsonObject>>;
  /** `PUT /v1/metrics/{metric_id}`: only the given fields change (legacy `PUT /v1/metrics` with `id` on servers without it). */
  update(metricId: string, body: UpdateMetricRequest, signal?: AbortSignal): Promise<ApiResult<{ updated: boolean } & JsonObject>>;
  /** `DELETE /v1/metrics/{metric_id}` (legacy `DELETE /v1/metrics?metric_id=` on servers without it). */
  delete(metricId: string, signal?: AbortSignal): Promise<ApiResult<{ deleted: boolean } & JsonObject>>;
  /**
   * `POST /v1/metrics/run`: runs a PYTHON or LLM metric on one event server-side (legacy `…/run_metric` on servers
   * without it). The dev server answers 501: it executes no server-side metric.
   */
  run(body: RunMetricRequest, signal?: AbortSignal): Promise<ApiResult<RunMetricResponse>>;
}

/** Builds {@link MetricsApi} on a requester. */
export function createMetricsApi(request: Requester): MetricsApi {
  return {
    list: (query = {}, signal) => request({ method: "GET", path: "/v1/metrics", query: { type: query?.type, id: query?.id }, signal }),
    create: (body, signal) => request({ method: "POST", path: "/v1/metrics", body, signal }),
    update: (metricId, body, signal) => {
      const fields = withoutKeys(body, ["id", "metric_id"]);
      return request({
        method: "PUT",
        path: `/v1/metrics/${pathSegment(metricId)}`,
        body: fields,
        signal,
        fallback: { operation: "PUT /v1/metrics/{metric_id}", legacy: { method: "PUT", path: "/v1/metrics", body: { ...fields, id: metricId } } },
      });
    },
    delete: (metricId, signal) =>
      request({
        method: "DELETE",
        path: `/v1/metrics/${pathSegment(metricId)}`,
        signal,
        fallback: { operation: "DELETE /v1/metrics/{metric_id}", legacy: { method: "DELETE", path: "/v1/metrics", query: { metric_id: metricId } } },
      }),
    run: (body, signal) =>
      request({
        method: "POST",
        path: "/v1/metrics/run",
        body,
        signal,
        fallback: { operation: "POST /v1/metrics/run", legacy: { method: "POST", path: "/v1/metrics/run_metric", body } },
      }),
  };
}
