/**
 * The `attachments` tracer option: how images, audio and documents in span values are extracted and where their
 * bytes go (`attachments/`). Resolved once; an unknown key names the closest key of this level (the caller warns, or
 * throws in strict mode).
 */
import type { AttachmentReference } from "@honeyhive/core/attachments/reference";
import { positiveInteger } from "./option-values";
import { unknownOptionMessages } from "./unknown-options";

/**
 * A destination for attachment bytes. `put` runs from a bounded background queue, never on the request path; it may
 * reject (the failure is counted in `diagnostics().attachments.failed`).
 */
export interface AttachmentStore {
  /** A short name for diagnostics. */
  readonly kind: string;
  /**
   * False when the store keeps no bytes: a payload outside any message part is then replaced by the placeholder text
   * `[image/png 5.0 MB sha256:...]` instead of the URI. @defaultValue true
   */
  readonly keepsBytes?: boolean;
  /** Stores `bytes` under `ref.uri` (`hh-attachment://sha256/<hex>`: equal bytes, equal URI). */
  put(ref: AttachmentReference, bytes: Uint8Array): Promise<void>;
  /**
   * The bytes stored under `ref.uri`, undefined when the store does not have them; what `resolveAttachment` reads.
   * A store without `get` cannot give bytes back (the placeholder store, a presign store without `presignGet`).
   */
  get?(ref: AttachmentReference): Promise<Uint8Array | undefined>;
}

/** What a presign function returns: the URL to PUT to, or the URL and the headers its signature covers. */
export type PresignedPut = string | { readonly url: string; readonly headers?: Readonly<Record<string, string>> };

/** Presigns an S3-compatible PUT of one attachment (the object key may use the hash in `ref.uri`). */
export type PresignFunction = (ref: AttachmentReference) => PresignedPut | Promise<PresignedPut>;

/** The `attachments` option. */
export interface AttachmentOptions {
  /** Smallest payload extracted (decoded bytes); smaller ones stay inline. @defaultValue 16384 */
  thresholdBytes?: number;
  /** Largest payload extracted; a larger one is replaced by `[<type> <size> not kept: over the attachment limit]`. @defaultValue 33554432 */
  maxBytes?: number;
  /**
   * Where bytes go: `"dev-server"` (the HoneyHive dev server at `serverUrl`), `"placeholder"` (nowhere: spans keep
   * references and `[image/png 5.0 MB sha256:...]`), or a store of your own. @defaultValue `"dev-server"` when
   * `serverUrl` is a loopback address, else `"placeholder"`
   */
  store?: "dev-server" | "placeholder" | AttachmentStore;
  /** Your own bucket: a function that returns an S3-compatible presigned PUT URL per attachment (instead of `store`). */
  presign?: PresignFunction;
  /**
   * With `presign`: a function that returns a presigned GET URL of an attachment, so that `resolveAttachment` (in an
   * evaluator, for a dataset's attachments) can read the bytes back. Without it, references stay unresolved.
   */
  presignGet?: PresignFunction;
}

/** The resolved option: off, or limits and the store choice (`auto`: by `serverUrl`). */
export type ResolvedAttachments =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      readonly thresholdBytes: number;
      readonly maxBytes: number;
      readonly store: "auto" | "dev-server" | "placeholder" | AttachmentStore | { readonly presign: PresignFunction; readonly presignGet?: PresignFunction };
    };

const KEYS = ["thresholdBytes", "maxBytes", "store", "presign", "presignGet"];
const DEFAULTS = { thresholdBytes: 16 * 1024, maxBytes: 32 * 1024 * 1024 };

function isStore(value: unknown): value is AttachmentStore {
  return typeof value === "object" && value !== null && typeof (value as AttachmentStore).put === "function" && typeof (value as AttachmentStore).kind === "string";
}

function storeChoice(o: AttachmentOptions, errors: string[]): Extract<ResolvedAttachments, { enabled: true }>["store"] {
  if (o.presign !== undefined) {
    if (o.presignGet !== undefined && typeof o.presignGet !== "function") errors.push('option "attachments.presignGet" must be a function returning a presigned GET URL');
    if (typeof o.presign === "function") return typeof o.presignGet === "function" ? { presign: o.presign, presignGet: o.presignGet } : { presign: o.presign };
    errors.push('option "attachments.presign" must be a function returning a presigned PUT URL');
  } else if (o.presignGet !== undefined) errors.push('option "attachments.presignGet" goes with "attachments.presign" (the bucket it reads from)');
  if (o.store === undefined) return "auto";
  if (o.store === "dev-server" || o.store === "placeholder" || isStore(o.store)) return o.store;
  errors.push('option "attachments.store" must be "dev-server", "placeholder" or { kind: string, put(ref, bytes) }');
  return "auto";
}

/**
 * `attachments`: `false` turns extraction off; an object sets it up; absent: on, with the defaults. Wrong values go to
 * `errors`, unknown keys to `unknown` (as messages naming the closest key of this level).
 */
export function resolveAttachmentsOption(value: unknown, errors: string[], unknown: string[] = errors): ResolvedAttachments {
  if (value === false) return { enabled: false };
  if (value === undefined || value === null || value === true) return { enabled: true, ...DEFAULTS, store: "auto" };
  if (typeof value !== "object") {
    errors.push('option "attachments" must be false or { thresholdBytes?, maxBytes?, store?, presign?, presignGet? }');
    return { enabled: true, ...DEFAULTS, store: "auto" };
  }
  const o = value as AttachmentOptions;
  unknown.push(...unknownOptionMessages(o, KEYS, 'option "attachments"'));
  return {
    enabled: true,
    thresholdBytes: positiveInteger(o.thresholdBytes, "attachments.thresholdBytes", errors) ?? DEFAULTS.thresholdBytes,
    maxBytes: positiveInteger(o.maxBytes, "attachments.maxBytes", errors) ?? DEFAULTS.maxBytes,
    store: storeChoice(o, errors),
  };
}
