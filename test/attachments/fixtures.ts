/** Real file headers for the attachment tests: a valid 1x1 PNG, and signatures of the other types, padded to a size. */
import { deflateSync } from "node:zlib";
import { createHash } from "node:crypto";
import type { AttachmentStore } from "../../packages/honeyhive/src/config/attachments-option";

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A valid PNG of `width` x `height` noisy RGB pixels (noise, so it does not compress: the file is about
 * 3 * width * height bytes). `seed` changes the pixels.
 */
export function png(width: number, height: number, seed = 1): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < raw.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    raw[i] = i % (width * 3 + 1) === 0 ? 0 : x & 0xff;
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 0 })), chunk("IEND", Buffer.alloc(0))]);
}

/** `head` followed by pseudo-random bytes up to `size`. */
export function padded(head: Uint8Array | string, size: number, seed = 7): Buffer {
  const start = typeof head === "string" ? Buffer.from(head, "latin1") : Buffer.from(head);
  const out = Buffer.alloc(Math.max(size, start.length));
  start.copy(out);
  let x = seed;
  for (let i = start.length; i < out.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** The lowercase hex SHA-256 of `bytes` (the test's own computation). */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** `data:<mime>;base64,<bytes>`. */
export function dataUri(mime: string, bytes: Uint8Array): string {
  return `data:${mime};base64,${Buffer.from(bytes).toString("base64")}`;
}

/** A store that keeps what it is given, in memory (the test's own). */
export function memoryStore(): AttachmentStore & { puts: Array<{ uri: string; bytes: Uint8Array }> } {
  const puts: Array<{ uri: string; bytes: Uint8Array }> = [];
  return { kind: "memory", puts, put: async (ref, bytes) => void puts.push({ uri: ref.uri, bytes: new Uint8Array(bytes) }) };
}
