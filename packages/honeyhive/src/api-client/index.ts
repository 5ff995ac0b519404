/** HoneyHive REST client: the never-throwing `createApiClient` and the public `HoneyHive` class. */
export { createApiClient, type ApiClient } from "./create-api-client";
export { HoneyHive, type ExperimentQuery, type HoneyHiveOptions } from "./honeyhive";
export { HoneyHiveApiError } from "./honeyhive-api-error";
export { MalformedApiKeyError, MissingApiKeyError, type ApiKeyKind } from "./api-key-errors";
export type { ApiFailure, ApiResult } from "./types";
export type { Chart, ChartAnswer, ChartFields, ChartScope, ChartsApi } from "./charts-api";
export type {
  BatchCreateDatapointsRequest, CreateMetricRequest, CreateQueueRequest, CreateToolRequest, Metric, MetricType, Project, Queue,
  RunMetricRequest, Tool, UpdateMetricRequest, UpdateProjectRequest, UpdateQueueRequest, UpdateToolRequest,
} from "./group-types";
