/** HoneyHive REST client: the never-throwing `createApiClient` and the public `HoneyHive` class. */
export { createApiClient, type ApiClient } from "./create-api-client";
export { type ApiClientOptions, type ApiCall, type LegacyRoute, type Requester } from "./request";
export { type SessionsApi, type EventsApi } from "./events-api";
export { type RunsApi } from "./runs-api";
export { type DatasetsApi, type DatapointsApi, MAX_IDS_PER_CALL } from "./datasets-api";
export { HoneyHive, type HoneyHiveOptions } from "./honeyhive";
export { HoneyHiveApiError } from "./honeyhive-api-error";
export { SDK_VERSION } from "./sdk-version";
export type {
  ApiResult, JsonObject, SessionStartRequest, SessionStartResponse, EventUpdateRequest, HoneyHiveEvent, EventCreateRequest,
  EventCreateResponse, EventFilter, EventExportRequest, EventSearchRequest, EventExportResponse, RunStatus, RunCreateRequest, RunUpdateRequest,
  RunObject, RunCreateResponse, RunResponse, RunListQuery, RunListResponse, AggregateFunction, RunMetricDetail,
  RunResultResponse, RunComparisonMetric, RunComparisonResponse, Dataset, Datapoint, AddDatapointsRequest,
} from "./types";
