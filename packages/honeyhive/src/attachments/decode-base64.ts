/**
 * Base64 decoding and SHA-256 hashing in slices, yielding to the event loop once a turn's time budget is spent
 * (`turn-budget.ts`), so a 20 MB payload never blocks it for long (measured in `bench/attachments.mjs`). Standard and URL-safe alphabets; a truncated tail (a last
 * quantum of 1 character) is dropped, 2 or 3 characters give their whole bytes: what decodes is kept, nothing throws.
 * Where the runtime has no incremental hash, Web Crypto's one-shot digest hashes the decoded bytes.
 */
import { hexOfBytes } from "@honeyhive/core/ids/random";
import { runtime } from "../runtime/platform";
import { TurnBudget } from "./turn-budget";

/** Base64 characters decoded (and hashed) per step: 24 KB of bytes. */
const SLICE_CHARS = 32 * 1024;

/** The byte count `chars` base64 characters (no padding counted) decode to at most. */
export function decodedSize(chars: number): number {
  return Math.floor((chars * 3) / 4);
}

/** Decoded bytes and their SHA-256. */
export interface DecodedPayload {
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

/** Decodes `value[start, end)` (base64 characters only) without hashing: the first bytes, for their type. */
export function decodeHead(value: string, start: number, end: number): Uint8Array {
  const support = runtime.attachmentBytes;
  const out = support.alloc(decodedSize(end - start) + 3);
  return out.subarray(0, support.decodeBase64Into(out, value.slice(start, end), 0));
}

/**
 * Decodes and hashes `value[start, end)` (base64 characters only, as the run scanner found them), in slices, yielding
 * when a turn's budget is spent. Never rejects on bad input: invalid slices contribute no bytes.
 */
export async function decodeAndHash(value: string, start: number, end: number): Promise<DecodedPayload> {
  const support = runtime.attachmentBytes;
  const out = support.alloc(decodedSize(end - start) + 3);
  const hash = support.sha256();
  const budget = new TurnBudget();
  let written = 0;
  for (let at = start; at < end; at += SLICE_CHARS) {
    await budget.spend();
    const count = support.decodeBase64Into(out, value.slice(at, Math.min(end, at + SLICE_CHARS)), written);
    hash?.update(out.subarray(written, written + count));
    written += count;
  }
  const bytes = out.subarray(0, written);
  return { bytes, sha256: hash ? hash.hex() : hexOfBytes(new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes))) };
}

/** Bytes hashed per step. */
const HASH_SLICE_BYTES = 64 * 1024;

/** The lowercase hex SHA-256 of `bytes`, hashed in slices (yielding when a turn's budget is spent). */
export async function hashBytes(bytes: Uint8Array): Promise<string> {
  const hash = runtime.attachmentBytes.sha256();
  if (hash === undefined) return hexOfBytes(new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes)));
  const budget = new TurnBudget();
  for (let at = 0; at < bytes.length; at += HASH_SLICE_BYTES) {
    await budget.spend();
    hash.update(bytes.subarray(at, Math.min(bytes.length, at + HASH_SLICE_BYTES)));
  }
  return hash.hex();
}
