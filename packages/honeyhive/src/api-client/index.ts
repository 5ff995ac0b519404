/** HoneyHive REST client: the never-throwing `createApiClient` and the `HoneyHive` class's base (the facade adds `getPrompt`). */
export { createApiClient, type ApiClient } from "./create-api-client";
export { HoneyHiveBase, type HoneyHiveOptions } from "./honeyhive";
export type { ConfigurationsGroup, LegacyConfiguration, UpdateConfiguration } from "./configurations-facade";
export type { AddDatapoints, DatapointsGroup, DatasetsGroup, UpdateDatapoint } from "./datasets-facade";
export type { EventsGroup } from "./events-facade";
export type { ExperimentQuery, ExperimentsGroup, UpdateRun } from "./experiments-facade";
export type { MetricsGroup } from "./metrics-facade";
export type { ProjectsGroup } from "./projects-facade";
export type { QueuesGroup } from "./queues-facade";
export type { SessionGroup } from "./sessions-facade";
export type { ToolsGroup } from "./tools-facade";
export { HoneyHiveApiError } from "./honeyhive-api-error";
export { MalformedApiKeyError, MissingApiKeyError, type ApiKeyKind } from "./api-key-errors";
export type { ApiFailure, ApiResult } from "./types";
export type { Chart, ChartAnswer, ChartFields, ChartScope, ChartsApi } from "./charts-api";
export type {
  BatchCreateDatapointsRequest, CreateMetricRequest, CreateQueueRequest, CreateToolRequest, Metric, MetricType, Project, Queue,
  RunMetricRequest, Tool, UpdateMetricRequest, UpdateProjectRequest, UpdateQueueRequest, UpdateToolRequest,
} from "./group-types";
