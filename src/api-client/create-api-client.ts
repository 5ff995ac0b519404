import { createDatapointsApi, createDatasetsApi, type DatapointsApi, type DatasetsApi } from "./datasets-api";
import { createEventsApi, createSessionsApi, type EventsApi, type SessionsApi } from "./events-api";
import { createRequester, type ApiClientOptions } from "./request";
import { createRunsApi, type RunsApi } from "./runs-api";
import { readPlainOptions } from "../config/options-snapshot";

const CLIENT_OPTION_KEYS = ["serverUrl", "apiKey", "fetch", "timeoutMs", "maxRetries", "initialBackoffMs", "logger"];

/** Typed HoneyHive REST client. Every method resolves to an `ApiResult` and never throws or rejects. */
export interface ApiClient {
  readonly sessions: SessionsApi;
  readonly events: EventsApi;
  readonly runs: RunsApi;
  readonly datasets: DatasetsApi;
  readonly datapoints: DatapointsApi;
}

/**
 * Creates a REST client on `sendHttp` (retries for network errors, 408, 429 with Retry-After and 5xx;
 * a timeout per attempt; tracing suppressed). The API key is only ever put in the Authorization header.
 *
 * @example
 * const api = createApiClient({ serverUrl: "http://127.0.0.1:4318", apiKey: "local" });
 * const run = await api.runs.create({ name: "qa", status: "pending" });
 * if (run.ok) console.log(run.data.run_id);
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const request = createRequester(readPlainOptions(options, CLIENT_OPTION_KEYS) as unknown as ApiClientOptions);
  return Object.freeze({
    sessions: createSessionsApi(request),
    events: createEventsApi(request),
    runs: createRunsApi(request),
    datasets: createDatasetsApi(request),
    datapoints: createDatapointsApi(request),
  });
}
