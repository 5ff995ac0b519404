/**
 * Attachments in datasets as code: before `pushDataset` / `diffDataset` compare rows, every large value in an item's
 * inputs, ground truth and history (an `attachment()` data URI, any data URI or bare base64, JSON text holding one,
 * `Uint8Array` / `Buffer` / `ArrayBuffer` bytes) is replaced by its reference part (`{type: "uri", uri, mime_type,
 * modality, size}`), its bytes kept aside; the push uploads the bytes of the rows it writes (before writing them) to
 * the store the `attachments` option chooses (the dev server's for a loopback client, a presign function's bucket,
 * your own store), so a datapoint stays small and equal bytes give an equal reference, hence an equal content version.
 * With no store that keeps bytes (HoneyHive cloud without `presign` or `store`), rows are pushed as they are. A row
 * holding a payload over `maxBytes` is an error (a dataset never keeps a file in part).
 */
import { ATTACHMENT_URI_PREFIX, type AttachmentReference, attachmentReference, droppedText, formatByteSize } from "@honeyhive/core/attachments/reference";
import { SNIFF_BYTES, sniffMime } from "@honeyhive/core/attachments/sniff-mime";
import { connectionOf } from "../api-client/client-connection";
import { HoneyHiveApiError } from "../api-client/honeyhive-api-error";
import { plainDataUri } from "../attachments/attachment";
import { hashBytes } from "../attachments/decode-base64";
import { type ExtractionLimits, base64Chars, extractValue, holdsExplicitAttachment } from "../attachments/extract-value";
import { chosenStore } from "../attachments/stage-options";
import { UploadQueue } from "../attachments/upload-queue";
import { type AttachmentOptions, type AttachmentStore, resolveAttachmentsOption } from "../config/attachments-option";
import { reportUnknownOptions } from "../config/unknown-options";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { runWorkerPool } from "../runtime/worker-pool";
import type { DatasetEntry } from "./dataset-entry";

/** Deepest nesting walked in an item. */
const MAX_DEPTH = 64;
/** Uploads at once. */
const UPLOAD_CONCURRENCY = 4;
/** No limits on the collecting queue: the bytes are the items' own, already in memory. */
const COLLECT_LIMITS = { maxQueued: Number.MAX_SAFE_INTEGER, maxQueuedBytes: Number.MAX_SAFE_INTEGER, concurrency: Number.MAX_SAFE_INTEGER, rememberedUris: Number.MAX_SAFE_INTEGER };

type Item = Record<string, unknown>;

function isPlainObject(value: unknown): value is Item {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer);
}

function bytesOf(value: unknown): Uint8Array | undefined {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

/** The `hh-attachment://` URIs `text` names, each once. */
function urisIn(text: string): Set<string> {
  const found = new Set<string>();
  for (let at = text.indexOf(ATTACHMENT_URI_PREFIX); at >= 0; at = text.indexOf(ATTACHMENT_URI_PREFIX, at + 1)) {
    found.add(text.slice(at, at + ATTACHMENT_URI_PREFIX.length + 64));
  }
  return found;
}

/** One dataset function's attachment handling: see the module comment. */
export class DatasetAttachments {
  readonly #store: AttachmentStore;
  readonly #limits: ExtractionLimits;
  readonly #minChars: number;
  readonly #kept = new Map<string, { ref: AttachmentReference; bytes: Uint8Array }>();
  readonly #queue: UploadQueue;
  /** Payloads of the item being extracted that were over the size limit. */
  #tooLarge = 0;

  constructor(store: AttachmentStore, limits: ExtractionLimits) {
    this.#store = store;
    this.#limits = limits;
    this.#minChars = base64Chars(limits.thresholdBytes);
    const kept = this.#kept;
    const collect = (ref: AttachmentReference, bytes: Uint8Array): Promise<void> => {
      kept.set(ref.uri, { ref, bytes });
      return Promise.resolve();
    };
    this.#queue = new UploadQueue({ kind: "collect", put: collect }, COLLECT_LIMITS);
  }

  /** `items` with the large values of their inputs, ground truth and history replaced by reference parts. */
  async extractItems(items: readonly unknown[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const item of items) {
      if (!isPlainObject(item)) {
        out.push(item);
        continue;
      }
      const copy: Item = { ...item };
      this.#tooLarge = 0;
      for (const field of ["inputs", "ground_truth", "ground_truths", "history"]) if (field in copy) copy[field] = await this.#extract(copy[field], 0);
      if (this.#tooLarge > 0) throw new EvaluationConfigError(`dataset[${out.length}] holds ${this.#tooLarge} attachment(s) over attachments.maxBytes (${formatByteSize(this.#limits.maxBytes)})`);
      out.push(copy);
    }
    await this.#queue.idle(60_000);
    return out;
  }

  /** Uploads the bytes `entries` reference (the rows about to be written); throws when one could not be stored. */
  async upload(entries: readonly DatasetEntry[], signal?: AbortSignal): Promise<void> {
    const uris = new Set<string>();
    for (const entry of entries) for (const uri of urisIn(entry.canonical)) if (this.#kept.has(uri)) uris.add(uri);
    const pending = [...uris].map((uri) => this.#kept.get(uri)!);
    const failures: string[] = [];
    await runWorkerPool(pending.length, UPLOAD_CONCURRENCY, async (i) => {
      const { ref, bytes } = pending[i]!;
      await this.#store.put(ref, bytes).catch((error: unknown) => void failures.push(error instanceof Error ? error.message : String(error)));
    }, signal);
    if (signal?.aborted) throw new HoneyHiveApiError("the dataset push was cancelled");
    if (failures.length > 0) throw new HoneyHiveApiError(`${failures.length} of ${pending.length} attachments could not be stored (${this.#store.kind}): ${failures[0]}`);
  }

  async #extract(value: unknown, depth: number): Promise<unknown> {
    if (typeof value === "string") return value.length >= this.#minChars || holdsExplicitAttachment(value) ? this.#extractString(value) : value;
    const bytes = bytesOf(value);
    if (bytes !== undefined) return this.#extractBytes(bytes);
    if (depth >= MAX_DEPTH) return value;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const element of value) out.push(await this.#extract(element, depth + 1));
      return out;
    }
    if (!isPlainObject(value)) return value;
    const out: Item = {};
    for (const [name, field] of Object.entries(value)) out[name] = await this.#extract(field, depth + 1);
    return out;
  }

  /** A string that is one payload becomes its reference part; text holding payloads keeps their URIs in place. */
  async #extractString(value: string): Promise<unknown> {
    const result = await extractValue(value, this.#limits, this.#queue);
    this.#tooLarge += result.tooLarge;
    const only = result.references.length === 1 ? result.references[0] : undefined;
    return only !== undefined && result.value === only.uri ? only : result.value;
  }

  async #extractBytes(bytes: Uint8Array): Promise<unknown> {
    const mime = sniffMime(bytes.subarray(0, SNIFF_BYTES));
    if (bytes.length < this.#limits.thresholdBytes) return plainDataUri(bytes, mime);
    if (bytes.length > this.#limits.maxBytes) {
      this.#tooLarge++;
      return droppedText(mime, bytes.length);
    }
    const ref = attachmentReference(await hashBytes(bytes), mime, bytes.length);
    void this.#queue.offer(ref, bytes);
    return ref;
  }
}

/**
 * The attachment handling of dataset function `fn` for `client` (an API client) and its `attachments` option (as the
 * tracer's: `false`, or `{ thresholdBytes?, maxBytes?, store?, presign?, presignGet? }`); undefined when it is off or
 * no store keeps bytes. Throws {@link EvaluationConfigError} for an invalid option value; an unknown key warns and is
 * ignored (strict mode: thrown).
 */
export function datasetAttachments(fn: string, option: false | AttachmentOptions | undefined, client: object): DatasetAttachments | undefined {
  const errors: string[] = [];
  const unknown: string[] = [];
  const resolved = resolveAttachmentsOption(option, errors, unknown);
  reportUnknownOptions(unknown.map((message) => `${fn}: ${message}`), { fail: (messages) => new EvaluationConfigError(messages.join("; ")) });
  if (errors.length > 0) throw new EvaluationConfigError(`${fn}: ${errors.join("; ")}`);
  if (!resolved.enabled) return undefined;
  const connection = connectionOf(client);
  const store = chosenStore({ attachments: resolved, serverUrl: connection?.serverUrl ?? "", apiKey: connection?.apiKey });
  if (store.keepsBytes === false) return undefined;
  return new DatasetAttachments(store, { thresholdBytes: resolved.thresholdBytes, maxBytes: resolved.maxBytes });
}
