/**
 * The canonical model event in HoneyHive's event fields (docs.honeyhive.ai semantic-convention mapping; the API's
 * event export returns these): `inputs.chat_history` (OpenAI-style messages), `outputs` `{role, content,
 * tool_calls?, finish_reason?}`, `config` `{model, provider, …request parameters}`, and `metadata` token counts
 * (`prompt_tokens`, `completion_tokens`, `total_tokens`, `cache_read_input_tokens`, `cache_write_input_tokens`,
 * `reasoning_tokens`, and per modality `input_audio_tokens`, `input_image_tokens`, `output_audio_tokens`,
 * `output_image_tokens`), `time_to_first_token` (ms), `streamed`, and the dialects read (`genai_dialects`).
 */
import type { CanonicalModelEvent, GenAiMessage } from "./canonical-event";
import { HONEYHIVE_TOKEN_METADATA, type TokenField } from "./token-keys";

/** HoneyHive event fields derived from one canonical event (each a fresh object). */
export interface HoneyHiveModelFields {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  config: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** One message in the OpenAI-style shape HoneyHive's `chat_history` and `outputs` use. */
export function honeyHiveMessage(message: GenAiMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { role: message.role, content: message.parts ?? message.content };
  if (message.tool_calls && message.tool_calls.length > 0) {
    out.tool_calls = message.tool_calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } }));
  }
  if (message.tool_call_id !== undefined) out.tool_call_id = message.tool_call_id;
  if (message.name !== undefined) out.name = message.name;
  return out;
}

const TOKEN_METADATA = Object.entries(HONEYHIVE_TOKEN_METADATA) as [TokenField, string][];

/** The model event's metadata fields of a streamed answer: time to first token (ms) and `streamed`. */
export const STREAM_METADATA = Object.freeze({ timeToFirstToken: "time_to_first_token", streamed: "streamed" } as const);

/** The model event's metadata field listing the GenAI dialects its span was read with. */
export const DIALECTS_METADATA = "genai_dialects";

/** Every metadata key {@link honeyHiveModelFields} may fill: token counts, stream facts and the dialects read. */
export const MODEL_METADATA_KEYS: readonly string[] = Object.freeze([
  ...Object.values(HONEYHIVE_TOKEN_METADATA), ...Object.values(STREAM_METADATA), DIALECTS_METADATA,
]);

/** The HoneyHive fields of `event`; absent values are left out (never written as null or 0). */
export function honeyHiveModelFields(event: CanonicalModelEvent): HoneyHiveModelFields {
  const inputs: Record<string, unknown> = event.messages.length > 0 ? { chat_history: event.messages.map(honeyHiveMessage) } : {};
  const outputs: Record<string, unknown> = event.output ? honeyHiveMessage(event.output) : {};
  if (event.finish_reason !== null) outputs.finish_reason = event.finish_reason;
  const config: Record<string, unknown> = {};
  if (event.model !== null) config.model = event.model;
  if (event.provider !== null) config.provider = event.provider;
  for (const [name, value] of Object.entries(event.request)) config[name] = value;
  const metadata: Record<string, unknown> = {};
  for (const [field, key] of TOKEN_METADATA) if (event.tokens[field] !== null) metadata[key] = event.tokens[field];
  if (event.time_to_first_token_ms !== null) metadata[STREAM_METADATA.timeToFirstToken] = event.time_to_first_token_ms;
  if (event.streamed) metadata[STREAM_METADATA.streamed] = true;
  metadata[DIALECTS_METADATA] = [...event.dialects];
  return { inputs, outputs, config, metadata };
}
