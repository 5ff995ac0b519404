/**
 * Id helpers: stable UUIDs for ids the server derives: name-based (version 5) for project, org and
 * trace-session ids, and a fast hash-based version 8 for the event id of a span without `honeyhive_event_id`.
 */
import { createHash } from "node:crypto";
import { isUuid } from "@honeyhive/core/ids/uuid";
import { hash128, hex4, hex8 } from "./fast-hash";

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

/**
 * The event id of a span that does not name one: a UUID (version 8, "custom") made of the 128-bit
 * MurmurHash3 of its trace and span ids. Stable across requests and restarts.
 */
export function spanEventId(traceId: string, spanId: string): string {
  // The UUID layout of the hash's 32 hex digits, written from its four words: digit 12 becomes the version (8),
  // digit 16 the variant (its low two bits under 0b10).
  const [w1, w2, w3, w4] = hash128(`${traceId}:${spanId}`) as unknown as [number, number, number, number];
  const variant = VARIANT_DIGITS[(w3 >>> 28) & 0x3]!;
  return `${hex8(w1)}-${hex4(w2 >>> 16)}-8${hex4(w2).slice(1)}-${variant}${hex4(w3 >>> 16).slice(1)}-${hex4(w3)}${hex8(w4)}`;
}

const VARIANT_DIGITS = ["8", "9", "a", "b"];

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
