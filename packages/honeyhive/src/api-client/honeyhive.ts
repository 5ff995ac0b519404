import { DEFAULT_SERVER_URL } from "../config/resolve-config";
import { readEnv } from "../internal/env";
import type { Logger } from "../internal/logger";
import type { FetchLike } from "../transport/send-http";
import { snakeKeys } from "./case-keys";
import { createApiClient, type ApiClient } from "./create-api-client";
import { idAndBody, unwrap } from "./facade-helpers";
import type { BatchCreateDatapointsRequest } from "./group-types";
import { metricsGroup, type MetricsGroup } from "./metrics-facade";
import { projectsGroup, type ProjectsGroup } from "./projects-facade";
import { queuesGroup, type QueuesGroup } from "./queues-facade";
import { toolsGroup, type ToolsGroup } from "./tools-facade";
import { configurationsGroup, type ConfigurationsGroup } from "./configurations-facade";
import { createPromptClient, type PromptClient } from "../prompts/prompt-client";
import type { GetPromptOptions } from "../prompts/get-prompt-options";
import type { Prompt } from "../prompts/prompt";
import { optionKeys, readPlainOptions } from "../config/options-snapshot";
import { checkUnknownOptions } from "../config/unknown-options";
import { resolveTypedKey } from "../config/api-keys";
import { MalformedApiKeyError } from "./api-key-errors";
import type {
  AddDatapointsRequest, AggregateFunction, EventCreateRequest, EventExportRequest, EventSearchRequest, EventUpdateRequest,
  JsonObject, LegacyEventCreateRequest, RunCreateRequest, RunListQuery, RunUpdateRequest, SessionStartRequest, SessionStartResponse,
} from "./types";


/** Options of {@link HoneyHive}: the old client's `{ bearerAuth, serverURL }` or `{ apiKey, serverUrl }`. */
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
  /** Server URL (old client's name). @defaultValue env `HH_API_URL`, else {@link DEFAULT_SERVER_URL} */
  serverURL?: string;
  /** Server URL. @defaultValue env `HH_API_URL`, else {@link DEFAULT_SERVER_URL} */
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

const AGGREGATES = new Set(["average", "min", "max", "median", "p90", "p95", "p99", "sum", "count"]);

/** The request-object form of the result and comparison calls: `{ runId, aggregateFunction }`, `{ runId1, runId2 }`. */
export interface ExperimentQuery {
  runId?: string;
  run_id?: string;
  /** The newer run of a comparison (`newRunId` also works). */
  runId1?: string;
  newRunId?: string;
  /** The older run of a comparison (`oldRunId` also works). */
  runId2?: string;
  oldRunId?: string;
  /** Accepted and ignored (the project comes from the key). */
  projectId?: string;
  aggregateFunction?: AggregateFunction;
  aggregate_function?: AggregateFunction;
}

function aggregateOf(projectOrAggregate: string | undefined, aggregateFunction: AggregateFunction | undefined): AggregateFunction | undefined {
  return aggregateFunction ?? (AGGREGATES.has(projectOrAggregate ?? "") ? (projectOrAggregate as AggregateFunction) : undefined);
}

/** A run id given as a string, or a TypeError naming what was given (never a request to `/runs/[object Object]`). */
function runIdOf(value: unknown, what: string): string {
  if (typeof value === "string" && value !== "") return value;
  throw new TypeError(`${what} must be a run id (a non-empty string), got ${value === null ? "null" : typeof value}`);
}


/**
 * The HoneyHive REST client with the method names of the previous TypeScript SDK (`session.startSession`,
 * `experiments.createRun`, …). Request bodies may use the wire's snake_case or the old camelCase field
 * names; responses are the wire JSON plus camelCase aliases of their top-level fields.
 *
 * Unlike {@link createApiClient}, whose methods return results, these methods **throw** a
 * {@link HoneyHiveApiError} (its message never contains the key) when a request finally fails, as the old
 * client did. Retries (429/5xx/network) and per-request timeouts apply to both.
 */
export class HoneyHive {
  /** The underlying never-throwing client. */
  readonly api: ApiClient;
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

  /** The prompts of {@link getPrompt}, made on first use. */
  #prompts: (() => PromptClient) | PromptClient;

  constructor(options: HoneyHiveOptions = {}) {
    checkUnknownOptions(options, HONEYHIVE_OPTION_KEYS, "new HoneyHive()");
    const read = readPlainOptions(options, HONEYHIVE_OPTION_KEYS) as HoneyHiveOptions;
    const env = readEnv();
    const typed = { ingestion: resolveTypedKey("ingestion", read.ingestionApiKey, env), dataPlane: resolveTypedKey("dataPlane", read.dataPlaneApiKey, env) };
    for (const key of Object.values(typed)) if (key.problem) throw new MalformedApiKeyError(key.problem);
    const connection = {
      apiKey: read.apiKey ?? read.bearerAuth ?? env.HH_API_KEY ?? "",
      serverUrl: read.serverUrl ?? read.serverURL ?? env.HH_API_URL ?? DEFAULT_SERVER_URL,
      fetch: read.fetch,
      logger: read.logger,
    };
    this.api = createApiClient({ ...connection, ingestionApiKey: typed.ingestion.key, dataPlaneApiKey: typed.dataPlane.key, timeoutMs: read.timeoutMs, maxRetries: read.maxRetries });
    this.metrics = metricsGroup(this.api);
    this.queues = queuesGroup(this.api);
    this.tools = toolsGroup(this.api);
    this.projects = projectsGroup(this.api);
    this.configurations = configurationsGroup(this.api);
    this.#prompts = () => createPromptClient({ ...connection, promptCacheDir: read.promptCacheDir });
  }

  /**
   * A prompt (a HoneyHive configuration) by name: `env` (default `prod`), an exact `version`, cached in memory for
   * `ttlMs` (default 60 s; a stale one is returned at once and refreshed in the background), with an optional
   * `fallback`. Throws a `PromptNotFoundError` naming the environments that have it when it is missing (unless a
   * fallback is given), never a network error when a cached copy or a fallback exists. See README "Prompts".
   *
   * @example
   * const prompt = await hh.getPrompt("support-answer", { env: "prod", fallback: "Answer: {{question}}" });
   * const params = prompt.toOpenAI({ question: "Where is my order?" });
   */
  getPrompt(name: string, options?: GetPromptOptions): Promise<Prompt> {
    if (typeof this.#prompts === "function") this.#prompts = this.#prompts();
    return this.#prompts.getPrompt(name, options);
  }

  /** Sessions: `startSession`, `getSession` (the session event, read through the events search; no child tree). */
  readonly session = {
    /** Starts a session; the response carries its id as `session_id` and as `sessionId`. */
    startSession: async (body: SessionStartRequest): Promise<SessionStartResponse & { sessionId: string }> =>
      unwrap(await this.api.sessions.start(snakeKeys(body, ["session"]))) as SessionStartResponse & { sessionId: string },
    getSession: async (sessionId: string): Promise<JsonObject> => unwrap(await this.api.sessions.get(sessionId)),
  };

  /** Events: `createEvent`, `updateEvent`, `searchEvents`, `getEvents` (the former export), `createEventBatch`. */
  readonly events = {
    /** `createEvent({ event })` with the wire's snake_case fields or 1.0's camelCase ones (`eventType`, ...). */
    createEvent: async (body: EventCreateRequest | LegacyEventCreateRequest): Promise<JsonObject> =>
      unwrap(await this.api.events.create(snakeKeys(body, ["event"]) as EventCreateRequest)),
    updateEvent: async (body: EventUpdateRequest | JsonObject): Promise<JsonObject> =>
      unwrap(await this.api.events.update(snakeKeys(body as EventUpdateRequest))),
    searchEvents: async (body: EventSearchRequest | JsonObject): Promise<JsonObject> =>
      unwrap(await this.api.events.search(snakeKeys(body as EventSearchRequest))),
    getEvents: async (body: EventExportRequest | JsonObject): Promise<JsonObject> =>
      unwrap(await this.api.events.export(snakeKeys(body as EventExportRequest))),
    createEventBatch: async (body: { events: JsonObject[] } & JsonObject): Promise<JsonObject> =>
      unwrap(await this.api.events.createBatch(snakeKeys(body, ["events", "session_properties", "session"]))),
  };

  /** Experiment runs, with the old positional signatures (a project argument is accepted and ignored). */
  readonly experiments = {
    createRun: async (body: RunCreateRequest | JsonObject): Promise<JsonObject> =>
      unwrap(await this.api.runs.create(snakeKeys(body as RunCreateRequest)), ["evaluation"]),
    /** `updateRun(body, runId)` as before, or `updateRun(runId, body)`. */
    updateRun: async (a: RunUpdateRequest | JsonObject | string, b: RunUpdateRequest | JsonObject | string): Promise<JsonObject> => {
      const [runId, body] = idAndBody<RunUpdateRequest>(a, b);
      return unwrap(await this.api.runs.update(runId, snakeKeys(body)), ["evaluation"]);
    },
    getRun: async (runId: string): Promise<JsonObject> => unwrap(await this.api.runs.get(runId), ["evaluation"]),
    /** `getRuns(project?)` as before, or `getRuns({ dataset_id, page, limit, ... })`. */
    getRuns: async (query?: string | RunListQuery): Promise<JsonObject> =>
      unwrap(await this.api.runs.list(typeof query === "object" ? snakeKeys(query) : {})),
    deleteRun: async (runId: string): Promise<JsonObject> => unwrap(await this.api.runs.delete(runId)),
    /**
     * `getExperimentResult(runId, projectId?, aggregateFunction?)`; `(runId, aggregateFunction)` and the request-object
     * form `({ runId, aggregateFunction })` also work.
     */
    getExperimentResult: async (run: string | ExperimentQuery, projectOrAggregate?: string, aggregateFunction?: AggregateFunction): Promise<JsonObject> => {
      if (typeof run === "object" && run !== null) {
        const runId = runIdOf(run.runId ?? run.run_id, "getExperimentResult({ runId })");
        return unwrap(await this.api.runs.result(runId, run.aggregateFunction ?? run.aggregate_function));
      }
      return unwrap(await this.api.runs.result(runIdOf(run, "getExperimentResult(runId)"), aggregateOf(projectOrAggregate, aggregateFunction)));
    },
    /**
     * `getExperimentComparison(newRunId, oldRunId, projectId?, aggregateFunction?)`, or the request-object form
     * `({ runId1, runId2, aggregateFunction })` (`newRunId` / `oldRunId` also work there).
     */
    getExperimentComparison: async (run: string | ExperimentQuery, oldRunId?: string, projectOrAggregate?: string, aggregateFunction?: AggregateFunction): Promise<JsonObject> => {
      if (typeof run === "object" && run !== null) {
        const newer = runIdOf(run.runId1 ?? run.newRunId, "getExperimentComparison({ runId1 })");
        const older = runIdOf(run.runId2 ?? run.oldRunId, "getExperimentComparison({ runId2 })");
        return unwrap(await this.api.runs.compare(newer, older, run.aggregateFunction ?? run.aggregate_function));
      }
      const newer = runIdOf(run, "getExperimentComparison(newRunId, oldRunId)");
      const older = runIdOf(oldRunId, "getExperimentComparison(newRunId, oldRunId)");
      return unwrap(await this.api.runs.compare(newer, older, aggregateOf(projectOrAggregate, aggregateFunction)));
    },
  };

  /** Datasets: `getDatasets`, `createDataset`, `updateDataset`, `deleteDataset`, `addDatapoints`. */
  readonly datasets = {
    /** `getDatasets({ datasetId?, name? })`, or the old positional `(project, type, datasetId)`. */
    getDatasets: async (query?: string | { datasetId?: string; dataset_id?: string; name?: string }, _type?: string, datasetId?: string): Promise<JsonObject> => {
      const q = typeof query === "object" ? { dataset_id: query.dataset_id ?? query.datasetId, name: query.name } : { dataset_id: datasetId };
      return unwrap(await this.api.datasets.list(q));
    },
    createDataset: async (body: JsonObject): Promise<JsonObject> => unwrap(await this.api.datasets.create(snakeKeys(body))),
    updateDataset: async (body: JsonObject): Promise<JsonObject> =>
      unwrap(await this.api.datasets.update(snakeKeys(body) as { dataset_id: string })),
    deleteDataset: async (datasetId: string): Promise<JsonObject> => unwrap(await this.api.datasets.delete(datasetId)),
    /** `addDatapoints(datasetId, body)`, or the old `addDatapoints(body, datasetId)`. */
    addDatapoints: async (a: string | AddDatapointsRequest, b: string | AddDatapointsRequest): Promise<JsonObject> => {
      const [datasetId, body] = idAndBody<AddDatapointsRequest>(a, b);
      return unwrap(await this.api.datasets.addDatapoints(datasetId, snakeKeys(body, ["mapping"])));
    },
  };

  /** Datapoints: `getDatapoint`, `getDatapoints`, `createDatapoint`, `updateDatapoint`, `deleteDatapoint`, `batchCreateDatapoints`. */
  readonly datapoints = {
    getDatapoint: async (datapointId: string): Promise<JsonObject> => unwrap(await this.api.datapoints.get(datapointId)),
    /**
     * `getDatapoints({ datapointIds?, datasetName? })`, or the old positional `(project, datapointIds?, datasetName?)`
     * (the project is accepted and ignored: the key decides it).
     */
    getDatapoints: async (
      query?: string | { datapointIds?: readonly string[]; datasetName?: string },
      datapointIds?: readonly string[],
      datasetName?: string,
    ): Promise<JsonObject> => {
      const q = typeof query === "object" && query !== null
        ? { ids: query.datapointIds, datasetName: query.datasetName }
        : { ids: datapointIds, datasetName };
      return unwrap(await this.api.datapoints.list(q));
    },
    createDatapoint: async (body: JsonObject): Promise<JsonObject> =>
      unwrap(await this.api.datapoints.create(snakeKeys(body) as { inputs: JsonObject })),
    /** `updateDatapoint(datapointId, body)`, or the old `updateDatapoint(body, datapointId)`. */
    updateDatapoint: (async (a: unknown, b: unknown): Promise<JsonObject> => {
      const [datapointId, body] = idAndBody<JsonObject>(a, b);
      return unwrap(await this.api.datapoints.update(datapointId, snakeKeys(body)));
    }) as {
      (datapointId: string, body: JsonObject): Promise<JsonObject>;
      /** The 1.0 order. */
      (body: JsonObject, datapointId: string): Promise<JsonObject>;
    },
    deleteDatapoint: async (datapointId: string): Promise<JsonObject> => unwrap(await this.api.datapoints.delete(datapointId)),
    /** `POST /v1/datapoints/batch`: datapoints from stored events (by ids or filters, with a mapping); answers `{ inserted, insertedIds }`. */
    batchCreateDatapoints: async (body: BatchCreateDatapointsRequest): Promise<JsonObject> => unwrap(await this.api.datapoints.createBatch(body)),
  };
}
