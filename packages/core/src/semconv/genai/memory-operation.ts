/**
 * Memory operations of the OTel GenAI conventions (semantic-conventions-genai, 2026: the `gen_ai.memory.client`
 * span): store lifecycle (`create_memory_store`, `delete_memory_store`) and record operations (`create_memory`,
 * `update_memory`, `upsert_memory`, `search_memory`, `delete_memory`). Their inputs and outputs as event fields: the
 * search query (`gen_ai.memory.query.text`) and, for a write, the records written are the inputs; the records a
 * search returned are the outputs (`gen_ai.memory.records`, JSON text or structured). Store and record ids and the
 * record count stay in metadata.
 */
import type { StepIoReading, StepIoSide } from "./canonical-event";
import { json, own, text } from "./read-values";

/** Every memory operation name (`gen_ai.operation.name`). */
export const MEMORY_OPERATIONS: readonly string[] = [
  "create_memory_store", "delete_memory_store", "create_memory", "update_memory", "upsert_memory", "search_memory", "delete_memory",
];
/** Operations whose `gen_ai.memory.records` are what they wrote (inputs); for the others, what they returned. */
const WRITES = new Set(["create_memory", "update_memory", "upsert_memory"]);
const QUERY = "gen_ai.memory.query.text";
const RECORDS = "gen_ai.memory.records";

/** An attribute's value (JSON text parsed when it is JSON), or undefined when absent or empty. */
function attributeValue(attributes: Readonly<Record<string, unknown>>, key: string): unknown {
  const raw = own(attributes, key);
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw !== "string") return raw;
  const parsed = json(raw);
  return parsed === undefined ? raw : parsed;
}

/** A side made of `entries` (field name → attribute key) present on the span; undefined when none is. */
function sideOf(attributes: Readonly<Record<string, unknown>>, entries: readonly (readonly [string, string])[]): StepIoSide | undefined {
  const field: Record<string, unknown> = {};
  const consumed: string[] = [];
  for (const [name, key] of entries) {
    const value = attributeValue(attributes, key);
    if (value === undefined) continue;
    field[name] = value;
    consumed.push(key);
  }
  return consumed.length > 0 ? { field, consumed } : undefined;
}

/** True when the span is a memory operation. */
export function isMemoryOperation(attributes: Readonly<Record<string, unknown>>): boolean {
  const operation = text(own(attributes, "gen_ai.operation.name"));
  return operation !== undefined && MEMORY_OPERATIONS.includes(operation.trim());
}

/** The inputs and outputs of a memory operation span, or undefined for any other span. */
export function readMemoryIo(attributes: Readonly<Record<string, unknown>>): StepIoReading | undefined {
  if (!isMemoryOperation(attributes)) return undefined;
  const writes = WRITES.has(String(own(attributes, "gen_ai.operation.name")).trim());
  const inputs = sideOf(attributes, writes ? [["query", QUERY], ["records", RECORDS]] : [["query", QUERY]]);
  const outputs = writes ? undefined : sideOf(attributes, [["records", RECORDS]]);
  return { inputs, outputs };
}
