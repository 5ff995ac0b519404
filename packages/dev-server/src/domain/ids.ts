/**
 * Id helpers: stable UUIDs for ids the server derives: name-based (version 5) for project, org and
 * trace-session ids, and a fast hash-based version 8 for the event id of a span without `honeyhive_event_id`.
 */
import { createHash } from "node:crypto";
import { isUuid } from "@honeyhive/core/ids/uuid";
import { hash128Hex } from "./fast-hash";

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
  const hex = hash128Hex(`${traceId}:${spanId}`);
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
