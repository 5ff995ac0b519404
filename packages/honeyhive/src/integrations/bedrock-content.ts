/**
 * Bedrock message content as OpenTelemetry GenAI parts (the shape `gen_ai.input.messages` / `gen_ai.output.messages`
 * carry): the Converse API's content blocks (`{text}`, `{image}`, `{document}`, `{toolUse}`, `{toolResult}`,
 * `{reasoningContent}`; also the body of Amazon Nova's InvokeModel) and the Anthropic Messages blocks of an InvokeModel
 * body (`{type: "text" | "image" | "tool_use" | "tool_result" | "thinking"}`). Image and document bytes become `blob`
 * parts (base64), which the attachment stage stores and replaces with a reference. Pure; unknown blocks read as nothing.
 */
import { modalityOf } from "@honeyhive/core/attachments/sniff-mime";
import { record } from "@honeyhive/core/semconv/genai/read-values";
import { runtime } from "../runtime/platform";

/** One OTel GenAI message part. */
export type OtelPart = Record<string, unknown>;

/** An OTel GenAI message: role and parts. */
export interface OtelMessage {
  role: string;
  parts: OtelPart[];
}

const IMAGE_MIME: Readonly<Record<string, string>> = { png: "image/png", jpeg: "image/jpeg", jpg: "image/jpeg", gif: "image/gif", webp: "image/webp" };
const DOCUMENT_MIME: Readonly<Record<string, string>> = {
  pdf: "application/pdf", csv: "text/csv", doc: "application/msword", txt: "text/plain", md: "text/markdown", html: "text/html",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** A Converse `{image}` / `{document}` block's source as a `blob` (bytes) or `uri` (S3 location) part. */
function mediaPart(media: Record<string, unknown>, mimes: Readonly<Record<string, string>>): OtelPart | undefined {
  const format = typeof media.format === "string" ? media.format.toLowerCase() : "";
  const mime = mimes[format] ?? "application/octet-stream";
  // a document block names its file (`name`): the reference the attachment stage leaves keeps it
  const typed = { mime_type: mime, modality: modalityOf(mime), ...(typeof media.name === "string" && media.name !== "" ? { name: media.name } : {}) };
  const source = record(media.source) ?? {};
  if (source.bytes instanceof Uint8Array) return { type: "blob", ...typed, content: runtime.attachmentBytes.encodeBase64(source.bytes) };
  if (typeof source.bytes === "string") return { type: "blob", ...typed, content: source.bytes };
  const s3 = record(source.s3Location);
  return typeof s3?.uri === "string" ? { type: "uri", ...typed, uri: s3.uri } : undefined;
}

/** A tool result's content (Converse `[{text} | {json}]`, Anthropic string or blocks) as one value: text joined, or the JSON. */
function toolResultValue(content: unknown): unknown {
  if (!Array.isArray(content)) return content ?? null;
  const texts: string[] = [];
  for (const item of content) {
    const block = record(item);
    if (typeof block?.text === "string") texts.push(block.text);
    else if (block?.json !== undefined) return block.json;
  }
  return texts.join("");
}

/** One Converse content block as an OTel part. */
function converseBlockPart(block: Record<string, unknown>): OtelPart | undefined {
  if (typeof block.text === "string") return { type: "text", content: block.text };
  const toolUse = record(block.toolUse);
  if (toolUse) return { type: "tool_call", id: toolUse.toolUseId ?? null, name: toolUse.name, arguments: toolUse.input ?? {} };
  const toolResult = record(block.toolResult);
  if (toolResult) return { type: "tool_call_response", id: toolResult.toolUseId ?? null, response: toolResultValue(toolResult.content) };
  const reasoning = record(record(block.reasoningContent)?.reasoningText);
  if (typeof reasoning?.text === "string") return { type: "reasoning", content: reasoning.text };
  const image = record(block.image);
  if (image) return mediaPart(image, IMAGE_MIME);
  const document = record(block.document);
  return document ? mediaPart(document, DOCUMENT_MIME) : undefined;
}

/** An Anthropic `image` / `document` block's source as a `blob` (base64) or `uri` part. */
function anthropicMediaPart(block: Record<string, unknown>): OtelPart | undefined {
  const source = record(block.source) ?? {};
  const mime = typeof source.media_type === "string" ? source.media_type : "application/octet-stream";
  if (source.type === "base64" && typeof source.data === "string") return { type: "blob", mime_type: mime, modality: modalityOf(mime), content: source.data };
  return typeof source.url === "string" ? { type: "uri", mime_type: mime, modality: modalityOf(mime), uri: source.url } : undefined;
}

/** Readers of the Anthropic Messages content blocks, by `type`. */
const ANTHROPIC_BLOCKS: Readonly<Record<string, (block: Record<string, unknown>) => OtelPart | undefined>> = {
  text: (b) => (typeof b.text === "string" ? { type: "text", content: b.text } : undefined),
  tool_use: (b) => ({ type: "tool_call", id: b.id ?? null, name: b.name, arguments: b.input ?? {} }),
  tool_result: (b) => ({ type: "tool_call_response", id: b.tool_use_id ?? null, response: toolResultValue(b.content) }),
  thinking: (b) => (typeof b.thinking === "string" ? { type: "reasoning", content: b.thinking } : undefined),
  image: anthropicMediaPart,
  document: anthropicMediaPart,
};

/** One Anthropic Messages content block (`type`d) as an OTel part. */
function anthropicBlockPart(block: Record<string, unknown>): OtelPart | undefined {
  const type = block.type as string;
  return Object.prototype.hasOwnProperty.call(ANTHROPIC_BLOCKS, type) ? ANTHROPIC_BLOCKS[type]!(block) : undefined;
}

/** Message content (a string, or Converse / Anthropic blocks) as OTel parts. */
export function contentParts(content: unknown): OtelPart[] {
  if (typeof content === "string") return [{ type: "text", content }];
  if (!Array.isArray(content)) return [];
  const parts: OtelPart[] = [];
  for (const item of content) {
    const block = record(item);
    if (!block) continue;
    const part = typeof block.type === "string" ? anthropicBlockPart(block) : converseBlockPart(block);
    if (part) parts.push(part);
  }
  return parts;
}

/** A `user` message made only of tool results is the tool's turn (role `tool`), as the OTel conventions record it. */
function roleOf(role: unknown, parts: readonly OtelPart[]): string {
  if (role === "user" && parts.length > 0 && parts.every((p) => p.type === "tool_call_response")) return "tool";
  return typeof role === "string" ? role : "user";
}

/** Converse / Anthropic `messages` as OTel GenAI input messages. */
export function inputMessages(messages: unknown): OtelMessage[] {
  if (!Array.isArray(messages)) return [];
  const out: OtelMessage[] = [];
  for (const item of messages) {
    const message = record(item);
    if (!message) continue;
    const parts = contentParts(message.content);
    out.push({ role: roleOf(message.role, parts), parts });
  }
  return out;
}

/** Converse `system` (`[{text}]`) or Anthropic `system` (a string or text blocks) as OTel parts. */
export function systemParts(system: unknown): OtelPart[] {
  return contentParts(system).filter((p) => p.type === "text");
}
