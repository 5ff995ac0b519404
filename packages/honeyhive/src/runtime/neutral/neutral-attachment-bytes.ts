/** Attachment bytes with Web APIs only: `atob`, and no incremental hash (Web Crypto's one-shot digest is used). */
import type { AttachmentByteSupport } from "../runtime";

/** See {@link AttachmentByteSupport}. */
export const neutralAttachmentBytes: AttachmentByteSupport = {
  alloc: (size) => new Uint8Array(size),
  encodeBase64: (bytes) => {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  },
  decodeBase64Into: (target, text, offset) => {
    const whole = text.length % 4 === 1 ? text.slice(0, -1) : text;
    let binary: string;
    try {
      binary = atob(whole.replace(/-/g, "+").replace(/_/g, "/"));
    } catch {
      return 0; // not base64: no bytes
    }
    const count = Math.min(binary.length, target.length - offset);
    for (let i = 0; i < count; i++) target[offset + i] = binary.charCodeAt(i);
    return count;
  },
  sha256: () => undefined,
};
