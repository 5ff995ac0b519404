/** Attachment bytes on Node: Buffer's native base64 decoder and node:crypto's incremental SHA-256. */
import { createHash } from "node:crypto";
import type { AttachmentByteSupport } from "../runtime";

/** See {@link AttachmentByteSupport}. */
export const nodeAttachmentBytes: AttachmentByteSupport = {
  alloc: (size) => Buffer.allocUnsafeSlow(size),
  encodeBase64: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64"),
  decodeBase64Into: (target, text, offset) => {
    const buffer = Buffer.isBuffer(target) ? target : Buffer.from(target.buffer, target.byteOffset, target.byteLength);
    return buffer.write(text, offset, buffer.length - offset, "base64");
  },
  sha256: () => {
    const hash = createHash("sha256");
    return { update: (bytes) => void hash.update(bytes), hex: () => hash.digest("hex") };
  },
};
