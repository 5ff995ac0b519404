/**
 * The bounded queue between extraction and the store: at most `maxQueued` uploads and `maxQueuedBytes` bytes wait,
 * `concurrency` run at once; equal bytes (one URI) are uploaded once per process (the last `rememberedUris` URIs are
 * remembered). Full queue, failed uploads: counted, never thrown. {@link idle} is what `flush()` waits for.
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

interface Upload {
  readonly ref: AttachmentReference;
  readonly bytes: Uint8Array;
}

/** See the module comment. */
export class UploadQueue {
  readonly counters: UploadCounters = { uploaded: 0, deduplicated: 0, failed: 0, queueFull: 0 };
  readonly #store: AttachmentStore;
  readonly #limits: UploadQueueLimits;
  readonly #waiting: Upload[] = [];
  readonly #seen = new Set<string>();
  #queuedBytes = 0;
  #running = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(store: AttachmentStore, limits: UploadQueueLimits = DEFAULT_UPLOAD_LIMITS) {
    this.#store = store;
    this.#limits = limits;
  }

  /** The store's kind. */
  get storeKind(): string {
    return this.#store.kind;
  }

  /** Whether uploads wait or run. */
  get busy(): boolean {
    return this.#running > 0 || this.#waiting.length > 0;
  }

  /** Whether bare payloads get the placeholder text (a store that keeps no bytes). */
  get placeholders(): boolean {
    return this.#store.keepsBytes === false;
  }

  /** Queues one upload; O(1), never throws. False when it was dropped (queue full). */
  offer(ref: AttachmentReference, bytes: Uint8Array): boolean {
    if (this.#store.keepsBytes === false) return true; // nothing to upload: the span keeps the reference only
    if (this.#seen.has(ref.uri)) {
      this.counters.deduplicated++;
      return true;
    }
    if (this.#waiting.length >= this.#limits.maxQueued || this.#queuedBytes + bytes.length > this.#limits.maxQueuedBytes) {
      this.counters.queueFull++;
      return false;
    }
    this.#remember(ref.uri);
    this.#waiting.push({ ref, bytes });
    this.#queuedBytes += bytes.length;
    this.#pump();
    return true;
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

  #remember(uri: string): void {
    this.#seen.add(uri);
    if (this.#seen.size > this.#limits.rememberedUris) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
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
    try {
      await this.#store.put(upload.ref, upload.bytes);
      this.counters.uploaded++;
    } catch (error) {
      this.counters.failed++;
      this.#seen.delete(upload.ref.uri); // the same bytes may be offered again
      if (!(error instanceof Error)) noteInternalError(error);
    } finally {
      this.#running--;
      this.#pump();
    }
  }
}
