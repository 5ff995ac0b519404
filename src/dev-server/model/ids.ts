/**
 * Id helpers: stable name-based UUIDs (RFC 4122 version 5) for ids the server derives, such as the
 * event id of a span without `honeyhive_event_id`, and project/org ids.
 */
import { createHash } from "node:crypto";
import { isUuid } from "../../internal/uuid";

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

/** The event id of a span that does not name one: derived from its trace and span ids. */
export function spanEventId(traceId: string, spanId: string): string {
  return uuidFromName(`span:${traceId}:${spanId}`);
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

/** The org and workspace ids every project of this server reports. */
export const ORG_ID = uuidFromName("org:local");
export const WORKSPACE_ID = uuidFromName("workspace:local");
