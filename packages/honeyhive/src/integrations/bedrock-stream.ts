/**
 * The streams of ConverseStream (`response.stream`: `messageStart`, `contentBlockStart`, `contentBlockDelta`,
 * `contentBlockStop`, `messageStop`, `metadata` events) and InvokeModelWithResponseStream (`response.body`: `{chunk:
 * {bytes}}` events, each the model family's JSON; Anthropic's stream events are read) followed on their Bedrock span:
 * the events pass to the application unchanged (the stream is proxied, `instrument/stream-async-iterable.ts`), the
 * reply is accumulated, the first content delta's time is the time to first token, and the span ends once, when the
 * stream ends, fails, is closed early or is garbage-collected unfinished (abandoned).
 */
import { type Context, type Span } from "@opentelemetry/api";
import { ATTR_STREAM_ABANDONED } from "@honeyhive/core/semconv/attributes";
import { record } from "@honeyhive/core/semconv/genai/read-values";
import { noteInternalError } from "../internal/guard";
import { recordError } from "../instrument/record-error";
import { type ChunkRecorder, proxyAsyncIterable } from "../instrument/stream-async-iterable";
import { type BedrockReply, appendPart, converseUsage, emptyReply, replyAttributes } from "./bedrock-attributes";
import { type PendingArguments, addAnthropicStreamEvent, bodyJson, finishArguments } from "./bedrock-invoke-body";

/** Which stream: ConverseStream's events, or InvokeModelWithResponseStream's chunks. */
export type BedrockStreamKind = "converse" | "invoke";

type StreamEnd = Parameters<ChunkRecorder["end"]>[0];

/** The content block index of an event (-1 when it names none). */
function blockIndex(event: Record<string, unknown>): number {
  return typeof event.contentBlockIndex === "number" ? event.contentBlockIndex : -1;
}

/** `contentBlockDelta`: text, reasoning, or a piece of a tool use's input. */
function addConverseDelta(reply: BedrockReply, deltaEvent: Record<string, unknown>, pending: PendingArguments): void {
  const delta = record(deltaEvent.delta) ?? {};
  const reasoning = record(delta.reasoningContent)?.text;
  const input = record(delta.toolUse)?.input;
  if (typeof delta.text === "string") appendPart(reply, { type: "text", content: delta.text });
  else if (typeof reasoning === "string") appendPart(reply, { type: "reasoning", content: reasoning });
  else if (typeof input === "string") {
    const tool = pending.get(blockIndex(deltaEvent));
    if (tool) tool.json += input;
  }
}

/** Adds one ConverseStream event to `reply`; true when it carried content (a delta). */
export function addConverseEvent(reply: BedrockReply, event: Record<string, unknown>, pending: PendingArguments): boolean {
  const start = record(event.contentBlockStart);
  const toolUse = record(record(start?.start)?.toolUse);
  if (start && toolUse) {
    const part = { type: "tool_call", id: toolUse.toolUseId ?? null, name: toolUse.name, arguments: {} };
    reply.parts.push(part);
    pending.set(blockIndex(start), { part, json: "" });
    return false;
  }
  const deltaEvent = record(event.contentBlockDelta);
  if (deltaEvent) {
    addConverseDelta(reply, deltaEvent, pending);
    return true;
  }
  const stop = record(event.contentBlockStop);
  if (stop) finishArguments(pending, blockIndex(stop));
  const stopReason = record(event.messageStop)?.stopReason;
  if (typeof stopReason === "string") reply.finishReason = stopReason;
  const usage = converseUsage(record(event.metadata)?.usage);
  if (usage) reply.usage = usage;
  return false;
}

/** Adds one InvokeModelWithResponseStream event to `reply`; true when it carried content. */
export function addInvokeChunk(reply: BedrockReply, event: Record<string, unknown>, pending: PendingArguments): boolean {
  const json = bodyJson(record(event.chunk)?.bytes);
  if (!json) return false;
  if (typeof json.type === "string") {
    addAnthropicStreamEvent(reply, json, pending);
    return json.type === "content_block_delta";
  }
  const text = json.generation ?? json.outputText ?? json.completion;
  if (typeof text === "string") appendPart(reply, { type: "text", content: text });
  return typeof text === "string";
}

/** Follows one Bedrock stream on its span (see the module's comment). */
class BedrockStreamRecorder implements ChunkRecorder {
  private readonly reply = emptyReply();
  private readonly pending: PendingArguments = new Map();
  private first = true;
  private ended = false;

  constructor(private readonly span: Span, private readonly startedAt: number, private readonly kind: BedrockStreamKind) {}

  chunk(value: unknown): void {
    if (this.ended) return;
    try {
      const event = record(value);
      if (!event) return;
      const content = this.kind === "converse" ? addConverseEvent(this.reply, event, this.pending) : addInvokeChunk(this.reply, event, this.pending);
      if (content && this.first) {
        this.first = false;
        this.span.setAttribute("gen_ai.response.time_to_first_chunk", (performance.now() - this.startedAt) / 1000);
      }
    } catch (error) {
      noteInternalError(error); // following never disturbs the stream
    }
  }

  end(how: StreamEnd, error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    abandonment.unregister(this);
    try {
      for (const index of [...this.pending.keys()]) finishArguments(this.pending, index);
      this.span.setAttributes(replyAttributes(this.reply));
      this.span.setAttribute("honeyhive_metadata.stream_end", how);
      if (how === "abandoned") this.span.setAttribute(ATTR_STREAM_ABANDONED, true);
      if (how === "error") recordError(this.span, error);
    } catch (failure) {
      noteInternalError(failure);
    }
    this.span.end();
  }
}

/** Ends the span of a stream the application dropped without finishing it. */
const abandonment = new FinalizationRegistry<BedrockStreamRecorder>((recorder) => recorder.end("abandoned"));

/**
 * Replaces `owner[key]` (the stream of a ConverseStream or InvokeModelWithResponseStream response) with a proxy that
 * follows it on `span`. Returns false, leaving the response as it was, when there is no async iterable there or the
 * response refuses the new value; the caller then ends the span.
 */
export function followBedrockStream(owner: Record<string, unknown>, key: string, kind: BedrockStreamKind, span: Span, spanContext: Context, startedAt: number): boolean {
  const stream = owner[key];
  if (typeof stream !== "object" || stream === null || typeof (stream as Record<symbol, unknown>)[Symbol.asyncIterator] !== "function") return false;
  const recorder = new BedrockStreamRecorder(span, startedAt, kind);
  const proxy = proxyAsyncIterable(stream, recorder, spanContext);
  if (!Reflect.set(owner, key, proxy) || owner[key] !== proxy) return false;
  abandonment.register(proxy, recorder, recorder);
  return true;
}
