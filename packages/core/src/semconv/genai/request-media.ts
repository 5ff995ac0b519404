/**
 * Images, audio and documents of a prompt that an instrumentation left out of its flattened messages, read back from
 * the request it recorded whole. OpenInference flattens a message's text parts and, for OpenAI, its image URLs (a
 * base64 image longer than its `base64ImageMaxLength` becomes `__REDACTED__`); audio and file parts, Anthropic's image
 * data and documents are not flattened at all. Its `input.value` keeps the request (`{messages: [...]}` for chat and
 * Anthropic, `{input: [...]}` for the Responses API, LangChain's `{messages: [[...]]}`), where the SDK's attachment
 * stage left a reference part (or the placeholder text) for each payload. A flattened message whose recorded twin holds
 * attachment texts it lacks takes the twin's content (text and attachments in their order), keeping its own tool calls.
 */
import { ATTACHMENT_URI_PREFIX, type AttachmentReference, attachmentHash, attachmentTexts, placeholderText } from "../../attachments/reference";
import type { GenAiMessage } from "./canonical-event";
import { langChainMessage } from "./langchain-messages";
import { MAX_MESSAGES, readMessage } from "./messages";
import { json, own, record, text } from "./read-values";

/** Whether `value` may hold an attachment (a reference's URI, a placeholder or dropped text): no parse. */
function mayHoldAttachments(value: unknown): value is string {
  return typeof value === "string" && (value.includes("sha256") || value.includes("not kept: over the attachment limit"));
}

/** The messages of a recorded request, read with the generic reader (LangChain's serialized batches too). */
function recordedMessages(inputValue: string): GenAiMessage[] | undefined {
  const request = record(json(inputValue));
  const list = own(request, "messages") ?? own(request, "input");
  if (!Array.isArray(list)) return undefined;
  if (Array.isArray(list[0])) return (list[0] as unknown[]).slice(0, MAX_MESSAGES).map((m) => langChainMessage(m) ?? { role: "", content: "" });
  return list.slice(0, MAX_MESSAGES).map((m) => readMessage(m) ?? { role: "", content: "" });
}

/** `flattened` with the attachments of `recorded` (same role) it lacks. */
function withAttachmentsOf(flattened: GenAiMessage, recorded: GenAiMessage): GenAiMessage {
  if (recorded.role !== flattened.role) return flattened;
  const missing = attachmentTexts(recorded.content).filter((t) => !flattened.content.includes(t));
  if (missing.length === 0) return flattened;
  const ownLines = flattened.content.split("\n").filter((line) => line.trim() !== "");
  // the recorded content holds the flattened text: take it whole, so text and attachments keep their order
  if (ownLines.every((line) => recorded.content.includes(line))) return { ...flattened, content: recorded.content };
  return { ...flattened, content: [flattened.content, ...missing].filter((part) => part !== "").join("\n") };
}

/**
 * `messages` (as an instrumentation flattened them) completed with the attachments its recorded request holds at the
 * same positions; unchanged when the request holds none (found without parsing) or its messages do not line up.
 */
export function withRequestAttachments(messages: GenAiMessage[], inputValue: unknown): GenAiMessage[] {
  if (messages.length === 0 || !mayHoldAttachments(inputValue)) return messages;
  const recorded = recordedMessages(inputValue);
  if (recorded === undefined || recorded.length !== messages.length) return messages;
  return messages.map((message, i) => withAttachmentsOf(message, recorded[i] as GenAiMessage));
}

/** The span's listed attachments (`honeyhive_attachments`, a JSON array of reference parts) by URI. */
export function listedAttachments(value: unknown): ReadonlyMap<string, AttachmentReference> {
  const listed = new Map<string, AttachmentReference>();
  const list = json(value);
  if (!Array.isArray(list)) return listed;
  for (const item of list.slice(0, MAX_MESSAGES)) {
    const uri = text(own(item, "uri"));
    if (uri !== undefined && attachmentHash(uri) !== undefined) listed.set(uri, item as AttachmentReference);
  }
  return listed;
}

/**
 * The text a flattened media value (an image's or audio's URL) stands for in a message: the placeholder of an
 * attachment reference (typed and sized from the span's list), an attachment text as it is; undefined for anything
 * else (an external URL, a redacted value).
 */
export function mediaValueText(value: unknown, listed: () => ReadonlyMap<string, AttachmentReference>): string | undefined {
  const url = text(value);
  if (url === undefined) return undefined;
  if (url.startsWith(ATTACHMENT_URI_PREFIX)) {
    const ref = listed().get(url);
    return placeholderText({ uri: url, mime_type: ref?.mime_type ?? "application/octet-stream", size: typeof ref?.size === "number" ? ref.size : 0 });
  }
  const texts = attachmentTexts(url);
  return texts.length === 1 && texts[0] === url ? url : undefined;
}
