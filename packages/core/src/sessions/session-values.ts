/**
 * What a session's inputs, outputs and ground truth are, from its session event and its root events: one rule for
 * the SDK's online evaluation (which knows them in-process) and for whatever reads a stored session (the dev server's
 * viewer and datasets). And how an outputs object is handed to an evaluator: as `evaluate()` hands it the function's
 * return value.
 *
 * - inputs: the inputs the session started with, with those `enrichSession({ inputs })` added (the update API has no
 *   inputs field: they are stored as `metadata.inputs`; a non-object is `{ value }`), those later winning per key;
 *   when neither has any, the inputs of its first root event.
 * - outputs: the outputs the session event holds (`enrichSession({ outputs })`, `evaluate()`'s return value); when it
 *   holds none, the outputs of its last root event.
 * - ground truth: `feedback.ground_truth` of the session event (`evaluate()` writes it there), if any.
 */

/** The fields of a session event the rule reads. */
export interface SessionEventValues {
  readonly inputs?: unknown;
  readonly outputs?: unknown;
  readonly metadata?: unknown;
  readonly feedback?: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `value` as an object: itself, `{}` for nothing, `{ value }` for anything else. */
function asObject(value: unknown): Record<string, unknown> {
  if (isPlainObject(value)) return value;
  return value === undefined || value === null ? {} : { value };
}

function hasKeys(value: Record<string, unknown>): boolean {
  for (const _ in value) return true;
  return false;
}

/** The session's inputs (see the module comment); `firstRootInputs`: its first root event's, when known. */
export function sessionInputs(session: SessionEventValues, firstRootInputs?: unknown): Record<string, unknown> {
  const added = isPlainObject(session.metadata) ? session.metadata.inputs : undefined;
  const own = { ...asObject(session.inputs), ...asObject(added) };
  return hasKeys(own) ? own : { ...asObject(firstRootInputs) };
}

/** The session's outputs (see the module comment); `lastRootOutputs`: its last root event's, when known. */
export function sessionOutputs(session: SessionEventValues, lastRootOutputs?: unknown): Record<string, unknown> {
  const own = asObject(session.outputs);
  return hasKeys(own) ? { ...own } : { ...asObject(lastRootOutputs) };
}

/** The session's ground truth: its `feedback.ground_truth`, else undefined. */
export function sessionGroundTruth(session: SessionEventValues): unknown {
  return isPlainObject(session.feedback) ? session.feedback.ground_truth : undefined;
}

/**
 * An outputs object as an evaluator receives it, the way `evaluate()` hands over the function's return value: `X` for
 * `{ result: X }` (how a traced function's return value and `evaluate()`'s are recorded), else the object itself.
 */
export function evaluatorOutputs(outputs: Record<string, unknown>): unknown {
  const keys = Object.keys(outputs);
  return keys.length === 1 && keys[0] === "result" ? outputs.result : outputs;
}
