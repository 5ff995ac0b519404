/**
 * The bounded queue between extraction and the store: at most `maxQueued` uploads and `maxQueuedBytes` bytes wait,
 * `concurrency` run at once; equal bytes (one URI) are uploaded once per process (the last `rememberedUris` URIs stored
 * are remembered; an offer of bytes being uploaded shares that upload). Each offer says whether the bytes are stored:
 * at once (stored before, or not kept: a full queue, a store that keeps no bytes) or when the upload ends, so a span
 * names only stored bytes (decision record 0055). Full queue, failed uploads: counted, told to the `onLost` listener,
 * never thrown. {@link idle} is what `flush()` waits for.
 */
import type { AttachmentReference } from "@honeyhive/core/attachments/reference";
import { noteInternalError } from "../internal/guard";
import type { AttachmentStore } from "./attachment-store";

/** The upload queue's counters (in `diagnostics().attachments`). */
export interface UploadCounters {
  /** Uploads the store accepted. */
  uploaded: number;
  /** Attachments not uploaded because the same bytes were uploaded (or are being uploaded) already. */
  deduplicated: number;
  /** Uploads the store rejected or that threw. */
  failed: number;
  /** Uploads dropped because the queue was full. */
  queueFull: number;
}

/** Limits of an {@link UploadQueue}. */
export interface UploadQueueLimits {
  readonly maxQueued: number;
  readonly maxQueuedBytes: number;
  readonly concurrency: number;
  readonly rememberedUris: number;
}

/** Default limits: 64 uploads or 64 MB waiting, 2 at once, 10,000 URIs remembered. */
export const DEFAULT_UPLOAD_LIMITS: UploadQueueLimits = Object.freeze({ maxQueued: 64, maxQueuedBytes: 64 * 1024 * 1024, concurrency: 2, rememberedUris: 10_000 });

/** Whether offered bytes are stored: true or false now, or a promise of it (an upload that has not ended). Never rejects. */
export type UploadOutcome = boolean | Promise<boolean>;

/** Told when offered bytes were not stored: `reason` says why (an upload's error, a full queue), without any URL. */
export type OnUploadLost = (reason: string) => void;

interface Upload {
  readonly ref: AttachmentReference;
  readonly bytes: Uint8Array;
  readonly settle: (stored: boolean) => void;
}

/** Longest error text kept as a failure's reason. */
const MAX_REASON_CHARS = 200;

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : "the store rejected the upload";
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}...` : text;
}

/** See the module comment. */
export class UploadQueue {
  readonly counters: UploadCounters = { uploaded: 0, deduplicated: 0, failed: 0, queueFull: 0 };
  readonly #store: AttachmentStore;
  readonly #limits: UploadQueueLimits;
  readonly #onLost: OnUploadLost | undefined;
  readonly #waiting: Upload[] = [];
  /** URIs whose bytes the store accepted (the last `rememberedUris`). */
  readonly #stored = new Set<string>();
  /** Uploads waiting or running, by URI. */
  readonly #pending = new Map<string, Promise<boolean>>();
  #queuedBytes = 0;
  #running = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(store: AttachmentStore, limits: UploadQueueLimits = DEFAULT_UPLOAD_LIMITS, onLost?: OnUploadLost) {
    this.#store = store;
    this.#limits = limits;
    this.#onLost = onLost;
  }

  /** The store's kind. */
  get storeKind(): string {
    return this.#store.kind;
  }

  /** Queues one upload; O(1), never throws. Says whether the bytes are (or will be) stored. */
  offer(ref: AttachmentReference, bytes: Uint8Array): UploadOutcome {
    if (this.#store.keepsBytes === false) return false; // nothing to upload: the span keeps the placeholder
    const pending = this.#pending.get(ref.uri);
    if (this.#stored.has(ref.uri) || pending !== undefined) {
      this.counters.deduplicated++;
      return pending ?? true;
    }
    if (this.#waiting.length >= this.#limits.maxQueued || this.#queuedBytes + bytes.length > this.#limits.maxQueuedBytes) {
      this.counters.queueFull++;
      this.#lost(`the upload queue is full (${this.#limits.maxQueued} uploads or ${Math.round(this.#limits.maxQueuedBytes / (1024 * 1024))} MB waiting)`);
      return false;
    }
    let settle: (stored: boolean) => void = () => undefined;
    const outcome = new Promise<boolean>((resolve) => (settle = resolve));
    this.#pending.set(ref.uri, outcome);
    this.#waiting.push({ ref, bytes, settle });
    this.#queuedBytes += bytes.length;
    this.#pump();
    return outcome;
  }

  /** Resolves true once nothing waits or runs, false when `timeoutMs` passes first. Never rejects. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      (timer as { unref?: () => void }).unref?.();
      this.#idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  #lost(reason: string): void {
    try {
      this.#onLost?.(reason);
    } catch (error) {
      noteInternalError(error);
    }
  }

  #remember(uri: string): void {
    this.#stored.add(uri);
    if (this.#stored.size > this.#limits.rememberedUris) {
      const oldest = this.#stored.values().next().value;
      if (oldest !== undefined) this.#stored.delete(oldest);
    }
  }

  #pump(): void {
    while (this.#running < this.#limits.concurrency && this.#waiting.length > 0) {
      const upload = this.#waiting.shift() as Upload;
      this.#queuedBytes -= upload.bytes.length;
      this.#running++;
      void this.#run(upload);
    }
    if (this.#running === 0 && this.#waiting.length === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  async #run(upload: Upload): Promise<void> {
    let stored = false;
    try {
      await this.#store.put(upload.ref, upload.bytes);
      stored = true;
      this.counters.uploaded++;
      this.#remember(upload.ref.uri);
    } catch (error) {
      this.counters.failed++; // the same bytes may be offered again: they are not remembered
      if (!(error instanceof Error)) noteInternalError(error);
      this.#lost(reasonOf(error));
    } finally {
      this.#pending.delete(upload.ref.uri);
      upload.settle(stored);
      this.#running--;
      this.#pump();
    }
  }
}
