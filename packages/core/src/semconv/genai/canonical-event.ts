/**
 * The canonical model event: one LLM call as every GenAI dialect describes it, read into one shape
 * (translate.ts). The dev server stores it in HoneyHive's event fields (honeyhive-fields.ts); cost is computed
 * from its model, provider and token counts.
 */
import type { GenAiContentPart } from "./message-parts";

/** A tool call the model made. `arguments` is the JSON text of the arguments as the provider sent it. */
export interface GenAiToolCall {
  id: string | null;
  name: string;
  arguments: string;
}

/** One message of the conversation. `role` is system, user, assistant or tool (or what the data said). */
export interface GenAiMessage {
  role: string;
  /** The text parts joined by newlines ("" when the message is only tool calls). */
  content: string;
  tool_calls?: GenAiToolCall[];
  /** For a tool result: the call it answers. */
  tool_call_id?: string;
  name?: string;
  /**
   * The content as parts, where a dialect flattened text, attachments and external image links into `content`
   * (message-parts.ts); `chat_history` then keeps the parts, `content` stays the text.
   */
  parts?: GenAiContentPart[];
}

/**
 * Token counts; null where the span did not report one. `input` counts every input token, cached or not
 * (a dialect that reports only the uncached part is corrected in its table); `cache_read` and `cache_write`
 * are the parts of `input` read from and written to the provider's prompt cache; `reasoning` is the part of
 * `output` spent on reasoning; `input_audio` / `input_image` and `output_audio` / `output_image` are the parts of
 * `input` and `output` in that modality (the rest is text), each priced at its own rate where the model has one.
 */
export interface GenAiTokens {
  input: number | null;
  output: number | null;
  total: number | null;
  cache_read: number | null;
  cache_write: number | null;
  reasoning: number | null;
  input_audio: number | null;
  input_image: number | null;
  output_audio: number | null;
  output_image: number | null;
}

/** One LLM call in canonical form. */
export interface CanonicalModelEvent {
  /** The dialects the fields were read from, most specific first (e.g. `["otel-genai-1.37+"]`). */
  dialects: string[];
  /** The model that answered (the response model, else the requested one). */
  model: string | null;
  /** The model asked for, when the span names it. */
  request_model: string | null;
  /**
   * The provider's one name (`openai`, `anthropic`, `mistral_ai`, `aws.bedrock`, …: provider-name.ts), whichever dialect
   * or route recorded the call.
   */
  provider: string | null;
  /** `chat`, `text_completion`, `embeddings`, … when the span says. */
  operation: string | null;
  /** Request parameters (temperature, max_tokens, top_p, stop_sequences, …) under their OpenAI-style names. */
  request: Record<string, unknown>;
  /** The conversation sent, system instructions first. */
  messages: GenAiMessage[];
  /** The model's reply (null when the span recorded none). */
  output: GenAiMessage | null;
  finish_reason: string | null;
  tokens: GenAiTokens;
  /** True for a streamed call (when the span says). */
  streamed: boolean;
  /** Milliseconds from the request to the first streamed chunk, when the span reports it. */
  time_to_first_token_ms: number | null;
}

/** The span fields a dialect table reads: attributes, events and the start time (nanoseconds). */
export interface GenAiSpanLike {
  name: string;
  attributes: Readonly<Record<string, unknown>>;
  events?: readonly { name: string; timeUnixNano?: bigint | number | string; attributes: Readonly<Record<string, unknown>> }[];
  startTimeUnixNano?: bigint | number | string;
  /** The instrumentation scope that emitted the span (a table may correct a known quirk of one scope). */
  scopeName?: string;
  /**
   * The reader needs no conversation: the tables leave `messages` empty (the input messages are the costly part of a
   * span to read: an agent's calls each carry the whole history). The reply, usage and every other field are read.
   */
  withoutInputMessages?: boolean;
}

/** What one dialect table read from a span: any subset of the canonical fields. */
export type DialectReading = Partial<Omit<CanonicalModelEvent, "dialects" | "tokens" | "request">> & {
  tokens?: Partial<GenAiTokens>;
  request?: Record<string, unknown>;
};

/** One dialect table: its name, whether a span speaks it, and how to read it. */
export interface DialectTable {
  /** e.g. `openinference`, `otel-genai-1.36`. */
  name: string;
  /** True when the span carries this dialect's attributes. */
  detect(span: GenAiSpanLike): boolean;
  read(span: GenAiSpanLike): DialectReading;
  /** Inputs and outputs of a tool, chain or agent span (not a model call), when the dialect records them. */
  readStepIo?(span: GenAiSpanLike): StepIoReading;
}

/** One side (inputs or outputs) of a tool, chain or agent span, as a HoneyHive event field. */
export interface StepIoSide {
  /** The event field (`{ chat_history }`, a tool's arguments object, `{ value }` for anything not an object, …). */
  field: Record<string, unknown>;
  /** Raw attribute keys whose whole content is in `field` (the ingest leaves them out of metadata). */
  consumed: string[];
}

/** What a dialect table read of a tool, chain or agent span: its inputs and outputs, either absent. */
export interface StepIoReading {
  inputs?: StepIoSide;
  outputs?: StepIoSide;
}

/** The inputs and outputs of a tool, chain or agent span, whichever dialect recorded them (translate.ts). */
export interface StepIo {
  /** The dialects the sides were read from. */
  dialects: string[];
  inputs: StepIoSide | undefined;
  outputs: StepIoSide | undefined;
}
