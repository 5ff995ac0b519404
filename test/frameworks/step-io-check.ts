/**
 * Issue 23, requirements 3 and 4: every agent, step and chain event of a framework stack carries inputs and
 * outputs. Lists the `chain` events of one session that miss either, by name, so a stack's test can assert the list
 * is empty and a failure names what is missing.
 *
 * Chain events nested inside a model event are parts of that one LLM call, not steps of the application (Mastra's
 * `model_inference` and its stream's `model_chunk` spans under the `model_step` model event): the call's model
 * event carries its inputs and outputs, and a chunk has no input of its own. They are left out, and so is the
 * evaluation's own work (an evaluator's span: `metadata.evaluator`).
 */
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";

function nonEmpty(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length > 0;
}

/** Whether an ancestor of `event` (within `byId`) is a model event. */
function insideModelCall(event: HoneyHiveEvent, byId: ReadonlyMap<string, HoneyHiveEvent>): boolean {
  const seen = new Set<string>();
  for (let parent = byId.get(event.parent_id ?? ""); parent !== undefined && !seen.has(parent.event_id); parent = byId.get(parent.parent_id ?? "")) {
    if (parent.event_type === "model") return true;
    seen.add(parent.event_id);
  }
  return false;
}

/** `name: inputs|outputs missing` for each chain event of one session's `events` without inputs or without outputs. */
export function chainEventsWithoutIo(events: readonly HoneyHiveEvent[]): string[] {
  const byId = new Map(events.map((e) => [e.event_id, e]));
  const missing: string[] = [];
  for (const event of events) {
    if (event.event_type !== "chain" || insideModelCall(event, byId) || typeof (event.metadata as Record<string, unknown> | undefined)?.evaluator === "string") continue;
    const sides = [nonEmpty(event.inputs) ? undefined : "inputs", nonEmpty(event.outputs) ? undefined : "outputs"].filter(Boolean);
    if (sides.length > 0) missing.push(`${event.event_name}: ${sides.join(" and ")} missing`);
  }
  return missing;
}
