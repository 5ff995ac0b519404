/**
 * The MIME type of bytes from their magic numbers (the first bytes only): what the bytes are wins over what a
 * caller claims. Unknown bytes are `application/octet-stream`.
 */

/** The type of bytes no signature matched. */
export const UNKNOWN_MIME = "application/octet-stream";

/** How many leading bytes {@link sniffMime} reads (enough for every signature it knows). */
export const SNIFF_BYTES = 16;

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[at + i] !== signature[i]) return false;
  return true;
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

const RIFF = ascii("RIFF");
const FTYP = ascii("ftyp");

/** Signatures at offset 0, first match wins. */
const SIGNATURES: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "image/png"],
  [[0xff, 0xd8, 0xff], "image/jpeg"],
  [ascii("GIF87a"), "image/gif"],
  [ascii("GIF89a"), "image/gif"],
  [ascii("%PDF-"), "application/pdf"],
  [ascii("OggS"), "audio/ogg"],
  [ascii("fLaC"), "audio/flac"],
  [ascii("ID3"), "audio/mpeg"],
  [[0x1a, 0x45, 0xdf, 0xa3], "video/webm"],
];

/** RIFF containers: the form type at offset 8. */
const RIFF_FORMS: ReadonlyArray<readonly [readonly number[], string]> = [
  [ascii("WEBP"), "image/webp"],
  [ascii("WAVE"), "audio/wav"],
];

/** An MPEG audio frame header (MP3 without an ID3 tag): 11 sync bits, then a layer other than "reserved". */
function mpegFrame(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] as number) & 0xe0) === 0xe0 && ((bytes[1] as number) & 0x06) !== 0;
}

/** The MIME type the leading bytes show, or {@link UNKNOWN_MIME}. Reads at most {@link SNIFF_BYTES} bytes. */
export function sniffMime(bytes: Uint8Array): string {
  for (const [signature, mime] of SIGNATURES) if (startsWith(bytes, signature)) return mime;
  if (startsWith(bytes, RIFF)) for (const [form, mime] of RIFF_FORMS) if (startsWith(bytes, form, 8)) return mime;
  if (startsWith(bytes, FTYP, 4)) return startsWith(bytes, ascii("M4A"), 8) ? "audio/mp4" : "video/mp4";
  if (mpegFrame(bytes)) return "audio/mpeg";
  return UNKNOWN_MIME;
}

/** The OpenTelemetry GenAI modality of a MIME type: `image`, `audio`, `video`, else `document`. */
export function modalityOf(mime: string): "image" | "audio" | "video" | "document" {
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("audio/")) return "audio";
  if (mime.startsWith("video/")) return "video";
  return "document";
}
