/**
 * The events schema of experiment runs (`GET /v1/runs/{id}/schema`, `GET /v1/runs/schema`, the deprecated
 * `GET /v1/events/schema`): which fields the runs' events carry, by event type, so a client can offer them as chart
 * metrics, filters or dataset mappings.
 *
 * - `fields`: every field path under an event's objects (`inputs.question`, `metrics.accuracy`, `feedback.rating`…;
 *   nested objects joined with dots, at most {@link MAX_DEPTH} levels), once per event type, sorted;
 * - `datasets`: the dataset ids the events name (`metadata.dataset_id`), sorted;
 * - `mappings`: for each part of an event (`inputs`, `outputs`, `metrics`…), the fields it holds.
 *
 * Bounded: at most {@link MAX_FIELDS} fields and {@link MAX_DATASETS} datasets, whatever the events hold.
 */
import { isPlainObject, type JsonObject } from "../domain/json";
import type { EventRecord } from "../domain/records";

/** One field of the schema: its dotted path and the type of the events that carry it. */
export interface SchemaField {
  name: string;
  event_type: string;
}

/** One entry of a mapping: a field and the type of the events that carry it. */
export interface SchemaMappingEntry {
  field_name: string;
  event_type: string;
}

/** The answer of the schema routes. */
export interface EventsSchema {
  fields: SchemaField[];
  datasets: string[];
  mappings: Record<string, SchemaMappingEntry[]>;
}

/** The parts of an event the schema lists, in this order. */
const PARTS = ["inputs", "outputs", "metadata", "metrics", "feedback", "config", "user_properties"] as const;
const MAX_DEPTH = 3;
const MAX_FIELDS = 2000;
const MAX_DATASETS = 1000;
const MAX_KEYS_PER_OBJECT = 200;

/** Adds the dotted paths of `value`'s leaves under `prefix` to `out` (objects at most MAX_DEPTH deep). */
function collectPaths(value: JsonObject, prefix: string, depth: number, out: Set<string>): void {
  let keys = 0;
  for (const key of Object.keys(value)) {
    if (out.size >= MAX_FIELDS || ++keys > MAX_KEYS_PER_OBJECT) return;
    const path = `${prefix}.${key}`;
    const child = value[key];
    if (isPlainObject(child) && depth < MAX_DEPTH && Object.keys(child).length > 0) collectPaths(child, path, depth + 1, out);
    else out.add(path);
  }
}

/** The schema of `events` (see the module comment). */
export function eventsSchema(events: Iterable<EventRecord>): EventsSchema {
  const byType = new Map<string, Set<string>>();
  const datasets = new Set<string>();
  let total = 0;
  for (const event of events) {
    const dataset = event.metadata?.dataset_id;
    if (typeof dataset === "string" && dataset !== "" && datasets.size < MAX_DATASETS) datasets.add(dataset);
    if (total >= MAX_FIELDS) continue;
    const paths = byType.get(event.event_type) ?? new Set<string>();
    byType.set(event.event_type, paths);
    const before = paths.size;
    for (const part of PARTS) {
      const object = event[part];
      if (isPlainObject(object)) collectPaths(object, part, 1, paths);
    }
    total += paths.size - before;
  }
  const fields: SchemaField[] = [];
  for (const [eventType, paths] of byType) for (const name of paths) fields.push({ name, event_type: eventType });
  fields.sort((a, b) => (a.name === b.name ? cmp(a.event_type, b.event_type) : cmp(a.name, b.name)));
  const kept = fields.slice(0, MAX_FIELDS);
  const mappings: Record<string, SchemaMappingEntry[]> = {};
  for (const field of kept) {
    const part = field.name.slice(0, field.name.indexOf("."));
    (mappings[part] ??= []).push({ field_name: field.name, event_type: field.event_type });
  }
  return { fields: kept, datasets: [...datasets].sort(cmp), mappings };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
