/**
 * Finds the attachments of a message or an event: the SDK's reference parts (`{type: "uri", uri:
 * "hh-attachment://sha256/<hex>", mime_type, modality, size, name?}`, decision record 0044) and images given by an
 * external URL (OpenAI `image_url` / `input_image`, Anthropic `source: {type: "url"}`, GenAI `uri` parts, AI SDK
 * `image` parts). Pure and total: bounded scans, unknown shapes give nothing, never an error.
 */
import { ATTACHMENT_URI_PREFIX, attachmentHash } from "@honeyhive/core/attachments/reference";

/** Bytes the SDK stored in the dev server, named by their SHA-256. */
export interface StoredAttachment {
  kind: "stored";
  sha256: string;
  mimeType: string;
  modality: string;
  size: number | null;
  name: string | null;
}

/** An image (or file) the call referenced by an external URL; the viewer links it and loads it only on request. */
export interface ExternalAttachment {
  kind: "external";
  url: string;
  modality: string;
}

/** One attachment as the viewer shows it. */
export type AttachmentPart = StoredAttachment | ExternalAttachment;

const MAX_PARTS = 100;
const MAX_NODES = 5000;
const MAX_DEPTH = 12;

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function strOf(o: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = o && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
  return typeof v === "string" ? v : undefined;
}

/** The stored attachment a reference part names, or undefined. */
function storedOf(p: Record<string, unknown>): StoredAttachment | undefined {
  const uri = strOf(p, "uri");
  const sha256 = uri === undefined ? undefined : attachmentHash(uri);
  if (sha256 === undefined) return undefined;
  const size = p.size;
  return {
    kind: "stored", sha256, mimeType: strOf(p, "mime_type") ?? "application/octet-stream", modality: strOf(p, "modality") ?? "document",
    size: typeof size === "number" && Number.isFinite(size) ? size : null, name: strOf(p, "name") ?? strOf(p, "filename") ?? null,
  };
}

function isExternalUrl(url: string | undefined): url is string {
  return url !== undefined && url.length <= 4096 && /^https?:\/\/[^\s]+$/i.test(url);
}

/** The external image a part points at, or undefined. */
function externalOf(p: Record<string, unknown>): ExternalAttachment | undefined {
  const type = strOf(p, "type");
  const candidates = [
    type === "image_url" ? strOf(rec(p.image_url), "url") ?? strOf(p, "image_url") : undefined,
    type === "input_image" ? strOf(p, "image_url") : undefined,
    type === "image" ? strOf(rec(p.source), "url") ?? strOf(p, "image") ?? strOf(p, "url") : undefined,
    type === "uri" ? strOf(p, "uri") : undefined,
  ];
  const url = candidates.find(isExternalUrl);
  if (url === undefined) return undefined;
  const modality = type === "uri" ? strOf(p, "modality") ?? "image" : "image";
  return { kind: "external", url, modality };
}

function partOf(v: unknown): AttachmentPart | undefined {
  const p = rec(v);
  if (!p) return undefined;
  return storedOf(p) ?? externalOf(p);
}

/** True for a part the viewer shows as an attachment (its text is not the message's text). */
export function isAttachmentPart(v: unknown): boolean {
  return partOf(v) !== undefined;
}

function keyOf(part: AttachmentPart): string {
  return part.kind === "stored" ? part.sha256 : part.url;
}

/** Adds `part` to `out` unless an equal one is there (which then takes the file name `part` gives, if it had none). */
function addUnique(out: AttachmentPart[], part: AttachmentPart): void {
  const same = out.find((o) => keyOf(o) === keyOf(part));
  if (same === undefined) {
    if (out.length < MAX_PARTS) out.push(part);
  } else if (same.kind === "stored" && part.kind === "stored" && same.name === null && part.name !== null) same.name = part.name;
}

/**
 * Gives each stored attachment of `messages` that has no file name the name another occurrence of the same bytes in
 * the event gives (`named`: every stored attachment of its inputs, outputs and metadata, the span's list among them):
 * an instrumentation may drop a part's file name where the request it recorded (or the SDK's list) kept it.
 */
export function nameFromEvent(messages: readonly { attachments: AttachmentPart[] }[], named: readonly StoredAttachment[]): void {
  const names = new Map(named.flatMap((a) => (a.name === null ? [] : [[a.sha256, a.name] as const])));
  if (names.size === 0) return;
  for (const m of messages) {
    for (const a of m.attachments) if (a.kind === "stored" && a.name === null) a.name = names.get(a.sha256) ?? null;
  }
}

/** The attachments among a message's content parts (an array of parts; anything else has none). */
export function messageAttachments(content: unknown): AttachmentPart[] {
  const out: AttachmentPart[] = [];
  if (!Array.isArray(content)) return out;
  for (const item of content.slice(0, MAX_PARTS * 10)) {
    const part = partOf(item);
    if (part) addUnique(out, part);
  }
  return out;
}

/** A JSON string value that may hold references (the span's attachment list), parsed; other values as they are. */
function parsedIfJson(v: unknown): unknown {
  if (typeof v !== "string" || !v.includes(ATTACHMENT_URI_PREFIX) || v.length > 1_000_000) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Every stored attachment referenced anywhere in `value` (inputs, outputs, metadata), each once, in the order found. */
export function storedAttachmentsIn(value: unknown): StoredAttachment[] {
  const out: AttachmentPart[] = [];
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_NODES && out.length < MAX_PARTS) {
    const { v, depth } = stack.pop()!;
    visited += 1;
    const node = parsedIfJson(v);
    if (typeof node !== "object" || node === null || depth > MAX_DEPTH) continue;
    const stored = Array.isArray(node) ? undefined : storedOf(node as Record<string, unknown>);
    if (stored) addUnique(out, stored);
    const children = Array.isArray(node) ? node : Object.values(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ v: children[i], depth: depth + 1 });
  }
  return out as StoredAttachment[];
}

/** Whether `text` names the attachment: its whole hash, or the hash's start as its placeholder writes it (`sha256:<12 hex>…`). */
function namesAttachment(text: string, sha256: string): boolean {
  return text.includes(sha256) || text.includes(`sha256:${sha256.slice(0, 12)}\u2026`);
}

/**
 * Adds to each message the listed attachments (the span's `honeyhive_attachments`) whose hash its text names but its
 * parts do not: shapes whose references stay inside text (a Responses API input kept as JSON text) and the
 * conversation's `chat_history`, which keeps each attachment as its placeholder `[image/png 5.0 MB sha256:…]`.
 */
export function attachListed(messages: readonly { content: string; attachments: AttachmentPart[] }[], listed: readonly StoredAttachment[]): void {
  for (const m of messages) {
    for (const a of listed) {
      if (namesAttachment(m.content, a.sha256) && !m.attachments.some((o) => keyOf(o) === a.sha256)) m.attachments.push(a);
    }
  }
}
