/**
 * Attachments (images, audio, documents the SDK extracted from spans): `PUT` / `POST /v1/attachments/sha256/{hex}`
 * stores the body under its SHA-256 (the path must name the body's hash: 400 otherwise) for the caller's project,
 * reading it within the server's shared budget of body bytes in flight (`maxBufferedBytes`: 503 busy beyond it);
 * `GET` serves it back. Served bytes are typed by their own magic numbers (never by what the uploader claimed), so an
 * SVG or HTML file is `application/octet-stream` sent as a download, and every answer carries `nosniff` and a
 * sandboxing Content-Security-Policy: no uploaded file runs script in the viewer's origin.
 */
import { createHash } from "node:crypto";
import { UNKNOWN_MIME, sniffMime } from "@honeyhive/core/attachments/sniff-mime";
import { badRequest, notFound } from "../http/http-error";
import { BytesReply } from "../http/router";
import type { ApiRoute, RouteContext } from "./route-context";

/** Largest attachment the server takes (the SDK's default `attachments.maxBytes`). */
export const MAX_ATTACHMENT_BYTES = 32 * 1024 * 1024;

/** Types served inline (shown by the browser); anything else is a download. */
const INLINE = /^(image\/(png|jpeg|gif|webp)|audio\/[a-z0-9.+-]+|video\/(mp4|webm)|application\/pdf)$/;

function hashParam(ctx: RouteContext): string {
  const hex = ctx.params.hex ?? "";
  if (!/^[0-9a-f]{64}$/.test(hex)) throw badRequest("the path must end with the attachment's SHA-256 as 64 lowercase hex digits");
  return hex;
}

async function putAttachment(ctx: RouteContext): Promise<unknown> {
  const sha256 = hashParam(ctx);
  // within the server's shared budget of body bytes in flight, as every other body: concurrent uploads of large files
  // are answered 503 busy (Retry-After: 1) once it is spent, instead of each holding up to 32 MB more
  const bytes = await ctx.rawBody(MAX_ATTACHMENT_BYTES);
  if (bytes.length === 0) throw badRequest("empty attachment");
  if (createHash("sha256").update(bytes).digest("hex") !== sha256) throw badRequest("the body's SHA-256 is not the one the path names");
  const mime = sniffMime(bytes);
  const created = await ctx.store.putAttachment(ctx.project.id, { sha256, mime, bytes });
  return { stored: true, created, sha256, mime_type: mime, size: bytes.length };
}

/** The headers a served attachment gets: its sniffed type, and no way to run as a page of this origin. */
export function attachmentHeaders(sha256: string, mime: string): Record<string, string> {
  const inline = mime !== UNKNOWN_MIME && INLINE.test(mime);
  return {
    "content-type": mime,
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'",
    "content-disposition": `${inline ? "inline" : "attachment"}; filename="${sha256.slice(0, 16)}"`,
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "private, max-age=31536000, immutable",
  };
}

async function getAttachment(ctx: RouteContext): Promise<unknown> {
  const sha256 = hashParam(ctx);
  const found = await ctx.store.getAttachment(ctx.project.id, sha256);
  if (!found) throw notFound(`attachment ${sha256} not found`);
  return new BytesReply(found.bytes, attachmentHeaders(sha256, found.mime));
}

/** The attachment routes. */
export const attachmentRoutes: readonly ApiRoute[] = [
  { method: "PUT", pattern: "/attachments/sha256/:hex", handler: putAttachment },
  { method: "POST", pattern: "/attachments/sha256/:hex", handler: putAttachment },
  { method: "GET", pattern: "/attachments/sha256/:hex", handler: getAttachment },
];

