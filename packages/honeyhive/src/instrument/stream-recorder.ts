import type { Span } from "@opentelemetry/api";
import { ATTR_STREAM_ABANDONED, ATTR_TIME_TO_FIRST_CHUNK_MS } from "@honeyhive/core/semconv/attributes";
import { recordError } from "./record-error";
import { attributeBudgetOf, captureOutput, finishSpan } from "../span/span-end";
import { type NormalizeBudget, reportCuts } from "../normalize/budget";
import { truncateUtf8 } from "../normalize/strings";
import { utf8Length } from "../otlp/proto-writer";
import { noteInternalError } from "../internal/guard";
import { isModelSpan, recordModelResult } from "./model-result";

const MAX_CHUNKS = 50;
let decoder: InstanceType<typeof TextDecoder> | undefined;
/** Created on first use (a runtime without TextDecoder can still load the SDK). Keeps a leading U+FEFF of the first chunk. */
function utf8Decoder(): InstanceType<typeof TextDecoder> {
  decoder ??= new TextDecoder("utf-8", { ignoreBOM: true });
  return decoder;
}

/** How a stream span ended. */
type StreamEnd = "completed" | "closed_early" | "abandoned" | "error";

/**
 * Records one streamed result on its span: time to first chunk, the aggregated output (text chunks
 * concatenated, other chunks kept as a bounded list) and how the stream ended. Ends the span exactly once.
 * On a `model` span, a provider's stream chunks that carry the model or usage (OpenAI's usage chunk, Anthropic's
 * `message_start` / `message_delta`) fill the model and token attributes (model-result.ts), and the first chunk's
 * time is also recorded as `gen_ai.response.time_to_first_chunk` (seconds), read as the time to first token.
 */
export class StreamRecorder {
  private text = "";
  /** UTF-8 bytes of text chunks past the bound (kept out of memory; the marker counts them). */
  private droppedBytes = 0;
  /** The span's attribute budget: text is kept up to its `maxStringBytes` code units (more would be cut anyway). */
  private readonly budget: Readonly<NormalizeBudget>;
  private readonly objects: unknown[] = [];
  private chunks = 0;
  private ended = false;
  private model: boolean | undefined;

  constructor(
    private readonly span: Span,
    private readonly startedAt: number,
    private readonly captureOutputs: boolean,
    private readonly onEnded: (recorder: StreamRecorder) => void,
  ) {
    this.budget = attributeBudgetOf(span);
  }

  /** True once the span was ended. */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Records one chunk as it passes to the consumer. */
  chunk(value: unknown): void {
    if (this.ended) return;
    try {
      if (this.chunks === 0) this.firstChunk();
      this.chunks++;
      if (this.model === true && typeof value === "object" && value !== null) recordModelResult(this.span, value);
      if (!this.captureOutputs) return;
      if (typeof value === "string") this.appendText(value);
      else if (value instanceof Uint8Array) this.appendText(utf8Decoder().decode(value, { stream: true }));
      else if (this.objects.length < MAX_CHUNKS) this.objects.push(value);
    } catch (error) {
      noteInternalError(error); // recording never disturbs the stream
    }
  }

  private firstChunk(): void {
    const elapsed = performance.now() - this.startedAt;
    this.span.setAttribute(ATTR_TIME_TO_FIRST_CHUNK_MS, elapsed);
    this.model = isModelSpan(this.span);
    if (this.model) this.span.setAttribute("gen_ai.response.time_to_first_chunk", elapsed / 1000);
  }

  private appendText(piece: string): void {
    let room = this.budget.maxStringBytes - this.text.length;
    if (piece.length <= room) {
      this.text += piece;
      return;
    }
    if (room > 0 && piece.charCodeAt(room - 1) >= 0xd800 && piece.charCodeAt(room - 1) <= 0xdbff) room--; // keep a pair whole
    const head = room > 0 ? piece.slice(0, room) : "";
    this.text += head;
    this.droppedBytes += utf8Length(piece) - utf8Length(head);
  }

  /** The aggregated text as recorded: past the bound, cut by the attribute rule with the dropped chunks counted in its marker. */
  private recordedText(): string {
    if (this.droppedBytes === 0) return this.text; // the normaliser cuts (and counts) it if it is over the bound
    reportCuts(this.budget, 1);
    return truncateUtf8(this.text, this.budget.maxStringBytes, utf8Length(this.text) + this.droppedBytes);
  }

  /** Ends the span; later calls do nothing. */
  end(how: StreamEnd, error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    try {
      if (how === "error") recordError(this.span, error);
      if (how === "abandoned") this.span.setAttribute(ATTR_STREAM_ABANDONED, true);
      this.span.setAttribute("honeyhive_metadata.stream_end", how);
      this.span.setAttribute("honeyhive_metadata.stream_chunks", this.chunks);
      if (this.captureOutputs && this.chunks > 0) captureOutput(this.span, this.objects.length > 0 && this.text === "" ? this.objects : this.recordedText(), this.budget);
    } catch (error) {
      noteInternalError(error); // ignore
    }
    finishSpan(this.span, this.startedAt);
    this.onEnded(this);
  }
}
