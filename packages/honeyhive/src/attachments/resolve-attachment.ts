/**
 * `resolveAttachment`: the bytes behind an attachment value, for an evaluator or a traced function that receives a
 * dataset's attachments. A reference part (what a pushed dataset's datapoints and exported spans hold) or its URI is
 * read from the store (the active tracer's, as `evaluate()` sets it, unless one is given) and checked against the
 * hash its URI names; a data URI (an `attachment()` value of a local dataset) is decoded; bytes are returned as they
 * are. Resolves to undefined, never rejects, when the bytes cannot be had: a store that keeps none (the placeholder
 * store), an unknown or failed read, bytes that do not match their hash, a value that is not an attachment.
 */
import { type AttachmentReference, attachmentHash } from "@honeyhive/core/attachments/reference";
import { findBase64Runs } from "@honeyhive/core/attachments/base64-runs";
import { SNIFF_BYTES, sniffMime } from "@honeyhive/core/attachments/sniff-mime";
import type { AttachmentStore } from "../config/attachments-option";
import { discoverTracerHandle } from "../context/discover";
import type { TracerReference } from "../context/tracer-handle";
import { noteInternalError } from "../internal/guard";
import { decodeAndHash, hashBytes } from "./decode-base64";
import { attachmentSettingsOf } from "./attachments-feature";
import { chosenStore } from "./stage-options";

/** An attachment's bytes and what they are. */
export interface ResolvedAttachment {
  readonly bytes: Uint8Array;
  /** The type the bytes show (magic numbers), `application/octet-stream` when unknown. */
  readonly mimeType: string;
  readonly size: number;
  /** The name the reference or data URI gave, if any. */
  readonly name?: string;
}

/** Options of {@link resolveAttachment}. */
export interface ResolveAttachmentOptions {
  /** The store to read from. @defaultValue the store of `tracer`, else of the active (or default) tracer */
  store?: AttachmentStore;
  /** The tracer whose store is read. */
  tracer?: TracerReference;
}

/** An attachment value: a reference part, its `hh-attachment://` URI, a data URI, or bytes. */
export type AttachmentValue = AttachmentReference | string | Uint8Array | ArrayBuffer;

function resolved(bytes: Uint8Array, name: unknown): ResolvedAttachment {
  const mimeType = sniffMime(bytes.subarray(0, SNIFF_BYTES));
  return typeof name === "string" && name !== "" ? { bytes, mimeType, size: bytes.length, name } : { bytes, mimeType, size: bytes.length };
}

/** The bytes of a data URI (`data:<type>[;name=…];base64,…`), undefined for any other string. */
async function fromDataUri(value: string): Promise<ResolvedAttachment | undefined> {
  if (!value.startsWith("data:")) return undefined;
  const run = findBase64Runs(value, 1).find((r) => r.from === 0 && r.end === value.length);
  if (run === undefined) return undefined;
  const { bytes } = await decodeAndHash(value, run.start, run.end);
  return resolved(bytes, run.name);
}

function storeFor(options: ResolveAttachmentOptions | undefined): AttachmentStore | undefined {
  if (options?.store !== undefined) return options.store;
  const settings = attachmentSettingsOf(discoverTracerHandle(options?.tracer).tracer);
  return settings === undefined ? undefined : chosenStore(settings);
}

async function fromStore(ref: AttachmentReference, options: ResolveAttachmentOptions | undefined): Promise<ResolvedAttachment | undefined> {
  const hex = attachmentHash(ref.uri);
  const store = storeFor(options);
  if (hex === undefined || store?.get === undefined) return undefined;
  const bytes = await store.get(ref);
  if (bytes === undefined || (await hashBytes(bytes)) !== hex) return undefined;
  return resolved(bytes, ref.name);
}

function referenceOf(value: unknown): AttachmentReference | undefined {
  if (typeof value === "string") return attachmentHash(value) === undefined ? undefined : ({ type: "uri", uri: value } as AttachmentReference);
  if (typeof value !== "object" || value === null) return undefined;
  const uri = (value as { uri?: unknown }).uri;
  return typeof uri === "string" && attachmentHash(uri) !== undefined ? (value as AttachmentReference) : undefined;
}

/**
 * The bytes of an attachment value (see the module comment); undefined when they cannot be had. Never rejects.
 *
 * @example
 * evaluate({ datasetId, function: describe, evaluators: [async (output, inputs) => {
 *   const image = await resolveAttachment(inputs.image);
 *   return image?.mimeType === "image/png";
 * }] });
 */
export async function resolveAttachment(value: AttachmentValue | unknown, options?: ResolveAttachmentOptions): Promise<ResolvedAttachment | undefined> {
  try {
    if (value instanceof Uint8Array) return resolved(value, undefined);
    if (value instanceof ArrayBuffer) return resolved(new Uint8Array(value), undefined);
    const ref = referenceOf(value);
    if (ref !== undefined) return await fromStore(ref, options);
    return typeof value === "string" ? await fromDataUri(value) : undefined;
  } catch (error) {
    if (!(error instanceof Error)) noteInternalError(error);
    return undefined;
  }
}
