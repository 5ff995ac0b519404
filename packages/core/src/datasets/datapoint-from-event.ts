/**
 * The one rule that turns a stored event (a session, a chain, a model call) into a dataset datapoint, shared by
 * the SDK's `addEvent` and the dev server (its batch route without a mapping and the viewer's "Add to dataset"):
 * inputs are the event's inputs, ground truth its outputs (a session's by `sessions/session-io.ts`: what
 * `enrichSession` recorded, else its top-level events'), history its conversation (`inputs.chat_history`, else the
 * first model call's when the event is an agent session), `linked_event` the event, and the metadata's
 * `external_id` is `event-<event id>`, so dataset versions hash the datapoint like any pushed row.
 */
import { asObject, type SessionIoEvent, sessionInputsOutputs } from "../sessions/session-io";

/** The fields of an event the rule reads. */
export interface EventForDatapoint {
  readonly event_id: string;
  readonly event_type?: unknown;
  readonly event_name?: unknown;
  readonly session_id?: unknown;
  readonly parent_id?: unknown;
  readonly inputs?: unknown;
  readonly outputs?: unknown;
  readonly metadata?: unknown;
}

/** What else the rule reads for a session: its first model call's inputs and its events (the top-level ones count). */
export interface SessionContext {
  /** The inputs of the session's first model call: their `chat_history` is the history when the session has none. */
  readonly conversationInputs?: unknown;
  /** The session's events (at least its top-level ones): their inputs and outputs stand in for a session's empty ones. */
  readonly events?: readonly SessionIoEvent[];
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
 * The datapoint made from `event`. For a session, `context` gives its first model call's inputs (their
 * `chat_history` becomes the history when the session's own inputs hold none: an agent session) and its events.
 */
export function datapointFromEvent(event: EventForDatapoint, context: SessionContext = {}): DatapointFromEvent {
  const io = event.event_type === "session" ? sessionInputsOutputs(event, context.events) : { inputs: asObject(event.inputs), outputs: event.outputs };
  const inputs = io.inputs;
  const truth = asObject(io.outputs);
  const history = chatHistoryOf(inputs) ?? chatHistoryOf(context.conversationInputs) ?? [];
  const metadata: Record<string, unknown> = { external_id: externalIdOfEvent(event.event_id) };
  if (typeof event.event_name === "string") metadata.event_name = event.event_name;
  if (typeof event.event_type === "string") metadata.event_type = event.event_type;
  if (typeof event.session_id === "string") metadata.session_id = event.session_id;
  return { inputs, ground_truth: truth, history, metadata, linked_event: event.event_id };
}
