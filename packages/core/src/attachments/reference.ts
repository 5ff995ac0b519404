/**
 * The reference that stands in a span for extracted bytes (decision record 0044): an OpenTelemetry GenAI `uri` part
 * `{type: "uri", uri, mime_type, modality, size}` whose URI names the content hash, `hh-attachment://sha256/<hex>`
 * (lowercase hex of the SHA-256 of the bytes), so equal bytes have one reference and are stored once.
 */
import { modalityOf } from "./sniff-mime";

/** The scheme and path of every attachment URI; the lowercase hex SHA-256 of the bytes follows. */
export const ATTACHMENT_URI_PREFIX = "hh-attachment://sha256/";

/** The span attribute that lists a span's attachments (a JSON array of {@link AttachmentReference}). */
export const ATTR_ATTACHMENTS = "honeyhive_attachments";

/** A reference part in the OpenTelemetry GenAI shape. */
export interface AttachmentReference {
  readonly type: "uri";
  /** `hh-attachment://sha256/<hex>`. */
  readonly uri: string;
  /** The type the bytes show (magic numbers), `application/octet-stream` when unknown. */
  readonly mime_type: string;
  readonly modality: "image" | "audio" | "video" | "document";
  /** Size of the bytes. */
  readonly size: number;
  /** The type the sender claimed (a data URI's prefix, a part's `media_type`) when it differs from `mime_type`. */
  readonly claimed_mime_type?: string;
  /** A name the sender gave (a file part's `filename`). */
  readonly name?: string;
}

/** The URI of bytes whose SHA-256 is `sha256Hex`. */
export function attachmentUri(sha256Hex: string): string {
  return ATTACHMENT_URI_PREFIX + sha256Hex;
}

/** The SHA-256 hex an attachment URI names, or undefined when `uri` is not one (64 lowercase hex digits). */
export function attachmentHash(uri: string): string | undefined {
  if (!uri.startsWith(ATTACHMENT_URI_PREFIX)) return undefined;
  const hex = uri.slice(ATTACHMENT_URI_PREFIX.length);
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

/** Builds a reference; `claimed` is kept only when it differs from what the bytes show. */
export function attachmentReference(sha256Hex: string, mime: string, size: number, claimed?: string, name?: string): AttachmentReference {
  const ref: AttachmentReference = { type: "uri", uri: attachmentUri(sha256Hex), mime_type: mime, modality: modalityOf(mime), size };
  const withClaim = claimed !== undefined && claimed !== "" && claimed !== mime ? { ...ref, claimed_mime_type: claimed } : ref;
  return name !== undefined && name !== "" ? { ...withClaim, name } : withClaim;
}

/** A byte count for people: `512 B`, `16.0 KB`, `5.0 MB` (powers of 1024). */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The text the placeholder store keeps in place of bytes: `[image/png 5.0 MB sha256:<first 12 hex>...]`. */
export function placeholderText(ref: Pick<AttachmentReference, "uri" | "mime_type" | "size">): string {
  const hash = ref.uri.startsWith(ATTACHMENT_URI_PREFIX) ? ref.uri.slice(ATTACHMENT_URI_PREFIX.length, ATTACHMENT_URI_PREFIX.length + 12) : "?";
  return `[${ref.mime_type} ${formatByteSize(ref.size)} sha256:${hash}\u2026]`;
}

/** The text left for a value too large to extract: `[image/png 200.0 MB not kept: over the attachment limit]`. */
export function droppedText(mime: string, size: number): string {
  return `[${mime} ${formatByteSize(size)} not kept: over the attachment limit]`;
}

/**
 * The texts that stand for an attachment in a message ({@link placeholderText}: `[image/png 5.0 MB sha256:…]`, and
 * {@link droppedText}), as they appear in a string.
 */
const ATTACHMENT_TEXT = /\[[\w!#$&^.+-]+\/[\w!#$&^.+-]+ \d+(?:\.\d)? (?:B|KB|MB) (?:sha256:[0-9a-f?]{1,12}\u2026|not kept: over the attachment limit)\]/g;

/** The attachment texts (placeholders and dropped texts) `text` holds, in order; none for a text without one. */
export function attachmentTexts(text: string): string[] {
  if (!text.includes(" sha256:") && !text.includes("not kept: over the attachment limit")) return [];
  return text.match(ATTACHMENT_TEXT) ?? [];
}
