/**
 * GenAI dialects → one canonical model event (shared by the SDK and the dev server, which bundles it).
 */
export type { CanonicalModelEvent, DialectTable, GenAiMessage, GenAiSpanLike, GenAiTokens, GenAiToolCall } from "./canonical-event";
export { DIALECT_TABLES, readModelCall } from "./translate";
export { honeyHiveMessage, honeyHiveModelFields, type HoneyHiveModelFields } from "./honeyhive-fields";
export { mastraSpanIo } from "./dialect-mastra";
