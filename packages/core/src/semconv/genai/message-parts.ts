/**
 * A message's content as parts, for a dialect that flattens a message's parts into one text (OpenInference): its
 * text, each attachment the SDK stored (the reference part the span lists, where the text holds its placeholder), and
 * each image given by an external URL (an OpenAI-style `image_url` part: a link, never fetched), in their order. So
 * `chat_history` and the viewer keep the text apart from the attachments, as the recorders that keep parts do.
 */
import { type AttachmentReference, placeholderText } from "../../attachments/reference";

/** One part of a message's content, in the OpenAI-style shape of HoneyHive's `chat_history`. */
export type GenAiContentPart =
  | { readonly type: "text"; readonly text: string }
  | AttachmentReference
  | { readonly type: "image_url"; readonly image_url: { readonly url: string } }
  | { readonly type: "uri"; readonly uri: string; readonly modality: "audio" };

/** An external media URL of a flattened part (http or https, no spaces): a link the conversation keeps. */
export function isExternalMediaUrl(value: string): boolean {
  return value.length <= 4096 && /^https?:\/\/\S+$/i.test(value);
}

/**
 * The parts of a message whose `content` joins its parts one per line: a line that is the placeholder of a listed
 * attachment becomes its reference part, a line that is one of `links` (the external media URLs of the message's
 * parts, by modality) a link part, and the lines between them text parts. Undefined when the content has neither (a
 * plain text message stays a string).
 */
export function contentParts(content: string, listed: ReadonlyMap<string, AttachmentReference>, links: ReadonlyMap<string, "image" | "audio">): GenAiContentPart[] | undefined {
  const byPlaceholder = new Map<string, AttachmentReference>();
  for (const ref of listed.values()) byPlaceholder.set(placeholderText(ref), ref);
  const parts: GenAiContentPart[] = [];
  let text: string[] = [];
  let special = false;
  const flush = (): void => {
    if (text.length > 0 && text.join("").trim() !== "") parts.push({ type: "text", text: text.join("\n") });
    text = [];
  };
  for (const line of content.split("\n")) {
    const ref = byPlaceholder.get(line);
    const link = links.get(line);
    if (ref === undefined && link === undefined) {
      text.push(line);
      continue;
    }
    flush();
    special = true;
    if (ref !== undefined) parts.push(ref);
    else if (link === "audio") parts.push({ type: "uri", uri: line, modality: "audio" });
    else parts.push({ type: "image_url", image_url: { url: line } });
  }
  flush();
  return special ? parts : undefined;
}
