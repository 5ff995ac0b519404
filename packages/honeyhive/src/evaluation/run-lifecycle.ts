import { isTransientStatus } from "../transport/retry-policy";
import type { ApiClient } from "../api-client/create-api-client";
import type { AggregateFunction, RunCreateRequest, RunResponse, RunResultResponse, RunStatus } from "../api-client/types";
import type { Logger } from "../internal/logger";
import { viewerUrl } from "@honeyhive/core/links/viewer-url";
import { isLoopbackUrl } from "@honeyhive/core/net/loopback";

/** The run as far as the server knows it. */
export interface RunHandle {
  runId: string;
  /** True when `POST /v1/runs` succeeded. */
  created: boolean;
  error?: string;
  /** Not created, and another attempt may succeed: no answer, 408, 429 or 5xx (`isTransientStatus`). */
  transient?: boolean;
  runUrl?: string;
}

function urlFrom(data: Record<string, unknown> | undefined): string | undefined {
  if (!data) return undefined;
  for (const key of ["url", "run_url", "runUrl"]) {
    const value = data[key];
    if (typeof value === "string" && /^https?:\/\//.test(value)) return value;
  }
  return undefined;
}

/**
 * Where a run can be viewed: the server's own link when it sent one, else the local dev server's viewer
 * route for a loopback server (`<server>/#/runs/<id>?key=<key>`, as `honeyhive serve` serves it: the key opens
 * the key's project without a login step; a loopback server's key is the local project's name); unknown otherwise.
 */
export function runViewUrl(serverUrl: string, runId: string, fromServer?: string, apiKey?: string): string | undefined {
  if (fromServer) return fromServer;
  return isLoopbackUrl(serverUrl) ? viewerUrl(serverUrl, { runId, apiKey }) : undefined;
}

/**
 * `POST /v1/runs` (status pending). External (`EXT-`) datasets go to `metadata.offline_dataset_id` with
 * `dataset_id: null`, as the backend requires. The server's `run_id` wins over the proposed one.
 */
export async function createRun(api: ApiClient, body: RunCreateRequest & { run_id: string }, signal?: AbortSignal): Promise<RunHandle> {
  const result = await api.runs.create(body, signal);
  if (!result.ok) return { runId: body.run_id, created: false, error: result.error, ...(isTransientStatus(result.status) ? { transient: true } : {}) };
  const runId = typeof result.data.run_id === "string" && result.data.run_id ? result.data.run_id : body.run_id;
  const handle: RunHandle = { runId, created: true };
  const url = urlFrom(result.data) ?? urlFrom(result.data.evaluation);
  if (url) handle.runUrl = url;
  return handle;
}

/** What the evaluation engine reads of a stored run: its metadata (empty when it has none) and its status as stored. */
export interface StoredRun {
  metadata: Record<string, unknown>;
  status: unknown;
}

/** The run in a `GET /v1/runs/{id}` answer (its `evaluation` object); undefined when the answer holds no run. */
export function storedRun(answer: RunResponse): StoredRun | undefined {
  const run: unknown = answer.evaluation;
  if (typeof run !== "object" || run === null) return undefined;
  const { metadata, status } = run as { metadata?: unknown; status?: unknown };
  const isObject = typeof metadata === "object" && metadata !== null && !Array.isArray(metadata);
  return { metadata: isObject ? (metadata as Record<string, unknown>) : {}, status };
}

/**
 * Whether the server holds a run of this id: `GET /v1/runs/{id}` answered with it ("found"), answered 404 ("absent"),
 * or anything else ("unknown": a failed read is not proof either way).
 */
export async function runPresence(api: ApiClient, runId: string, signal?: AbortSignal): Promise<"found" | "absent" | "unknown"> {
  const found = await api.runs.getWithoutIds(runId, signal);
  if (found.ok) return storedRun(found.data) !== undefined ? "found" : "unknown";
  return found.status === 404 ? "absent" : "unknown";
}

/** True when the server holds a run of this id ({@link runPresence} "found"). */
export async function runExists(api: ApiClient, runId: string, signal?: AbortSignal): Promise<boolean> {
  return (await runPresence(api, runId, signal)) === "found";
}

/** Why a run id given again without `resume` is refused, naming the id and how to continue that run. */
export function reusedRunIdMessage(runId: string): string {
  return `run id "${runId}" is taken: a run of that id exists already, and running again under it would merge two attempts into one run. ` +
    "Give a new run id, or resume the run (the resume option; honeyhive eval --resume) to run only its datapoints not done yet";
}

/** The `dataset_id`/`metadata` pair for a run on `datasetId` (moving `EXT-` ids into metadata). */
export function runDatasetFields(datasetId: string, metadata: Record<string, unknown>): { dataset_id: string | null; metadata: Record<string, unknown> } {
  if (datasetId.startsWith("EXT-")) return { dataset_id: null, metadata: { ...metadata, offline_dataset_id: datasetId } };
  return { dataset_id: datasetId, metadata };
}

/**
 * `PUT /v1/runs/{id}` with the final status and the session ids; returns an error message on failure. A failure that
 * may have landed (no answer, 408, 429, 5xx: every attempt's answer lost, the write applied) is read back once: the
 * run completed when the server holds its status and every one of its session ids.
 */
export async function completeRun(
  api: ApiClient,
  runId: string,
  body: { status: RunStatus; name: string; event_ids: string[]; metadata: Record<string, unknown> },
): Promise<string | undefined> {
  const result = await api.runs.updateWithoutIds(runId, body);
  if (result.ok) return undefined;
  return isTransientStatus(result.status) && (await runHolds(api, runId, body)) ? undefined : result.error;
}

/** Whether the server's run has `body`'s status and each of its session ids (false when it cannot be read). */
async function runHolds(api: ApiClient, runId: string, body: { status: RunStatus; event_ids: string[] }): Promise<boolean> {
  // eslint-disable-next-line no-restricted-syntax -- the ids are the proof; read once, only after a closing write failed
  const read = await api.runs.get(runId);
  const run = read.ok ? (read.data.evaluation as { status?: unknown; event_ids?: unknown } | undefined) : undefined;
  if (run?.status !== body.status || !Array.isArray(run.event_ids)) return false;
  const held = new Set(run.event_ids);
  return body.event_ids.every((id) => held.has(id));
}

/**
 * `GET /v1/runs/{id}/result` without its per-datapoint detail (`RunsApi.resultWithoutDetail`: at 100,000 datapoints
 * the whole answer is tens of MB, and its objects several times that); undefined when it cannot be fetched, which is
 * said in one warning (the server's verdict is then not compared with the local one).
 */
export async function fetchRunSummary(api: ApiClient, runId: string, aggregate: AggregateFunction, logger: Logger): Promise<RunResultResponse | undefined> {
  const result = await api.runs.resultWithoutDetail(runId, aggregate);
  if (result.ok) return result.data;
  logger.warn(`could not read the server's summary of the run (${result.error}): result.serverSummary is missing and the server's verdict was not compared with the local one`);
  return undefined;
}
