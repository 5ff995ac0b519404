/**
 * The export pipeline's attachment stage: a finished span whose attributes hold a string long enough to carry a
 * payload (the only check on the hot path: one length comparison per string attribute; once the process made an
 * `attachment()` value, shorter strings are also searched for its explicit parameter) is held here while its
 * payloads are extracted (`extract-value.ts`: sliced decoding, hashing off the JavaScript thread), then while the
 * uploads its references name run (`upload-waits.ts`), then handed on; every other span passes straight through. A
 * reference whose upload failed (or had not ended when the span had to go) becomes the placeholder text, so a span
 * names only stored bytes (decision record 0055); such a loss is counted, warned about once, and makes the next
 * `flush()` false. At most `maxHeldSpans` spans are held for extraction; beyond that a span passes unextracted (its
 * long values are then cut by `maxAttributeBytes` as before), counted as `skippedBusy`.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_ATTACHMENTS, type AttachmentReference } from "@honeyhive/core/attachments/reference";
import type { Logger } from "@honeyhive/core/log/logger";
import { noteInternalError } from "../internal/guard";
import { explicitAttachmentsMade } from "./attachment";
import { type ExtractedValue, type ExtractionLimits, extractValue } from "./extract-value";
import { base64Chars, mayHoldPayload } from "./payload-check";
import { DEFAULT_UPLOAD_LIMITS, type UploadCounters, type UploadOutcome, UploadQueue } from "./upload-queue";
import { DEFAULT_UPLOAD_WAIT_LIMITS, type UploadWaitLimits, UploadWaits, type UploadsEnded } from "./upload-waits";

/** Default limits of the waits of session inputs for their uploads (see {@link AttachmentStageOptions.objectUploadWaits}). */
const DEFAULT_OBJECT_WAIT_LIMITS: UploadWaitLimits = Object.freeze({ maxWaiting: 1024, maxWaitMs: 5_000 });
import { attachmentList } from "./attachment-list";
import type { AttachmentStore } from "./attachment-store";

/** The stage's counters (`diagnostics().attachments`). */
export interface AttachmentCounters extends UploadCounters {
  /** The store attachments go to. */
  store: string;
  /** Payloads replaced by a reference (or, when their bytes were not kept, the placeholder text). */
  extracted: number;
  /** Payloads over the size limit, replaced by the dropped text. */
  tooLarge: number;
  /** Spans passed on unextracted because `maxHeldSpans` spans were held already. */
  skippedBusy: number;
  /** References sent as the placeholder because their upload had not ended when the span had to go (a wait's limit, a flush's deadline). */
  unconfirmed: number;
}

/** Settings of an {@link AttachmentStage}. */
export interface AttachmentStageOptions extends ExtractionLimits {
  readonly store: AttachmentStore;
  /** Most spans held for extraction at once. @defaultValue 32 */
  readonly maxHeldSpans?: number;
  /** How long, and how many, extracted spans wait for their uploads. @defaultValue 60 s, 1,024 */
  readonly uploadWaits?: UploadWaitLimits;
  /**
   * How long, and how many, session inputs (sent outside spans) wait for their uploads: shorter, as a session start
   * waits for them and a flush waits for the session starts. @defaultValue 5 s, 1,024
   */
  readonly objectUploadWaits?: UploadWaitLimits;
  /** Where the one warning about lost attachments goes. */
  readonly logger?: Logger;
}

type Attributes = Record<string, unknown>;
type Outcomes = Map<string, Exclude<UploadOutcome, false>>;

/** What extraction made of one span: the values it changed, by attribute key, and the uploads they name. */
interface SpanExtraction {
  readonly values: Array<[key: string, value: ExtractedValue]>;
  readonly outcomes: Outcomes;
}

/** See the module comment. */
export class AttachmentStage {
  readonly #limits: ExtractionLimits;
  readonly #uploads: UploadQueue;
  readonly #waits: UploadWaits;
  readonly #objectWaits: UploadWaits;
  readonly #next: (span: ReadableSpan) => void;
  readonly #logger: Logger | undefined;
  readonly #minChars: number;
  readonly #maxHeld: number;
  readonly #held = new Set<Promise<void>>();
  #extracted = 0;
  #tooLarge = 0;
  #skippedBusy = 0;
  #unconfirmed = 0;
  /** Whether an attachment was lost since the last flush reported it. */
  #lostSinceFlush = false;

  /** @param next - where every span goes on (the pipeline's queue). */
  constructor(options: AttachmentStageOptions, next: (span: ReadableSpan) => void) {
    this.#limits = { thresholdBytes: options.thresholdBytes, maxBytes: options.maxBytes };
    this.#uploads = new UploadQueue(options.store, DEFAULT_UPLOAD_LIMITS, (reason) => this.#noteLoss(reason));
    this.#waits = new UploadWaits(options.uploadWaits ?? DEFAULT_UPLOAD_WAIT_LIMITS);
    this.#objectWaits = new UploadWaits(options.objectUploadWaits ?? DEFAULT_OBJECT_WAIT_LIMITS);
    this.#next = next;
    this.#logger = options.logger;
    this.#minChars = base64Chars(options.thresholdBytes);
    this.#maxHeld = options.maxHeldSpans ?? 32;
  }

  /** Hands `span` on now, or after its extraction and uploads when it may carry a payload. Never throws. */
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
    const extraction = this.#extract(span);
    const held = extraction.then(() => undefined);
    this.#held.add(held);
    void held.finally(() => this.#held.delete(held));
    void extraction.then((found) => this.#waits.wait(found.outcomes, (ended) => this.#finish(span, found, ended)));
  }

  /**
   * Resolves once every held span (and session inputs) was handed on (true), or at `timeoutMs` (false); spans still
   * waiting for uploads then stay held (see {@link releaseWaiting}). An upload no span waits for any more (its span went
   * with the placeholder) is not waited for: no span names its bytes.
   */
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
    const objects = await this.#objectWaits.whenEmpty(Math.max(1, deadline - Date.now()));
    return (await this.#waits.whenEmpty(Math.max(1, deadline - Date.now()))) && objects;
  }

  /** Hands on every span (and session inputs) still waiting for uploads, with placeholders for those not ended. */
  releaseWaiting(): void {
    this.#objectWaits.releaseAll();
    this.#waits.releaseAll();
  }

  /** True when no attachment was lost since the previous call (which reported the loss); used by `flush()`. */
  takeNothingLost(): boolean {
    const lost = this.#lostSinceFlush;
    this.#lostSinceFlush = false;
    return !lost;
  }

  /**
   * The attachments of a JSON object sent outside spans (a session start's inputs, as `evaluate()` sends a datapoint's)
   * replaced by their references (or placeholders, as a span attribute's are), once their uploads ended; undefined (at
   * once) when it holds no string long enough to carry a payload. `flush()` waits for it. Never rejects: on failure it
   * resolves to `value` unchanged.
   */
  extractObject(value: Record<string, unknown>): Promise<Record<string, unknown>> | undefined {
    let text: string;
    try {
      text = JSON.stringify(value);
    } catch {
      return undefined;
    }
    if (!this.#mayHold(text, explicitAttachmentsMade())) return undefined;
    const extraction = extractValue(text, this.#limits, this.#uploads).then((result) => {
      this.#tooLarge += result.tooLarge;
      this.#extracted += result.references.length;
      return result;
    });
    const held = extraction.then(() => undefined, () => undefined);
    this.#held.add(held);
    void held.finally(() => this.#held.delete(held));
    return extraction.then((result) => new Promise<string>((resolve) => this.#objectWaits.wait(result.outcomes, (ended) => {
      this.#countLoss(ended);
      resolve(ended.lost.size > 0 ? result.withPlaceholders(ended.lost) : result.value);
    }))).then((extracted) => (extracted === text ? value : (JSON.parse(extracted) as Record<string, unknown>))).catch((error: unknown) => {
      noteInternalError(error);
      return value;
    });
  }

  /** Whether spans are held for extraction or uploads now. */
  get holding(): boolean {
    return this.#held.size > 0 || this.#waits.size > 0 || this.#objectWaits.size > 0;
  }

  /** A snapshot of the counters. */
  counters(): AttachmentCounters {
    return {
      store: this.#uploads.storeKind, extracted: this.#extracted, tooLarge: this.#tooLarge, skippedBusy: this.#skippedBusy,
      unconfirmed: this.#unconfirmed, ...this.#uploads.counters,
    };
  }

  #mayCarry(attributes: Attributes | undefined): boolean {
    if (attributes === undefined) return false;
    const explicit = explicitAttachmentsMade();
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value === "string" && this.#mayHold(value, explicit)) return true;
    }
    return false;
  }

  /** Whether a string may hold a payload: long enough, or (once `attachment()` was used) an explicit attachment. */
  #mayHold(value: string, explicit: boolean): boolean {
    return mayHoldPayload(value, this.#minChars, explicit);
  }

  /** Extracts the span's long values in place (with the URIs of uploads still running). Never rejects. */
  async #extract(span: ReadableSpan): Promise<SpanExtraction> {
    const attributes = span.attributes as Attributes;
    const found: SpanExtraction = { values: [], outcomes: new Map() };
    try {
      for (const key of Object.keys(attributes)) {
        const value = attributes[key];
        if (typeof value !== "string" || !this.#mayHold(value, explicitAttachmentsMade())) continue;
        const result = await extractValue(value, this.#limits, this.#uploads);
        if (result.value === value) continue;
        attributes[key] = result.value;
        this.#tooLarge += result.tooLarge;
        this.#extracted += result.references.length;
        found.values.push([key, result]);
        for (const [uri, outcome] of result.outcomes) found.outcomes.set(uri, outcome);
      }
    } catch (error) {
      noteInternalError(error); // the span goes on with what was extracted; its long values are cut at export
    }
    return found;
  }

  /** Once the span's uploads ended: its lost references become placeholders, the stored ones are listed; handed on. */
  #finish(span: ReadableSpan, found: SpanExtraction, ended: UploadsEnded): void {
    const attributes = span.attributes as Attributes;
    try {
      this.#countLoss(ended);
      const listed: AttachmentReference[] = [];
      for (const [key, result] of found.values) {
        if (ended.lost.size > 0 && [...result.outcomes.keys()].some((uri) => ended.lost.has(uri))) attributes[key] = result.withPlaceholders(ended.lost);
        for (const ref of result.references) if (result.outcomes.has(ref.uri) && !ended.lost.has(ref.uri)) listed.push(ref);
      }
      if (listed.length > 0) attributes[ATTR_ATTACHMENTS] = attachmentList(attributes[ATTR_ATTACHMENTS], listed);
    } catch (error) {
      noteInternalError(error);
    }
    try {
      this.#next(span);
    } catch (error) {
      noteInternalError(error);
    }
  }

  #countLoss(ended: UploadsEnded): void {
    if (ended.unconfirmed === 0) return;
    this.#unconfirmed += ended.unconfirmed;
    this.#noteLoss(`${ended.unconfirmed === 1 ? "an upload" : `${ended.unconfirmed} uploads`} had not ended when the span was sent`);
  }

  /** A reference became the placeholder because its bytes were not stored: warned about once, and the next flush is false. */
  #noteLoss(reason: string): void {
    this.#lostSinceFlush = true;
    this.#logger?.warnOnce(
      "attachment-lost",
      `attachment not stored in the ${this.#uploads.storeKind} store (${reason}): the span keeps its placeholder text instead of a reference; ` +
        "further losses are counted in diagnostics().attachments (failed, queueFull, unconfirmed) and make flush() return false",
    );
  }
}
