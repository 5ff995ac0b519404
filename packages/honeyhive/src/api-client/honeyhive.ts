import { checkServerUrl, serverUrlSource } from "../config/server-url";
import { readEnv } from "../internal/env";
import { createLogger, type Logger } from "../internal/logger";
import type { FetchLike } from "../transport/send-http";
import { createApiClientIn, type ApiClient } from "./create-api-client";
import { datapointsGroup, datasetsGroup, type DatapointsGroup, type DatasetsGroup } from "./datasets-facade";
import { eventsGroup, type EventsGroup } from "./events-facade";
import { experimentsGroup, type ExperimentsGroup } from "./experiments-facade";
import { metricsGroup, type MetricsGroup } from "./metrics-facade";
import { projectsGroup, type ProjectsGroup } from "./projects-facade";
import { queuesGroup, type QueuesGroup } from "./queues-facade";
import { sessionGroup, type SessionGroup } from "./sessions-facade";
import { toolsGroup, type ToolsGroup } from "./tools-facade";
import { configurationsGroup, type ConfigurationsGroup } from "./configurations-facade";
import { optionKeys, readPlainOptions } from "../config/options-snapshot";
import { checkUnknownOptions } from "../config/unknown-options";
import { resolveTypedKey } from "../config/api-keys";
import { MalformedApiKeyError } from "./api-key-errors";


/** Options of `HoneyHive`: the old client's `{ bearerAuth, serverURL }` or `{ apiKey, serverUrl }`. */
export interface HoneyHiveOptions {
  /** API key (old client's name). @defaultValue env `HH_API_KEY` */
  bearerAuth?: string;
  /** API key (the project's). @defaultValue env `HH_API_KEY` */
  apiKey?: string;
  /**
   * An ingestion API key (`hh_ingst_...`), sent instead of the project key on the calls that start sessions and write
   * events. A value that is not a complete ingestion key throws a `MalformedApiKeyError`. @defaultValue env
   * `HH_INGESTION_API_KEY`
   */
  ingestionApiKey?: string;
  /**
   * A data plane API key (`hh_fgdp_...`), the only key of project-scoped calls (`api.charts` with a `projectId`). A
   * value that is not a complete data plane key throws a `MalformedApiKeyError`. @defaultValue env `HH_DATA_PLANE_API_KEY`
   */
  dataPlaneApiKey?: string;
  /** Server URL (old client's name). @defaultValue env `HH_API_URL`, else HoneyHive's API (`https://api.dp1.us.honeyhive.ai`) */
  serverURL?: string;
  /** Server URL. @defaultValue env `HH_API_URL`, else HoneyHive's API (`https://api.dp1.us.honeyhive.ai`) */
  serverUrl?: string;
  fetch?: FetchLike;
  /** Per-attempt timeout. @defaultValue 10000 */
  timeoutMs?: number;
  /** Retries for network errors, 408, 429 and 5xx (creates without a client id: only refused connections, 429, 503). @defaultValue 3 */
  maxRetries?: number;
  logger?: Logger;
  /** Directory of `getPrompt()`'s last-known-good prompt files (Node only). @defaultValue env `HH_PROMPT_CACHE_DIR`, else none */
  promptCacheDir?: string;
}

/** Every {@link HoneyHiveOptions} key (a missing one is a type error). */
const HONEYHIVE_OPTION_KEYS = optionKeys<HoneyHiveOptions>()({
  apiKey: true, bearerAuth: true, ingestionApiKey: true, dataPlaneApiKey: true, serverUrl: true, serverURL: true, fetch: true, timeoutMs: true,
  maxRetries: true, logger: true, promptCacheDir: true,
});

/** The settings a client was made with (kept beside it, never on it: printing a client shows no key). */
export interface ClientSettings {
  readonly apiKey: string;
  readonly serverUrl: string;
  /** Where `serverUrl` came from (`serverUrl` or `serverURL`), for the error refusing a bad one. */
  readonly serverUrlName: string;
  readonly fetch: FetchLike | undefined;
  readonly logger: Logger | undefined;
  readonly promptCacheDir: string | undefined;
}

const settingsOfClients = new WeakMap<object, ClientSettings>();

/** The settings `client` was made with (for the features the facade adds to it: `getPrompt`). */
export function clientSettingsOf(client: HoneyHiveBase): ClientSettings {
  return settingsOfClients.get(client) as ClientSettings;
}

/**
 * The HoneyHive REST client without the features' methods (construct a `HoneyHive`, which adds `getPrompt`), with the
 * groups, method names, argument orders and return shapes of the 1.x TypeScript
 * SDK (`session.startSession`, `experiments.createRun`, `configurations.getConfigurations`, …). Request bodies may use
 * 1.x's camelCase field names (at every level 1.x had them: `parameters.callType`, `mapping.groundTruth`,
 * `dateRange.dollarGte`) or the wire's snake_case; the `project` 1.x bodies carry is not sent (the API key decides the
 * project). Responses are the wire JSON plus camelCase aliases, on listed items too.
 *
 * Unlike {@link createApiClient}, whose methods return results, these methods **throw** a
 * {@link HoneyHiveApiError} (its message never contains the key) when a request finally fails, as the old
 * client did. Retries (429/5xx/network) and per-request timeouts apply to both.
 */
export class HoneyHiveBase {
  /** The underlying never-throwing client. */
  readonly api: ApiClient;
  /** Sessions: `startSession`, `getSession`. */
  readonly session: SessionGroup;
  /** Events: `createEvent`, `updateEvent`, `getEvents`, `searchEvents`, `createModelEvent`, `createEventBatch`, `createModelEventBatch`. */
  readonly events: EventsGroup;
  /** Experiment runs: `createRun`, `getRuns`, `getRun`, `updateRun`, `deleteRun`, `getExperimentResult`, `getExperimentComparison`. */
  readonly experiments: ExperimentsGroup;
  /** Datasets: `getDatasets`, `createDataset`, `updateDataset`, `deleteDataset`, `addDatapoints`. */
  readonly datasets: DatasetsGroup;
  /** Datapoints: `getDatapoint`, `getDatapoints`, `createDatapoint`, `updateDatapoint`, `deleteDatapoint`, `batchCreateDatapoints`. */
  readonly datapoints: DatapointsGroup;
  /** Metrics: `getMetrics`, `createMetric`, `updateMetric`, `deleteMetric`, `runMetric`. */
  readonly metrics: MetricsGroup;
  /** Annotation queues: `getQueues`, `getQueue`, `createQueue`, `updateQueue`, `deleteQueue`, `addEvents`. */
  readonly queues: QueuesGroup;
  /** Tools: `getTools`, `createTool`, `updateTool`, `deleteTool`. */
  readonly tools: ToolsGroup;
  /** Projects: `getProjects`, `createProject`, `updateProject`, `deleteProject`. */
  readonly projects: ProjectsGroup;
  /** Configurations (prompts): `getConfigurations`, `createConfiguration`, `updateConfiguration`, `deleteConfiguration`. */
  readonly configurations: ConfigurationsGroup;

  constructor(options: HoneyHiveOptions = {}) {
    checkUnknownOptions(options, HONEYHIVE_OPTION_KEYS, "new HoneyHive()");
    const read = readPlainOptions(options, HONEYHIVE_OPTION_KEYS) as HoneyHiveOptions;
    const env = readEnv();
    const url = serverUrlSource(read.serverUrl ?? read.serverURL, read.serverUrl === undefined && read.serverURL !== undefined ? "serverURL" : "serverUrl");
    const typed = { ingestion: resolveTypedKey("ingestion", read.ingestionApiKey, env), dataPlane: resolveTypedKey("dataPlane", read.dataPlaneApiKey, env) };
    for (const key of Object.values(typed)) if (key.problem) throw new MalformedApiKeyError(key.problem);
    const connection = {
      apiKey: read.apiKey ?? read.bearerAuth ?? env.HH_API_KEY ?? "",
      serverUrl: url.raw,
      serverUrlName: url.name,
      fetch: read.fetch,
      logger: read.logger,
    };
    const refused = checkServerUrl(url.raw, url.name).errors;
    if (refused.length > 0) (read.logger ?? createLogger({ secrets: connection.apiKey ? [connection.apiKey] : [] })).warn(`HoneyHive client: ${refused.join("; ")}; every request is refused until it is fixed`);
    this.api = createApiClientIn({ ...connection, ingestionApiKey: typed.ingestion.key, dataPlaneApiKey: typed.dataPlane.key, timeoutMs: read.timeoutMs, maxRetries: read.maxRetries }, { serverUrlName: url.name });
    this.session = sessionGroup(this.api);
    this.events = eventsGroup(this.api);
    this.experiments = experimentsGroup(this.api);
    this.datasets = datasetsGroup(this.api);
    this.datapoints = datapointsGroup(this.api);
    this.metrics = metricsGroup(this.api);
    this.queues = queuesGroup(this.api);
    this.tools = toolsGroup(this.api);
    this.projects = projectsGroup(this.api);
    this.configurations = configurationsGroup(this.api);
    settingsOfClients.set(this, { ...connection, promptCacheDir: read.promptCacheDir });
  }
}

