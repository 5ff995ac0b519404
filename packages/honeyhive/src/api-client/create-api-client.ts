import { createConfigurationsApi, type ConfigurationsApi } from "./configurations-api";
import { rememberConnection } from "./client-connection";
import { createDatapointsApi, createDatasetsApi, type DatapointsApi, type DatasetsApi } from "./datasets-api";
import { createEventsApi, createSessionsApi, type EventsApi, type SessionsApi } from "./events-api";
import { createMetricsApi, type MetricsApi } from "./metrics-api";
import { neverThrows } from "./never-throws";
import { createProjectsApi, type ProjectsApi } from "./projects-api";
import { createQueuesApi, type QueuesApi } from "./queues-api";
import { createToolsApi, type ToolsApi } from "./tools-api";
import { clientKeys, createRequester, type ApiClientOptions, type Requester, type RequesterMode } from "./request";
import { createChartsApi, type ChartsApi } from "./charts-api";
import { createRunsApi, type RunsApi } from "./runs-api";
import { optionKeys, readPlainOptions } from "../config/options-snapshot";
import { checkServerUrl } from "../config/server-url";
import { checkUnknownOptions } from "../config/unknown-options";

/** Every client option (a missing one is a type error, so none is silently dropped when options are read). */
const CLIENT_OPTION_KEYS = optionKeys<ApiClientOptions>()({
  serverUrl: true, apiKey: true, ingestionApiKey: true, dataPlaneApiKey: true, fetch: true, timeoutMs: true, maxRetries: true,
  initialBackoffMs: true, logger: true, maxResponseBytes: true, compression: true,
});

/** Typed HoneyHive REST client. Every method resolves to an `ApiResult` and never throws or rejects. */
export interface ApiClient {
  readonly sessions: SessionsApi;
  readonly events: EventsApi;
  readonly runs: RunsApi;
  readonly datasets: DatasetsApi;
  readonly datapoints: DatapointsApi;
  readonly metrics: MetricsApi;
  readonly queues: QueuesApi;
  readonly tools: ToolsApi;
  readonly projects: ProjectsApi;
  /** HoneyHive configurations (prompts). */
  readonly configurations: ConfigurationsApi;
  /** Saved charts: unscoped (the project key), or a project's (`projectId`, the data plane key). */
  readonly charts: ChartsApi;
}

/**
 * Creates a REST client on `sendHttp` (a timeout per attempt; tracing suppressed). Reads, updates and
 * creates whose id the client chose are retried on network errors, 408, 429 (Retry-After) and 5xx; other
 * creates only when they provably never reached the server or on 429/503, so a retry never duplicates a
 * write. Requests use the canonical `/v1` operations of HoneyHive's OpenAPI spec; a server answering
 * 404/405 to one gets its legacy twin instead, remembered per client once the twin succeeded. Each call carries the key its operation takes
 * (the ingestion key, when given, for what sends sessions and events; the data plane key for project-scoped routes;
 * the project key for the rest), only ever in the Authorization header; a call whose key the client lacks resolves
 * to a failure with `missingApiKey` without being sent. Throws a `MalformedApiKeyError` when `ingestionApiKey` or
 * `dataPlaneApiKey` is set to something that is not a complete key of its kind.
 *
 * @example
 * const api = createApiClient({ serverUrl: "http://127.0.0.1:4318", apiKey: "local" });
 * const run = await api.runs.create({ name: "qa", status: "pending" });
 * if (run.ok) console.log(run.data.run_id);
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  checkUnknownOptions(options, CLIENT_OPTION_KEYS, "createApiClient()");
  return createApiClientIn(options, {});
}

/**
 * {@link createApiClient} with an internal mode: `background: true` for the tracer's session client, whose
 * session starts nobody awaits must never keep a finished program alive.
 */
export function createApiClientIn(options: ApiClientOptions, mode: RequesterMode): ApiClient {
  return createClientAndRequester(options, mode).api;
}

/**
 * {@link createApiClientIn} with the requester its groups share: the tracer's session client sends its starts and
 * updates through it directly, with a `CallStop` each instead of an `AbortSignal` (`session-client.ts`).
 */
export function createClientAndRequester(options: ApiClientOptions, mode: RequesterMode): { api: ApiClient; request: Requester } {
  const plain = readPlainOptions(options, CLIENT_OPTION_KEYS) as unknown as ApiClientOptions;
  const keys = clientKeys(plain);
  const request = createRequester(plain, mode, keys);
  const events = createEventsApi(request);
  // a refused server URL is no connection: nothing given the client (an attachment upload) may send there either
  const checked = checkServerUrl(String(plain.serverUrl ?? ""), "serverUrl");
  const connection = { serverUrl: checked.errors.length === 0 ? checked.url : "", apiKey: keys.project ?? "", ...(keys.ingestion !== undefined ? { ingestionApiKey: keys.ingestion } : {}) };
  const api = rememberConnection(Object.freeze({
    sessions: neverThrows(createSessionsApi(request, events)),
    events: neverThrows(events),
    runs: neverThrows(createRunsApi(request)),
    datasets: neverThrows(createDatasetsApi(request)),
    datapoints: neverThrows(createDatapointsApi(request)),
    metrics: neverThrows(createMetricsApi(request)),
    queues: neverThrows(createQueuesApi(request)),
    tools: neverThrows(createToolsApi(request)),
    projects: neverThrows(createProjectsApi(request)),
    configurations: neverThrows(createConfigurationsApi(request)),
    charts: neverThrows(createChartsApi(request)),
  }), connection);
  return { api, request };
}
