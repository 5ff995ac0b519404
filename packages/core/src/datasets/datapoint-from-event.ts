/**
 * The one rule that turns a stored event (a session, a chain, a model call) into a dataset datapoint, shared by
 * the SDK's `addEvent` and the dev server (its batch route without a mapping and the viewer's "Add to dataset"):
 * inputs are the event's inputs, ground truth its outputs, history its conversation (`inputs.chat_history`, else
 * the first model call's when the event is an agent session), `linked_event` the event, and the metadata's
 * `external_id` is `event-<event id>`, so dataset versions hash the datapoint like any pushed row.
 */

/** The fields of an event the rule reads. */
export interface EventForDatapoint {
  readonly event_id: string;
  readonly event_type?: unknown;
  readonly event_name?: unknown;
  readonly session_id?: unknown;
  readonly inputs?: unknown;
  readonly outputs?: unknown;
}

/** A datapoint's content, as `POST /v1/datapoints` takes it. */
export interface DatapointFromEvent {
  inputs: Record<string, unknown>;
  ground_truth: Record<string, unknown>;
  history: Record<string, unknown>[];
  metadata: Record<string, unknown>;
  linked_event: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function copyOf(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value)) Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** The prefix of the external id of a datapoint made from an event. */
const EVENT_PREFIX = "event-";

/** The external id a datapoint made from event `eventId` carries in `metadata.external_id`. */
export function externalIdOfEvent(eventId: string): string {
  return `${EVENT_PREFIX}${eventId}`;
}

/** The event id an external id names (`event-<event id>`), or undefined for any other external id. */
export function eventIdOfExternalId(externalId: string): string | undefined {
  return externalId.startsWith(EVENT_PREFIX) && externalId.length > EVENT_PREFIX.length ? externalId.slice(EVENT_PREFIX.length) : undefined;
}

/** The messages of `inputs.chat_history` (objects only), or undefined when there is none. */
export function chatHistoryOf(inputs: unknown): Record<string, unknown>[] | undefined {
  const history = isPlainObject(inputs) ? inputs.chat_history : undefined;
  return Array.isArray(history) ? history.filter(isPlainObject) : undefined;
}

/**
 * The datapoint made from `event`. `conversationInputs` are the inputs of the session's first model call: their
 * `chat_history` becomes the history when the event's own inputs hold none (an agent session).
 */
export function datapointFromEvent(event: EventForDatapoint, conversationInputs?: unknown): DatapointFromEvent {
  const inputs = isPlainObject(event.inputs) ? copyOf(event.inputs) : event.inputs === undefined || event.inputs === null ? {} : { value: event.inputs };
  const outputs = event.outputs;
  const truth = isPlainObject(outputs) ? copyOf(outputs) : outputs === undefined || outputs === null ? {} : { value: outputs };
  const history = chatHistoryOf(inputs) ?? chatHistoryOf(conversationInputs) ?? [];
  const metadata: Record<string, unknown> = { external_id: externalIdOfEvent(event.event_id) };
  if (typeof event.event_name === "string") metadata.event_name = event.event_name;
  if (typeof event.event_type === "string") metadata.event_type = event.event_type;
  if (typeof event.session_id === "string") metadata.session_id = event.session_id;
  return { inputs, ground_truth: truth, history, metadata, linked_event: event.event_id };
}
