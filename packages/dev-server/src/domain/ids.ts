/**
 * Id helpers: stable UUIDs for ids the server derives: name-based (version 5) for project, org and
 * trace-session ids, and a fast hash-based version 8 for the event id of a span without `honeyhive_event_id`.
 */
import { createHash } from "node:crypto";
import { isUuid } from "@honeyhive/core/ids/uuid";
import { hash128 } from "./fast-hash";
import { nativeText } from "./native-text";

/** Namespace of every name-based id the dev server derives. */
const NAMESPACE = Buffer.from("6f1c2d4e8a3b4c5d9e0f1a2b3c4d5e6f", "hex");

/** A stable UUIDv5 for `name` in the dev server's namespace (lowercase). */
export function uuidFromName(name: string): string {
  const hash = createHash("sha1").update(NAMESPACE).update(name, "utf8").digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** ASCII of the hex digits, and the UUID text being built (36 characters, dashes in place). */
const HEX_DIGITS = Buffer.from("0123456789abcdef", "latin1");
const UUID_TEXT = Buffer.from("00000000-0000-0000-0000-000000000000", "latin1");
const UUID_SLICES = nativeText(UUID_TEXT);
/** Position in {@link UUID_TEXT} of each of the 32 hex digits. */
const DIGIT_AT = Array.from({ length: 32 }, (_, d) => d + (d >= 8 ? 1 : 0) + (d >= 12 ? 1 : 0) + (d >= 16 ? 1 : 0) + (d >= 20 ? 1 : 0));

function writeWordDigits(word: number, firstDigit: number): void {
  for (let i = 0; i < 8; i++) UUID_TEXT[DIGIT_AT[firstDigit + i]!] = HEX_DIGITS[(word >>> (28 - 4 * i)) & 0xf]!;
}

/**
 * The event id of a span that does not name one: a UUID (version 8, "custom") made of the 128-bit
 * MurmurHash3 of its trace and span ids. Stable across requests and restarts.
 */
export function spanEventId(traceId: string, spanId: string): string {
  // The hash's 32 hex digits in UUID layout; digit 12 becomes the version (8), digit 16 the variant (its low
  // two bits under 0b10). Built in one buffer: this runs for every ingested span.
  const words = hash128(`${traceId}:${spanId}`);
  for (let w = 0; w < 4; w++) writeWordDigits(words[w]!, 8 * w);
  UUID_TEXT[DIGIT_AT[12]!] = HEX_DIGITS[8]!;
  UUID_TEXT[DIGIT_AT[16]!] = HEX_DIGITS[8 + ((words[2]! >>> 28) & 0x3)]!;
  return UUID_SLICES.latin1Slice(0, 36);
}

/** The session id of a span that carries none: one session per trace. */
export function traceSessionId(traceId: string): string {
  return uuidFromName(`trace:${traceId}`);
}

/** Lowercases UUIDs; returns other non-empty strings unchanged and undefined for anything else. */
export function normalizeId(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  return isUuid(trimmed) ? trimmed.toLowerCase() : trimmed;
}

/** The org id every project of this server reports. */
export const ORG_ID = uuidFromName("org:local");
/** The workspace id every project of this server reports. */
export const WORKSPACE_ID = uuidFromName("workspace:local");
