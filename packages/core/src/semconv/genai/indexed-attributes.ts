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

/** The flattened conversations: one attribute per message field (`llm.input_messages.<n>.…`, `gen_ai.prompt.<n>.…`). */
const INDEXED_INPUT_PREFIXES = ["llm.input_messages.", "gen_ai.prompt."] as const;

/** True for `<prefix><n>.…` of a conversation prefix with n ≥ 1 (the first message's attributes are kept). */
function laterInputMessageKey(key: string): boolean {
  for (const prefix of INDEXED_INPUT_PREFIXES) {
    if (!key.startsWith(prefix)) continue;
    const at = prefix.length;
    return !(key.charCodeAt(at) === 48 /* "0" */ && key.charCodeAt(at + 1) === 46 /* "." */);
  }
  return false;
}

/**
 * `attributes` without the flattened conversation past its first message, for a read that leaves the conversation
 * out: an agent's model call carries its whole history (hundreds of attributes), which every dialect's detection
 * would scan again. The first message's attributes stay, so each dialect is detected as on the full span. Returns
 * `attributes` itself when there is nothing to leave out.
 */
export function withoutLaterInputMessages(attributes: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  let kept: Record<string, unknown> | undefined;
  const keys = Object.keys(attributes);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (!laterInputMessageKey(key)) {
      if (kept !== undefined) kept[key] = attributes[key];
      continue;
    }
    if (kept === undefined) {
      kept = {};
      for (let j = 0; j < i; j++) kept[keys[j]!] = attributes[keys[j]!];
    }
  }
  return kept ?? attributes;
}
