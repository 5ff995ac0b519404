// The OpenInference table's attachments (request-media.ts): a flattened image or audio URL that is an attachment
// reference becomes its placeholder (typed and sized from the span's `honeyhive_attachments`), a placeholder stays as
// it is, an external URL or a redacted value adds nothing; parts OpenInference did not flatten are read back from the
// request in `input.value` (OpenAI / Anthropic bodies, LangChain's serialized messages) when the messages line up.
import { describe, expect, it } from "vitest";
import { honeyHiveModelFields, readModelCall } from "../../packages/core/src/semconv/genai";
import { attachmentReference, placeholderText } from "../../packages/core/src/attachments/reference";

const IMAGE = attachmentReference("a".repeat(64), "image/png", 5 * 1024 * 1024);
const PDF = attachmentReference("b".repeat(64), "application/pdf", 40_000, undefined, "report.pdf");
const LISTED = JSON.stringify([IMAGE, PDF]);

function call(attributes: Record<string, unknown>) {
  return readModelCall({ name: "OpenAI Chat Completions", attributes: { "openinference.span.kind": "LLM", "llm.model_name": "gpt-4o-mini", ...attributes } });
}

function contents(parts: Array<[string, string, string?]>): Record<string, unknown> {
  const out: Record<string, unknown> = { "llm.input_messages.0.message.role": "user" };
  parts.forEach(([type, key, value], i) => {
    out[`llm.input_messages.0.message.contents.${i}.message_content.type`] = type;
    if (value !== undefined) out[`llm.input_messages.0.message.contents.${i}.message_content.${key}`] = value;
  });
  return out;
}

describe("OpenInference flattened media", () => {
  it("an attachment URL becomes its placeholder; a placeholder stays; an external URL stays a link; a redacted one adds nothing", () => {
    const event = call({
      ...contents([
        ["text", "text", "Compare"], ["image", "image.image.url", IMAGE.uri], ["image", "image.image.url", placeholderText(PDF)],
        ["image", "image.image.url", "https://example.com/cat.png"], ["image", "image.image.url", "__REDACTED__"],
        ["audio", "audio.audio.url", "https://example.com/hello.wav"], ["text", "text", "and say."],
      ]),
      honeyhive_attachments: LISTED,
    });
    const text = `Compare\n${placeholderText(IMAGE)}\n${placeholderText(PDF)}\nhttps://example.com/cat.png\nhttps://example.com/hello.wav\nand say.`;
    expect(event?.messages.map((m) => m.content)).toEqual([text]);
    // the parts stay apart, in their order: chat_history keeps the text, the stored attachments and the links
    const parts = [
      { type: "text", text: "Compare" }, IMAGE, PDF, { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
      { type: "uri", uri: "https://example.com/hello.wav", modality: "audio" }, { type: "text", text: "and say." },
    ];
    expect(event?.messages[0]?.parts).toEqual(parts);
    expect(honeyHiveModelFields(event!).inputs).toEqual({ chat_history: [{ role: "user", content: parts }] });
  });

  it("a message with only text stays a string in chat_history; a placeholder of an attachment the span does not list stays text", () => {
    const plain = call(contents([["text", "text", "Hello"], ["text", "text", "https://example.com/cat.png"]]));
    expect(honeyHiveModelFields(plain!).inputs).toEqual({ chat_history: [{ role: "user", content: "Hello\nhttps://example.com/cat.png" }] });
    const unlisted = call(contents([["text", "text", "See"], ["image", "image.image.url", placeholderText(PDF)]]));
    expect(unlisted?.messages[0]).toEqual({ role: "user", content: `See\n${placeholderText(PDF)}` });
  });

  it("an attachment URL the span does not list still becomes a placeholder (type and size unknown)", () => {
    const event = call(contents([["image", "image.image.url", IMAGE.uri]]));
    expect(event?.messages[0]?.content).toBe(`[application/octet-stream 0 B sha256:${"a".repeat(12)}\u2026]`);
  });
});

describe("attachments read back from the recorded request", () => {
  it("an OpenAI body: the parts OpenInference did not flatten, in their order, beside a system message", () => {
    const body = { model: "gpt-4o-mini", messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Read" }, IMAGE, { type: "text", text: "and" }, PDF] },
    ] };
    const event = call({
      "llm.input_messages.0.message.role": "system", "llm.input_messages.0.message.content": "Be brief.",
      "llm.input_messages.1.message.role": "user", "llm.input_messages.1.message.contents.0.message_content.type": "text",
      "llm.input_messages.1.message.contents.0.message_content.text": "Read", "llm.input_messages.1.message.contents.1.message_content.type": "text",
      "llm.input_messages.1.message.contents.1.message_content.text": "and", "input.value": JSON.stringify(body),
    });
    expect(event?.messages).toEqual([{ role: "system", content: "Be brief." }, { role: "user", content: `Read\n${placeholderText(IMAGE)}\nand\n${placeholderText(PDF)}` }]);
  });

  it("a failed upload's placeholder string in the request is kept too", () => {
    const body = { messages: [{ role: "user", content: [{ type: "text", text: "See" }, placeholderText(IMAGE)] }] };
    const event = call({ ...contents([["text", "text", "See"]]), "input.value": JSON.stringify(body) });
    expect(event?.messages[0]?.content).toBe(`See\n${placeholderText(IMAGE)}`);
  });

  it("LangChain's serialized messages", () => {
    const human = { lc: 1, type: "constructor", id: ["langchain_core", "messages", "HumanMessage"], kwargs: { content: [{ type: "text", text: "What is this?" }, IMAGE] } };
    const event = call({ ...contents([["text", "text", "What is this?"]]), "input.value": JSON.stringify({ messages: [[human]] }) });
    expect(event?.messages[0]?.content).toBe(`What is this?\n${placeholderText(IMAGE)}`);
  });

  it("messages that do not line up with the request (another count, another role) are left as flattened", () => {
    const body = { messages: [{ role: "user", content: [IMAGE] }, { role: "user", content: "more" }] };
    expect(call({ ...contents([["text", "text", "hi"]]), "input.value": JSON.stringify(body) })?.messages[0]?.content).toBe("hi");
    const other = { messages: [{ role: "assistant", content: [IMAGE] }] };
    expect(call({ ...contents([["text", "text", "hi"]]), "input.value": JSON.stringify(other) })?.messages[0]?.content).toBe("hi");
  });

  it("a request that is not JSON, or holds no attachment, changes nothing", () => {
    expect(call({ ...contents([["text", "text", "hi"]]), "input.value": "sha256 of what? {" })?.messages[0]?.content).toBe("hi");
    expect(call({ ...contents([["text", "text", "hi"]]), "input.value": JSON.stringify({ messages: [{ role: "user", content: "hi there" }] }) })?.messages[0]?.content).toBe("hi");
  });
});
