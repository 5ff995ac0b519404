/**
 * The explicit attachment API: `attachment(bytes | Blob | path, { mimeType, name })` gives a value to put in `trace()`
 * arguments and return values or in `enrichSpan`: a data URI (`data:<type>;name=<name>;hh-attachment=1;base64,...`)
 * that the attachment stage extracts like any other payload (stored once by content hash, replaced in the span by a
 * reference part that keeps the name), whatever its size: the `hh-attachment=1` parameter says it was made to be
 * stored, so the 16 KiB threshold does not apply to it. The type recorded is the one the bytes show; `mimeType` is kept
 * as the claimed type when it differs.
 */
import { EXPLICIT_ATTACHMENT_PARAM } from "@honeyhive/core/attachments/base64-runs";
import { runtime } from "../runtime/platform";

/**
 * Whether this process ever made an `attachment()` value. Until it did, the attachment stage looks at no string
 * shorter than its threshold (one length comparison per attribute); from then on it also looks for the explicit
 * parameter in shorter strings (decision record 0056).
 */
let attachmentsMade = false;

/** See {@link attachmentsMade}. */
export function explicitAttachmentsMade(): boolean {
  return attachmentsMade;
}

/** Options of {@link attachment}. */
export interface AttachmentInit {
  /** The type you claim (the bytes decide; a differing claim is recorded beside). @defaultValue "application/octet-stream" */
  mimeType?: string;
  /** A name shown with the attachment (a file name); a path's base name by default. */
  name?: string;
}

function dataUri(bytes: Uint8Array, init: AttachmentInit | undefined, fallbackName?: string): string {
  const type = (init?.mimeType ?? "application/octet-stream").replace(/[^a-zA-Z0-9!#$&^_.+/-]/g, "");
  const name = init?.name ?? fallbackName;
  attachmentsMade = true;
  return `data:${type}${name ? `;name=${encodeURIComponent(name)}` : ""};${EXPLICIT_ATTACHMENT_PARAM};base64,${runtime.attachmentBytes.encodeBase64(bytes)}`;
}

/** A plain data URI of `bytes` (no explicit parameter: extracted only from the threshold up, like any found payload). */
export function plainDataUri(bytes: Uint8Array, mimeType: string): string {
  return `data:${mimeType.replace(/[^a-zA-Z0-9!#$&^_.+/-]/g, "")};base64,${runtime.attachmentBytes.encodeBase64(bytes)}`;
}

/**
 * An attachment value for span data: pass bytes (`Uint8Array`, `Buffer`, `ArrayBuffer`) or a file path (Node only;
 * read synchronously), and get its data URI; pass a `Blob` and get a promise of it. Never throws: an unreadable path
 * gives the text `[attachment not read: <path>]`.
 */
export function attachment(content: Uint8Array | ArrayBuffer | string, init?: AttachmentInit): string;
export function attachment(content: Blob, init?: AttachmentInit): Promise<string>;
export function attachment(content: Uint8Array | ArrayBuffer | string | Blob, init?: AttachmentInit): string | Promise<string> {
  if (typeof Blob !== "undefined" && content instanceof Blob) {
    const type = init?.mimeType ?? (content.type || undefined);
    return content.arrayBuffer().then((buffer) => dataUri(new Uint8Array(buffer), { ...init, mimeType: type }), () => "[attachment not read: Blob]");
  }
  if (typeof content === "string") {
    try {
      const bytes = runtime.node?.files.readFileSync(content);
      if (bytes === undefined) return `[attachment not read: ${content}]`;
      return dataUri(bytes, init, content.split(/[\\/]/).pop());
    } catch {
      return `[attachment not read: ${content}]`;
    }
  }
  return dataUri(content instanceof ArrayBuffer ? new Uint8Array(content) : (content as Uint8Array), init);
}
