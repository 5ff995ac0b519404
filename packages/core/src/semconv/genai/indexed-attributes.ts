/**
 * Flattened lists: attributes `<prefix>.<n>.<rest>` (OpenInference `llm.input_messages.0.message.role`,
 * OpenLLMetry's legacy `gen_ai.prompt.0.content`) gathered into one record per index, keyed by `<rest>`.
 */
import { MAX_MESSAGES } from "./messages";

/** The records of `<prefix>.<n>.*`, in index order (gaps skipped). */
export function indexedRecords(attributes: Readonly<Record<string, unknown>>, prefix: string): Record<string, unknown>[] {
  const head = `${prefix}.`;
  const byIndex = new Map<number, Record<string, unknown>>();
  for (const key of Object.keys(attributes)) {
    if (!key.startsWith(head)) continue;
    const rest = key.slice(head.length);
    const dot = rest.indexOf(".");
    if (dot <= 0) continue;
    const index = Number(rest.slice(0, dot));
    if (!Number.isInteger(index) || index < 0 || index >= MAX_MESSAGES) continue;
    let entry = byIndex.get(index);
    if (!entry) byIndex.set(index, (entry = Object.create(null) as Record<string, unknown>));
    entry[rest.slice(dot + 1)] = attributes[key];
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
}

/** The sub-records `<prefix>.<n>.*` inside one gathered record (e.g. a message's `tool_calls.<n>.*`). */
export function nestedRecords(entry: Readonly<Record<string, unknown>>, prefix: string): Record<string, unknown>[] {
  return indexedRecords(entry, prefix);
}
