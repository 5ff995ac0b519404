/**
 * The export pipeline's attachment stage: a finished span whose attributes hold a string long enough to carry a
 * payload (the only check on the hot path: one length comparison per string attribute) is held here while its
 * payloads are extracted (`extract-value.ts`: sliced decoding, hashing off the JavaScript thread), then handed on;
 * every other span passes straight through. At most `maxHeldSpans` spans are held; beyond that a span passes
 * unextracted (its long values are then cut by `maxAttributeBytes` as before), counted as `skippedBusy`.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_ATTACHMENTS, type AttachmentReference } from "@honeyhive/core/attachments/reference";
import { noteInternalError } from "../internal/guard";
import { type ExtractionLimits, base64Chars, extractValue } from "./extract-value";
import { type UploadCounters, UploadQueue } from "./upload-queue";
import type { AttachmentStore } from "./attachment-store";

/** The stage's counters (`diagnostics().attachments`). */
export interface AttachmentCounters extends UploadCounters {
  /** The store attachments go to. */
  store: string;
  /** Payloads replaced by a reference. */
  extracted: number;
  /** Payloads over the size limit, replaced by the dropped text. */
  tooLarge: number;
  /** Spans passed on unextracted because `maxHeldSpans` spans were held already. */
  skippedBusy: number;
}

/** Settings of an {@link AttachmentStage}. */
export interface AttachmentStageOptions extends ExtractionLimits {
  readonly store: AttachmentStore;
  /** Most spans held for extraction at once. @defaultValue 32 */
  readonly maxHeldSpans?: number;
}

type Attributes = Record<string, unknown>;

/** See the module comment. */
export class AttachmentStage {
  readonly #limits: ExtractionLimits;
  readonly #uploads: UploadQueue;
  readonly #next: (span: ReadableSpan) => void;
  readonly #minChars: number;
  readonly #maxHeld: number;
  readonly #held = new Set<Promise<void>>();
  #extracted = 0;
  #tooLarge = 0;
  #skippedBusy = 0;

  /** @param next - where every span goes on (the pipeline's queue). */
  constructor(options: AttachmentStageOptions, next: (span: ReadableSpan) => void) {
    this.#limits = { thresholdBytes: options.thresholdBytes, maxBytes: options.maxBytes };
    this.#uploads = new UploadQueue(options.store);
    this.#next = next;
    this.#minChars = base64Chars(options.thresholdBytes);
    this.#maxHeld = options.maxHeldSpans ?? 32;
  }

  /** Hands `span` on now, or after its extraction when it may carry a payload. Never throws. */
  push(span: ReadableSpan): void {
    if (!this.#mayCarry(span.attributes as Attributes)) {
      this.#next(span);
      return;
    }
    if (this.#held.size >= this.#maxHeld) {
      this.#skippedBusy++;
      this.#next(span);
      return;
    }
    const done = this.#extract(span).finally(() => {
      this.#held.delete(done);
      try {
        this.#next(span);
      } catch (error) {
        noteInternalError(error);
      }
    });
    this.#held.add(done);
  }

  /** Resolves once every held span was handed on and every upload ended (true), or at `timeoutMs` (false). */
  async idle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#held.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)));
      await Promise.race([Promise.all(this.#held), timeout]);
      clearTimeout(timer);
    }
    return this.#uploads.idle(Math.max(1, deadline - Date.now()));
  }

  /**
   * The attachments of a JSON object sent outside spans (a session start's inputs, as `evaluate()` sends a datapoint's)
   * replaced by their references, as a span attribute's are; undefined (at once) when it holds no string long enough to
   * carry a payload. `flush()` waits for it. Never rejects: on failure it resolves to `value` unchanged.
   */
  extractObject(value: Record<string, unknown>): Promise<Record<string, unknown>> | undefined {
    let text: string;
    try {
      text = JSON.stringify(value);
    } catch {
      return undefined;
    }
    if (text.length < this.#minChars) return undefined;
    const done = extractValue(text, this.#limits, this.#uploads).then((result) => {
      this.#tooLarge += result.tooLarge;
      this.#extracted += result.references.length;
      return result.value === text ? value : (JSON.parse(result.value) as Record<string, unknown>);
    }).catch((error: unknown) => {
      noteInternalError(error);
      return value;
    });
    const held = done.then(() => undefined);
    this.#held.add(held);
    void held.finally(() => this.#held.delete(held));
    return done;
  }

  /** Whether spans are held for extraction now. */
  get holding(): boolean {
    return this.#held.size > 0;
  }

  /** Whether uploads wait or run. */
  get uploading(): boolean {
    return this.#uploads.busy;
  }

  /** A snapshot of the counters. */
  counters(): AttachmentCounters {
    return { store: this.#uploads.storeKind, extracted: this.#extracted, tooLarge: this.#tooLarge, skippedBusy: this.#skippedBusy, ...this.#uploads.counters };
  }

  #mayCarry(attributes: Attributes | undefined): boolean {
    if (attributes === undefined) return false;
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value === "string" && value.length >= this.#minChars) return true;
    }
    return false;
  }

  async #extract(span: ReadableSpan): Promise<void> {
    const attributes = span.attributes as Attributes;
    const found: AttachmentReference[] = [];
    try {
      for (const key of Object.keys(attributes)) {
        const value = attributes[key];
        if (typeof value !== "string" || value.length < this.#minChars) continue;
        const result = await extractValue(value, this.#limits, this.#uploads);
        if (result.value !== value) attributes[key] = result.value;
        this.#tooLarge += result.tooLarge;
        this.#extracted += result.references.length;
        found.push(...result.references);
      }
    } catch (error) {
      noteInternalError(error); // the span goes on with what was extracted; its long values are cut at export
    }
    if (found.length > 0) attributes[ATTR_ATTACHMENTS] = attachmentList(attributes[ATTR_ATTACHMENTS], found);
  }
}

/** The span's attachment list: what it listed already, then `found`, one entry per URI. */
function attachmentList(existing: unknown, found: readonly AttachmentReference[]): string {
  let list: AttachmentReference[] = [];
  if (typeof existing === "string") {
    try {
      const parsed: unknown = JSON.parse(existing);
      if (Array.isArray(parsed)) list = parsed as AttachmentReference[];
    } catch {
      // not a list: replaced
    }
  }
  const uris = new Set(list.map((ref) => ref?.uri));
  for (const ref of found) {
    if (uris.has(ref.uri)) continue;
    uris.add(ref.uri);
    list.push(ref);
  }
  return JSON.stringify(list);
}
