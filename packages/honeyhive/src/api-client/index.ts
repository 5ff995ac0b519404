/** HoneyHive REST client: the never-throwing `createApiClient` and the `HoneyHive` class's base (the facade adds `getPrompt`). */
export { createApiClient, type ApiClient } from "./create-api-client";
export { HoneyHiveBase, type ExperimentQuery, type HoneyHiveOptions } from "./honeyhive";
export { HoneyHiveApiError } from "./honeyhive-api-error";
export type {
  BatchCreateDatapointsRequest, CreateMetricRequest, CreateQueueRequest, CreateToolRequest, Metric, MetricType, Project, Queue,
  RunMetricRequest, Tool, UpdateMetricRequest, UpdateProjectRequest, UpdateQueueRequest, UpdateToolRequest,
} from "./group-types";
