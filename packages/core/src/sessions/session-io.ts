/**
 * A session's inputs and outputs, the one rule for what a datapoint made from a session replays (the SDK's
 * `addEvent`, the dev server's batch route and the viewer's "Add to dataset") and what a review queue item shows.
 * Inputs: the session's own, with what `enrichSession({ inputs })` recorded (`metadata.inputs`, since the update API
 * has no inputs field) over them; when both are empty, the inputs of its first top-level event. Outputs: its own;
 * when empty, the outputs of its top-level event that started last. A top-level event is one whose parent is the session (a
 * plain traced session keeps its inputs and outputs on the traced function's event).
 */

/** The fields of an event the rule reads. */
export interface SessionIoEvent {
  readonly event_id?: unknown;
  readonly parent_id?: unknown;
  readonly start_time?: unknown;
  readonly inputs?: unknown;
  readonly outputs?: unknown;
  readonly metadata?: unknown;
}

/** A session's inputs (always an object) and outputs (as stored: usually an object). */
export interface SessionIo {
  readonly inputs: Record<string, unknown>;
  readonly outputs: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (isPlainObject(value) && Object.keys(value).length === 0);
}

/** An object holding `value`'s fields (a value that is not an object as `{ value }`; nothing as `{}`). */
export function asObject(value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (value === undefined || value === null) return out;
  const fields = isPlainObject(value) ? Object.entries(value) : [["value", value] as const];
  for (const [name, v] of fields) Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function time(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** The session's top-level events among `events`, in start order (ties keep their order). */
export function topLevelEvents<E extends SessionIoEvent>(sessionId: string, events: readonly E[]): E[] {
  return events.filter((e) => e.parent_id === sessionId && e.event_id !== sessionId).sort((a, b) => time(a.start_time) - time(b.start_time));
}

/** The inputs and outputs of `session`, given its top-level events (any order; others are ignored). */
export function sessionInputsOutputs(session: SessionIoEvent, events: readonly SessionIoEvent[] = []): SessionIo {
  const recorded = isPlainObject(session.metadata) ? session.metadata.inputs : undefined;
  const own = { ...asObject(session.inputs), ...asObject(recorded) };
  const top = typeof session.event_id === "string" ? topLevelEvents(session.event_id, events) : [];
  const inputs = Object.keys(own).length > 0 || top.length === 0 ? own : asObject(top[0]!.inputs);
  let outputs = session.outputs;
  if (isEmpty(outputs) && top.length > 0 && !isEmpty(top[top.length - 1]!.outputs)) outputs = top[top.length - 1]!.outputs;
  return { inputs, outputs };
}

/** A session's ground truth: `feedback.ground_truth` of its session event (`evaluate()` writes it there), else undefined. */
export function sessionGroundTruth(session: { readonly feedback?: unknown }): unknown {
  return isPlainObject(session.feedback) ? session.feedback.ground_truth : undefined;
}

/**
 * Outputs as an evaluator receives them, the way `evaluate()` hands over the function's return value: `X` for
 * `{ result: X }` (how a traced function's return value and `evaluate()`'s are recorded), else the outputs as they are.
 */
export function evaluatorOutputs(outputs: unknown): unknown {
  if (!isPlainObject(outputs)) return outputs;
  const keys = Object.keys(outputs);
  return keys.length === 1 && keys[0] === "result" ? outputs.result : outputs;
}
