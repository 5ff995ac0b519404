import { describe, expect, it } from "vitest";
import { attachListed, isAttachmentPart, messageAttachments, storedAttachmentsIn } from "../../packages/dev-server/src/viewer/client/attachment-parts";
import { readConversation } from "../../packages/dev-server/src/viewer/client/conversation";

/** The viewer's reading of attachment parts: stored references, external image URLs, bounded scans, never an error. */
const HEX = "a".repeat(64);
const HEX2 = "b".repeat(64);
const REF = { type: "uri", uri: `hh-attachment://sha256/${HEX}`, mime_type: "image/png", modality: "image", size: 2048, name: "cat.png" };

describe("messageAttachments", () => {
  it("reads reference parts and external images of every provider shape, each once", () => {
    const parts = messageAttachments([
      { type: "text", text: "hi" }, REF, REF,
      { type: "image_url", image_url: { url: "https://x.example/a.png" } },
      { type: "input_image", image_url: "https://x.example/b.png" },
      { type: "image", source: { type: "url", url: "http://x.example/c.png" } },
      { type: "uri", uri: "https://x.example/d.wav", modality: "audio" },
      { type: "image_url", image_url: { url: "javascript:alert(1)" } },
      { type: "uri", uri: `hh-attachment://sha256/${"A".repeat(64)}` },
    ]);
    expect(parts).toEqual([
      { kind: "stored", sha256: HEX, mimeType: "image/png", modality: "image", size: 2048, name: "cat.png" },
      { kind: "external", url: "https://x.example/a.png", modality: "image" },
      { kind: "external", url: "https://x.example/b.png", modality: "image" },
      { kind: "external", url: "http://x.example/c.png", modality: "image" },
      { kind: "external", url: "https://x.example/d.wav", modality: "audio" },
    ]);
    expect(isAttachmentPart({ type: "text", text: "x" })).toBe(false);
    expect(messageAttachments("not parts")).toEqual([]);
    expect(messageAttachments([null, 1, "x", []])).toEqual([]);
  });
});

describe("storedAttachmentsIn", () => {
  it("finds references nested anywhere, in JSON strings too (the span's attachment list), and stops at its bounds", () => {
    const listed = JSON.stringify([{ ...REF, uri: `hh-attachment://sha256/${HEX2}`, name: undefined, mime_type: "audio/wav", modality: "audio" }]);
    const found = storedAttachmentsIn([{ a: { b: [REF] } }, { honeyhive_attachments: listed }]);
    expect(found.map((a) => [a.sha256, a.mimeType])).toEqual([[HEX, "image/png"], [HEX2, "audio/wav"]]);
    let deep: unknown = REF;
    for (let i = 0; i < 50; i++) deep = { d: deep };
    expect(storedAttachmentsIn(deep)).toEqual([]);
    expect(storedAttachmentsIn("{not json hh-attachment://sha256/")).toEqual([]);
  });

  it("adds listed attachments to the messages whose text holds their placeholder (chat_history)", () => {
    const messages = [{ content: `Look:\n[image/png 2.0 KB sha256:${HEX.slice(0, 12)}\u2026]`, attachments: [] }, { content: `sha256:${HEX.slice(0, 11)}`, attachments: [] }];
    attachListed(messages, storedAttachmentsIn([REF]));
    expect(messages.map((m) => m.attachments.length)).toEqual([1, 0]);
  });

  it("gives an attachment the file name another occurrence of the same bytes in the event gives", () => {
    const unnamed = { ...REF, name: undefined };
    expect(storedAttachmentsIn([unnamed, REF]).map((a) => a.name)).toEqual(["cat.png"]);
    const conversation = readConversation({
      inputs: { chat_history: [{ role: "user", content: `see [image/png 2.0 KB sha256:${HEX.slice(0, 12)}\u2026]` }] },
      outputs: { role: "assistant", content: "a cat" }, config: {},
      metadata: {
        "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "see" }, unnamed] }]),
        "input.value": JSON.stringify({ messages: [{ role: "user", content: [REF] }] }),
      },
    });
    expect(conversation?.messages[0]?.attachments).toEqual([{ kind: "stored", sha256: HEX, mimeType: "image/png", modality: "image", size: 2048, name: "cat.png" }]);
  });

  it("adds listed attachments to the messages whose text names their hash", () => {
    const messages = [{ content: `[{"image_url":"hh-attachment://sha256/${HEX}"}]`, attachments: [] }, { content: "no", attachments: [] }];
    attachListed(messages, storedAttachmentsIn([REF]));
    expect(messages[0]!.attachments).toHaveLength(1);
    expect(messages[1]!.attachments).toHaveLength(0);
  });
});
