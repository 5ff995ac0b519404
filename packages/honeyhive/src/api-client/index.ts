/** HoneyHive REST client: the never-throwing `createApiClient` and the public `HoneyHive` class. */
export { createApiClient, type ApiClient } from "./create-api-client";
export { HoneyHive, type ExperimentQuery, type HoneyHiveOptions } from "./honeyhive";
export { HoneyHiveApiError } from "./honeyhive-api-error";
