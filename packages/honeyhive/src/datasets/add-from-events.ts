/**
 * Production → dataset: `addFromEvents` turns the stored events matching filters and a date range into datapoints
 * of a dataset in one `POST /v1/datapoints/batch`; `addEvent` copies one event (a session: its inputs, outputs and
 * conversation) into a dataset as one datapoint linked to it, with the external id `event-<event id>`, so adding
 * the same event again writes nothing and dataset versions hash the row like any pushed one.
 */
import { datapointFromEvent, externalIdOfEvent } from "@honeyhive/core/datasets/datapoint-from-event";
import type { ApiClient } from "../api-client/create-api-client";
import type { BatchCreateDatapointsRequest } from "../api-client/group-types";
import { HoneyHiveApiError } from "../api-client/honeyhive-api-error";
import type { ApiResult, EventFilter, HoneyHiveEvent, JsonObject } from "../api-client/types";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import type { DatasetClient } from "./push-dataset";
import { findDataset, loadDatasetEntries } from "./remote-dataset";

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
  /** The ids of the datapoints created (empty when nothing was selected, or the event was already in the dataset). */
  readonly datapointIds: string[];
}

const OPTION_KEYS = new Set(["filters", "dateRange", "mapping"]);

function checked<T>(result: ApiResult<T>, what: string): T {
  if (!result.ok) throw new HoneyHiveApiError(`${what}: ${result.error}`, result.status);
  return result.data;
}

function isoOf(value: string | number | Date, where: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new EvaluationConfigError(`addFromEvents(): ${where} is not a date`);
  return date.toISOString();
}

/** The batch request body for `options`; throws {@link EvaluationConfigError} for an unknown option key or no selection. */
function batchBody(datasetId: string, options: AddFromEventsOptions): BatchCreateDatapointsRequest {
  for (const key of Object.keys(options)) if (!OPTION_KEYS.has(key)) throw new EvaluationConfigError(`addFromEvents(): unknown option "${key}" (options are filters, dateRange, mapping)`);
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

/**
 * Adds the stored events matching `filters` within `dateRange` (at least one of the two; `filters: []` selects every
 * event) to dataset `datasetId` as datapoints linked to their events, in one `POST /v1/datapoints/batch`. Throws
 * `EvaluationConfigError` for invalid options and `HoneyHiveApiError` when the request fails.
 *
 * @example
 * await addFromEvents(client, datasetId, {
 *   filters: [{ field: "feedback.rating", operator: "less than", value: 3, type: "number" }],
 *   dateRange: { from: Date.now() - 86_400_000 },
 *   mapping: { inputs: ["inputs.question"], groundTruth: ["outputs.answer"] },
 * });
 */
export async function addFromEvents(client: DatasetClient, datasetId: string, options: AddFromEventsOptions = {}): Promise<AddedDatapoints> {
  const made = checked(await client.api.datapoints.createBatch(batchBody(datasetId, options)), `adding events to dataset ${datasetId}`);
  return { datapointIds: Array.isArray(made.insertedIds) ? made.insertedIds.map(String) : [] };
}

async function searchEvents(api: ApiClient, filters: EventFilter[], limit: number, what: string): Promise<HoneyHiveEvent[]> {
  return checked(await api.events.search({ filters, limit }), what).events;
}

/** The event `eventId` and, when it is a session without its own conversation, the inputs of its first model call. */
async function eventAndConversation(api: ApiClient, eventId: string): Promise<{ event: HoneyHiveEvent; conversation?: unknown }> {
  const [event] = await searchEvents(api, [{ field: "event_id", operator: "is", value: eventId, type: "string" }], 1, `reading event ${eventId}`);
  if (!event) throw new HoneyHiveApiError(`event ${eventId} not found`, 404);
  const inputs = event.inputs as JsonObject | undefined;
  if (event.event_type !== "session" || Array.isArray(inputs?.chat_history)) return { event };
  const calls = await searchEvents(api, [
    { field: "session_id", operator: "is", value: eventId, type: "string" },
    { field: "event_type", operator: "is", value: "model", type: "string" },
  ], 1000, `reading session ${eventId}`);
  const first = [...calls].sort((a, b) => Number(a.start_time ?? 0) - Number(b.start_time ?? 0))[0];
  return { event, conversation: first?.inputs };
}

/**
 * Copies event `eventId` into dataset `datasetId` as one datapoint: the event's inputs, its outputs as ground truth,
 * its conversation as history (a session's first model call's `chat_history` when the session holds none),
 * `linked_event` set and `metadata.external_id` = `event-<eventId>`. Adding an event the dataset already holds
 * writes nothing. Throws `HoneyHiveApiError` when the dataset or event is missing or a request fails.
 *
 * @example
 * await addEvent(client, datasetId, sessionId); // then evaluate({ datasetId, function }) replays its inputs
 */
export async function addEvent(client: DatasetClient, datasetId: string, eventId: string): Promise<AddedDatapoints> {
  const dataset = await findDataset(client.api, { id: datasetId });
  if (!dataset) throw new HoneyHiveApiError(`dataset ${datasetId} not found`, 404);
  const held = await loadDatasetEntries(client.api, dataset);
  if (held.entries.some((e) => e.key === externalIdOfEvent(eventId))) return { datapointIds: [] };
  const { event, conversation } = await eventAndConversation(client.api, eventId);
  const body = { ...datapointFromEvent({ ...event, event_id: eventId }, conversation), linked_datasets: [datasetId] } as { inputs: JsonObject } & JsonObject;
  const made = checked(await client.api.datapoints.create(body), `adding event ${eventId} to dataset ${datasetId}`);
  const id = (made.result as { insertedId?: unknown } | undefined)?.insertedId;
  return { datapointIds: typeof id === "string" ? [id] : [] };
}
