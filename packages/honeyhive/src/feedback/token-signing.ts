import { decodeUtf8, encodeUtf8 } from "../internal/utf8";
/**
 * Signing and checking feedback tokens with HMAC-SHA256 through Web Crypto (Node, browsers' workers, edge runtimes).
 * The signing key is derived from the secret (the API key or a `secret` option) by one HMAC, so neither the key nor
 * the secret is in a token and a token does not reveal either.
 */

/** What a token carries (short keys: tokens travel in pages and requests). */
export interface FeedbackTokenClaims {
  /** The event (or session) id. */
  e: string;
  /** Expiry, milliseconds since the epoch. */
  x: number;
  /** Feedback names allowed; absent: any. */
  n?: string[];
  /** The token's own random id (the default idempotency key of what it records). */
  i: string;
}

/** Why a token was refused: `expired` (401) or `invalid` (forged, tampered with or malformed: 403). */
export type TokenCheck = { ok: true; claims: FeedbackTokenClaims } | { ok: false; reason: "expired" | "invalid" };

const VERSION = "hhf1";
const DERIVATION_LABEL = "honeyhive feedback token signing key v1";
/** UTF-8 bytes of `text` (the encoder made when first needed: importing this module needs no TextEncoder). */
export function utf8(text: string): Uint8Array {
  return encodeUtf8(text);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Web Crypto's key object (the global type is not in every `lib` setting). */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

async function hmacKey(raw: Uint8Array, usages: ("sign" | "verify")[]): Promise<HmacKey> {
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, usages);
}

/** The signing key derived from `secret`: HMAC-SHA256(secret, label). */
async function signingKey(secret: string): Promise<HmacKey> {
  const root = await hmacKey(utf8(secret), ["sign"]);
  const derived = new Uint8Array(await crypto.subtle.sign("HMAC", root, utf8(DERIVATION_LABEL)));
  return hmacKey(derived, ["sign", "verify"]);
}

/** A signed token: `hhf1.<claims as base64url JSON>.<HMAC-SHA256 as base64url>`. */
export async function signClaims(claims: FeedbackTokenClaims, secret: string): Promise<string> {
  const body = `${VERSION}.${toBase64Url(utf8(JSON.stringify(claims)))}`;
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", await signingKey(secret), utf8(body)));
  return `${body}.${toBase64Url(signature)}`;
}

function claimsOf(value: unknown): FeedbackTokenClaims | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { e, x, n, i } = value as Record<string, unknown>;
  if (typeof e !== "string" || typeof x !== "number" || typeof i !== "string") return undefined;
  if (n !== undefined && !(Array.isArray(n) && n.every((name) => typeof name === "string"))) return undefined;
  return value as FeedbackTokenClaims;
}

/** Checks a token's signature (constant time, by Web Crypto) and expiry at `now`. Never throws. */
export async function checkToken(token: unknown, secret: string, now: number): Promise<TokenCheck> {
  try {
    if (typeof token !== "string" || token.length > 4096) return { ok: false, reason: "invalid" };
    const parts = token.split(".");
    if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: "invalid" };
    const payload = fromBase64Url(parts[1] as string);
    const signature = fromBase64Url(parts[2] as string);
    if (!payload || !signature) return { ok: false, reason: "invalid" };
    const valid = await crypto.subtle.verify("HMAC", await signingKey(secret), signature, utf8(`${parts[0]}.${parts[1]}`));
    if (!valid) return { ok: false, reason: "invalid" };
    const claims = claimsOf(JSON.parse(decodeUtf8(payload)));
    if (!claims) return { ok: false, reason: "invalid" };
    return claims.x <= now ? { ok: false, reason: "expired" } : { ok: true, claims };
  } catch {
    return { ok: false, reason: "invalid" };
  }
}
