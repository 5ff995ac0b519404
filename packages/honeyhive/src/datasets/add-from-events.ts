/**
 * Production → dataset: `addFromEvents` turns the stored events matching filters and a date range into datapoints
 * of a dataset in one `POST /v1/datapoints/batch`, leaving out the events the dataset holds already; `addEvent` copies
 * one event (a session: its inputs, outputs and conversation) into a dataset as one datapoint linked to it. Each such
 * datapoint's external id is `event-<event id>`, so adding an event again writes nothing and dataset versions hash
 * the row like any pushed one. Both read the dataset back and delete extra copies of a row (two adds at once), and
 * report only the datapoints the server acknowledged and kept.
 */
import { datapointFromEvent, eventIdOfExternalId, externalIdOfEvent, type SessionContext } from "@honeyhive/core/datasets/datapoint-from-event";
import type { ApiClient } from "../api-client/create-api-client";
import type { BatchCreateDatapointsRequest } from "../api-client/group-types";
import { HoneyHiveApiError } from "../api-client/honeyhive-api-error";
import type { ApiResult, EventFilter, HoneyHiveEvent, JsonObject } from "../api-client/types";
import { EVALUATION_UNKNOWN_OPTIONS, EvaluationConfigError } from "../config/evaluation-config-error";
import { reportUnknownOptions, unknownOptionMessages } from "../config/unknown-options";
import { sdkLogger } from "../internal/logger";
import type { DatasetEntry } from "./dataset-entry";
import { DatasetPushError } from "./dataset-push-error";
import type { DatasetClient } from "./push-dataset";
import { findDataset, loadDatasetEntries, readDatasetAgain, type RemoteDataset } from "./remote-dataset";
import { WriteTally, writePlan } from "./write-datapoints";
import { firstCopies } from "./write-plan";

/** What `addFromEvents` selects and how it maps an event's fields. */
export interface AddFromEventsOptions {
  /** Event filters (`{ field, operator, value, type }`), as `POST /v1/events/search` takes them. */
  readonly filters?: readonly EventFilter[];
  /** Start-time bounds (ISO date-times or epoch milliseconds). */
  readonly dateRange?: { readonly from?: string | number | Date; readonly to?: string | number | Date };
  /**
   * Event field paths (`inputs.question`, `outputs`, `feedback.ground_truth`) whose values become the datapoint's
   * inputs, ground truth and history. Without one, inputs are the event's inputs and ground truth its outputs.
   */
  readonly mapping?: { readonly inputs?: readonly string[]; readonly groundTruth?: readonly string[]; readonly history?: readonly string[] };
}

/** What `addFromEvents` / `addEvent` wrote. */
export interface AddedDatapoints {
  /**
   * The ids of the datapoints created and kept (empty when nothing was selected, or every event was in the dataset
   * already). A copy of an event another add made at the same time is deleted, and not listed.
   */
  readonly datapointIds: string[];
}

const OPTION_KEYS = ["filters", "dateRange", "mapping"];
const DATE_RANGE_KEYS = ["from", "to"];
const MAPPING_KEYS = ["inputs", "groundTruth", "history"];

/** An unknown key, at any level of the options, warns naming the closest key of its level (strict mode: throws). */
function reportUnknownKeys(options: AddFromEventsOptions): void {
  reportUnknownOptions([
    ...unknownOptionMessages(options, OPTION_KEYS, "addFromEvents()"),
    ...unknownOptionMessages(options.dateRange, DATE_RANGE_KEYS, "addFromEvents(): option \"dateRange\""),
    ...unknownOptionMessages(options.mapping, MAPPING_KEYS, "addFromEvents(): option \"mapping\""),
  ], EVALUATION_UNKNOWN_OPTIONS);
}

function checked<T>(result: ApiResult<T>, what: string): T {
  if (!result.ok) throw new HoneyHiveApiError(`${what}: ${result.error}`, result.status);
  return result.data;
}

function isoOf(value: string | number | Date, where: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new EvaluationConfigError(`addFromEvents(): ${where} is not a date`);
  return date.toISOString();
}

/** The batch request body for `options`; throws {@link EvaluationConfigError} for no selection. */
function batchBody(datasetId: string, options: AddFromEventsOptions): BatchCreateDatapointsRequest {
  reportUnknownKeys(options);
  if (options.filters === undefined && options.dateRange === undefined) throw new EvaluationConfigError("addFromEvents(): give filters or a dateRange (filters: [] selects every event)");
  const body: BatchCreateDatapointsRequest = { dataset_id: datasetId };
  if (options.filters !== undefined) body.filters = options.filters.map((f) => ({ ...f }) as JsonObject);
  const { from, to } = options.dateRange ?? {};
  if (from !== undefined || to !== undefined) {
    body.dateRange = {};
    if (from !== undefined) body.dateRange.$gte = isoOf(from, "dateRange.from");
    if (to !== undefined) body.dateRange.$lte = isoOf(to, "dateRange.to");
  }
  const { mapping } = options;
  if (mapping) body.mapping = { inputs: [...(mapping.inputs ?? [])], ground_truth: [...(mapping.groundTruth ?? [])], history: [...(mapping.history ?? [])] };
  return body;
}

/** The events a dataset's rows were made from (their external ids `event-<id>`). */
function eventsHeld(entries: readonly DatasetEntry[]): string[] {
  return entries.flatMap((e) => {
    const id = eventIdOfExternalId(e.key);
    return id === undefined ? [] : [id];
  });
}

async function openDataset(api: ApiClient, datasetId: string): Promise<RemoteDataset> {
  const dataset = await findDataset(api, { id: datasetId });
  if (!dataset) throw new HoneyHiveApiError(`dataset ${datasetId} not found`, 404);
  return loadDatasetEntries(api, dataset);
}

/**
 * Reads the dataset back after `made` were created and deletes the extra copies of any row (the first copy in the
 * dataset's order stays: the same one for every client); returns the datapoints of `made` still there. Throws
 * {@link DatasetPushError} when a delete fails. When the dataset cannot be read back, `made` (acknowledged) is
 * returned with a warning: the check for copies did not happen.
 */
async function keepOneCopy(api: ApiClient, held: RemoteDataset, made: readonly string[], what: string): Promise<string[]> {
  const known = new Map<string, DatasetEntry>(held.entries.map((e) => [e.datapointId, e]));
  let after: RemoteDataset;
  try {
    after = await readDatasetAgain(api, held.id, known);
  } catch (error) {
    if (!(error instanceof HoneyHiveApiError)) throw error;
    sdkLogger().warn(`${what}: ${made.length} datapoint(s) created, but the dataset could not be read back to remove copies another add made at the same time (${error.message}); pushing the pulled dataset removes any`);
    return [...made];
  }
  const { duplicates } = firstCopies(after.entries);
  const tally = new WriteTally();
  const gone = new Set<string>();
  if (duplicates.length > 0) for (const id of (await writePlan(api, held.id, { create: [], update: [], remove: [], duplicates }, tally)).deleted) gone.add(id);
  const keyOf = new Map(after.entries.map((e) => [e.datapointId, e.key]));
  const kept = made.filter((id) => keyOf.has(id) && !gone.has(id));
  if (tally.failures.length > 0) {
    const added = kept.map((id) => keyOf.get(id)!).sort();
    throw new DatasetPushError(what, { datasetId: held.id, created: false, added, changed: [], removed: [], duplicatesRemoved: tally.duplicatesRemoved }, tally.failures);
  }
  return kept;
}

/**
 * Adds the stored events matching `filters` within `dateRange` (at least one of the two; `filters: []` selects every
 * event) to dataset `datasetId` as datapoints linked to their events, in one `POST /v1/datapoints/batch`. Events the
 * dataset holds already are left out (`checkState`), so running it again writes nothing. Throws
 * `EvaluationConfigError` for invalid options and `HoneyHiveApiError` when a request fails (nothing is counted then:
 * running it again adds what is missing).
 *
 * @example
 * await addFromEvents(client, datasetId, {
 *   filters: [{ field: "feedback.rating", operator: "less than", value: 3, type: "number" }],
 *   dateRange: { from: Date.now() - 86_400_000 },
 *   mapping: { inputs: ["inputs.question"], groundTruth: ["outputs.answer"] },
 * });
 */
export async function addFromEvents(client: DatasetClient, datasetId: string, options: AddFromEventsOptions = {}): Promise<AddedDatapoints> {
  const body = batchBody(datasetId, options);
  const held = await openDataset(client.api, datasetId);
  const skip = eventsHeld(held.entries);
  if (skip.length > 0) body.checkState = Object.fromEntries(skip.map((id) => [id, false]));
  const made = checked(await client.api.datapoints.createBatch(body), `adding events to dataset ${datasetId}`);
  const ids = Array.isArray(made.insertedIds) ? made.insertedIds.map(String) : [];
  return { datapointIds: ids.length > 0 ? await keepOneCopy(client.api, held, ids, `addFromEvents() into dataset ${datasetId}`) : [] };
}

async function searchEvents(api: ApiClient, filters: EventFilter[], limit: number, what: string): Promise<HoneyHiveEvent[]> {
  return checked(await api.events.search({ filters, limit }), what).events;
}

/** Most top-level events of a session read for its inputs and outputs. */
const MAX_TOP_LEVEL = 1000;

/**
 * The event `eventId` and, for a session, what the shared rule reads besides it: its first model call's inputs (its
 * conversation) and its top-level events (inputs and outputs of a plain traced session).
 */
async function eventAndContext(api: ApiClient, eventId: string): Promise<{ event: HoneyHiveEvent; context: SessionContext }> {
  const [event] = await searchEvents(api, [{ field: "event_id", operator: "is", value: eventId, type: "string" }], 1, `reading event ${eventId}`);
  if (!event) throw new HoneyHiveApiError(`event ${eventId} not found`, 404);
  if (event.event_type !== "session") return { event, context: {} };
  const inSession = { field: "session_id", operator: "is", value: eventId, type: "string" } as const;
  const [calls, top] = await Promise.all([
    searchEvents(api, [inSession, { field: "event_type", operator: "is", value: "model", type: "string" }], 1000, `reading session ${eventId}`),
    searchEvents(api, [inSession, { field: "parent_id", operator: "is", value: eventId, type: "string" }], MAX_TOP_LEVEL, `reading session ${eventId}`),
  ]);
  const first = [...calls].sort((a, b) => Number(a.start_time ?? 0) - Number(b.start_time ?? 0))[0];
  return { event, context: { conversationInputs: first?.inputs, events: top } };
}

/**
 * Copies event `eventId` into dataset `datasetId` as one datapoint: the event's inputs, its outputs as ground truth,
 * its conversation as history (a session's first model call's `chat_history` when the session holds none),
 * `linked_event` set and `metadata.external_id` = `event-<eventId>`. A session's inputs are its own with what
 * `enrichSession({ inputs })` recorded over them, else its first top-level event's; its outputs its own, else its
 * last top-level event's. Adding an event the dataset already holds writes nothing. Throws `HoneyHiveApiError` when
 * the dataset or event is missing or a request fails.
 *
 * @example
 * await addEvent(client, datasetId, sessionId); // then evaluate({ datasetId, function }) replays its inputs
 */
export async function addEvent(client: DatasetClient, datasetId: string, eventId: string): Promise<AddedDatapoints> {
  const held = await openDataset(client.api, datasetId);
  if (held.entries.some((e) => e.key === externalIdOfEvent(eventId))) return { datapointIds: [] };
  const { event, context } = await eventAndContext(client.api, eventId);
  const body = { ...datapointFromEvent({ ...event, event_id: eventId }, context), linked_datasets: [datasetId] } as { inputs: JsonObject } & JsonObject;
  const made = checked(await client.api.datapoints.create(body), `adding event ${eventId} to dataset ${datasetId}`);
  const result = made.result as { insertedId?: unknown } | undefined;
  const id = typeof result?.insertedId === "string" ? result.insertedId : undefined;
  return { datapointIds: id === undefined ? [] : await keepOneCopy(client.api, held, [id], `addEvent() into dataset ${datasetId}`) };
}
