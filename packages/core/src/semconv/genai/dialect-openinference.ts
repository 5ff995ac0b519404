/**
 * OpenInference (Arize; `@arizeai/openinference-instrumentation-*`): `openinference.span.kind`, `llm.*` with
 * flattened messages (`llm.input_messages.<n>.message.{role,content,contents.<m>.message_content.text,
 * tool_calls.<k>.tool_call.{id,function.name,function.arguments},tool_call_id,name}`), `llm.token_count.*`
 * (with `prompt_details.cache_read/cache_write`, `completion_details.reasoning`), `llm.invocation_parameters`
 * (JSON), `llm.model_name`, `llm.provider` / `llm.system`, `llm.finish_reason`. LangChain spans name the provider
 * and, for some chat models (`ChatBedrockConverse`), the model only in their `metadata` JSON (`ls_provider`,
 * `ls_model_name`). Prompt token counts include cached tokens. Tool, chain and agent
 * spans: `input.value` / `output.value` (with `input.mime_type` / `output.mime_type`). A message flattened with only
 * its role or without its tool calls (LangChain's content blocks: Anthropic, Bedrock, Google, streams with tools) is
 * completed from the LangChain run's own record in `input.value` / `output.value` (langchain-messages.ts). Images,
 * audio and documents: a flattened image or audio URL that is an attachment reference (or its placeholder) is kept in
 * the message's text as the placeholder, an external URL as itself; the parts OpenInference does not flatten (audio,
 * files, Anthropic's images and documents, redacted images) are read back from the request in `input.value`
 * (request-media.ts). A message with attachments or external links also keeps its parts apart (message-parts.ts).
 */
import type { DialectReading, DialectTable, GenAiMessage, GenAiSpanLike } from "./canonical-event";
import { indexedRecords, nestedRecords } from "./indexed-attributes";
import { completeMessages, completeReply } from "./langchain-messages";
import { asText, count, firstText, KeyPrefixes, json, own, record, text, tokenCounts } from "./read-values";
import { pickRequestParameters } from "./request-parameters";
import { listedAttachments, mediaValueText, withRequestAttachments } from "./request-media";
import { ATTR_ATTACHMENTS, type AttachmentReference } from "../../attachments/reference";
import { OPENINFERENCE_TOKEN_KEYS } from "./token-keys";
import { contentParts, isExternalMediaUrl } from "./message-parts";
import { valueSide } from "./step-values";

/** OpenInference attribute-key prefixes of a model call. */
const OPENINFERENCE_KEYS = new KeyPrefixes(["llm.token_count.", "llm.input_messages.", "llm.model_name"]);

const TOKENS = OPENINFERENCE_TOKEN_KEYS;

/** Flattened keys of a content part's media URL. */
const MEDIA_URL_KEYS: readonly [string, "image" | "audio"][] = [["message_content.image.image.url", "image"], ["message_content.audio.audio.url", "audio"]];

type Listed = () => ReadonlyMap<string, AttachmentReference>;

/** External media URLs of a message's flattened parts, by URL (a link the conversation keeps). */
type Links = Map<string, "image" | "audio">;

/**
 * One flattened content part's text: its text, the placeholder of the attachment its media URL references, or an
 * external media URL (noted in `links`, so the message's parts keep it as a link).
 */
function partText(part: Record<string, unknown>, listed: Listed, links: Links): string {
  const value = text(own(part, "message_content.text"));
  if (value !== undefined) return value;
  for (const [key, modality] of MEDIA_URL_KEYS) {
    const media = mediaValueText(own(part, key), listed);
    if (media !== undefined) return media;
    const url = text(own(part, key));
    if (url !== undefined && isExternalMediaUrl(url)) {
      links.set(url, modality);
      return url;
    }
  }
  return "";
}

function message(entry: Record<string, unknown>, listed: Listed, links: Links = new Map()): GenAiMessage | undefined {
  const role = text(own(entry, "message.role"));
  if (role === undefined) return undefined;
  let content = asText(own(entry, "message.content"));
  if (content === "") {
    content = nestedRecords(entry, "message.contents")
      .map((part) => partText(part, listed, links))
      .filter((t) => t !== "")
      .join("\n");
  }
  const out: GenAiMessage = { role: role.toLowerCase(), content };
  const calls = nestedRecords(entry, "message.tool_calls").flatMap((c) => {
    const name = text(own(c, "tool_call.function.name"));
    if (name === undefined) return [];
    return [{ id: text(own(c, "tool_call.id")) ?? null, name, arguments: asText(own(c, "tool_call.function.arguments")) }];
  });
  if (calls.length > 0) out.tool_calls = calls;
  const callId = text(own(entry, "message.tool_call_id"));
  if (callId !== undefined) out.tool_call_id = callId;
  const name = text(own(entry, "message.name"));
  if (name !== undefined) out.name = name;
  return out;
}

/** LangChain's run metadata (`metadata` JSON: `ls_provider`, `ls_model_name`, …), or undefined. */
function langChainMetadata(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  return record(json(own(attributes, "metadata")));
}

function provider(attributes: Readonly<Record<string, unknown>>): string | undefined {
  return firstText(attributes, ["llm.provider", "llm.system"]) ?? text(own(langChainMetadata(attributes), "ls_provider"));
}

/** The conversation sent: the flattened messages completed from LangChain's record, the system instruction first. */
function inputMessages(a: Readonly<Record<string, unknown>>, invocation: Record<string, unknown>, listedOnce: Listed): GenAiMessage[] {
  const links: Links = new Map();
  const flattened = indexedRecords(a, "llm.input_messages").flatMap((e) => message(e, listedOnce, links) ?? []);
  const messages = withRequestAttachments(completeMessages(flattened, own(a, "input.value")), own(a, "input.value"));
  for (const m of messages) {
    const parts = contentParts(m.content, listedOnce(), links); // text, attachments and links apart, in chat_history too
    if (parts !== undefined) m.parts = parts;
  }
  const system = text(own(invocation, "system"));
  if (system !== undefined && !messages.some((m) => m.role === "system")) messages.unshift({ role: "system", content: system });
  return messages;
}

/** The OpenInference table. */
export const openInference: DialectTable = {
  name: "openinference",
  detect: (span: GenAiSpanLike) => own(span.attributes, "openinference.span.kind") !== undefined || OPENINFERENCE_KEYS.inAttributes(span.attributes),
  read(span: GenAiSpanLike): DialectReading {
    const a = span.attributes;
    const invocation = record(json(own(a, "llm.invocation_parameters"))) ?? {};
    let listed: ReadonlyMap<string, AttachmentReference> | undefined;
    const listedOnce: Listed = () => (listed ??= listedAttachments(own(a, ATTR_ATTACHMENTS)));
    const messages = span.withoutInputMessages === true ? [] : inputMessages(a, invocation, listedOnce);
    const outputs = indexedRecords(a, "llm.output_messages").flatMap((e) => message(e, listedOnce) ?? []);
    const reading: DialectReading = {
      model: firstText(a, ["llm.response.model_name", "llm.model_name"]) ?? text(own(langChainMetadata(a), "ls_model_name")) ?? null,
      request_model: firstText(a, ["llm.request.model_name"]) ?? text(own(invocation, "model")) ?? text(own(langChainMetadata(a), "ls_model_name")) ?? null,
      provider: provider(a) ?? null,
      request: pickRequestParameters(invocation),
      messages,
      output: completeReply(outputs[0], own(a, "output.value")),
      finish_reason: firstText(a, ["llm.finish_reason"]) ?? null,
      tokens: tokenCounts(a, TOKENS),
    };
    if (own(invocation, "stream") === true) reading.streamed = true;
    if (count(own(a, "llm.token_count.total")) === undefined) delete reading.tokens?.total;
    return reading;
  },
  readStepIo: (span) => ({
    inputs: valueSide(span.attributes, "input.value", ["input.mime_type"]),
    outputs: valueSide(span.attributes, "output.value", ["output.mime_type"]),
  }),
};
