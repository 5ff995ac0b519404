/**
 * Attachments in the viewer, in Chromium: a chat call with an image, an audio clip and a PDF through the real `openai`
 * client (against a loopback fake of its API) and the SDK's default store (the dev server's, as the tracer talks to a
 * loopback server) ends as a thumbnail rendered from the stored bytes, an audio player and a document chip, in the
 * conversation and in the event's Attachments section; an external image URL is a link, loaded only on click; and
 * "images" whose bytes are HTML or SVG with script are offered as downloads and run nothing.
 * Screenshot: docs/screenshots/attachments.png (with UPDATE_SCREENSHOTS=1).
 */
import { randomUUID } from "node:crypto";
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { dataUri, padded, png, sha256 } from "../attachments/fixtures";
import { eventually, saveScreenshot, type WatchedPage } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { KEY, call, startViewerServer } from "./helpers/viewer-server";

let server: DevServer;
let fake: FakeOpenAI;
const tab = new ViewerTab();
const image = png(120, 90, 11);
const audio = padded("RIFF\u0000\u0000\u0000\u0000WAVEfmt ", 40_000, 3);
const pdf = padded("%PDF-1.7\n", 30_000, 5);
const EXTERNAL = "https://images.example/cat.png";
const hostileSvg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=\'svg\'"><script>window.__pwned="svg-script"</script></svg>');
const hostileHtml = Buffer.from("<!doctype html><html><body><script>window.__pwned = 'html'</script></body></html>");
const hostileSession = randomUUID();

async function chatWithAttachments(): Promise<void> {
  // the default OpenAI recorder (OpenInference's): its flattened parts are read back apart (the text, each attachment,
  // the external image as a link)
  const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "vision-chat", logSink: () => undefined,
    instrumentModules: { openAI: OpenAI } });
  const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
  await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: [
      { type: "text", text: "Compare the photo, the recording and the report." },
      { type: "image_url", image_url: { url: dataUri("image/png", image) } },
      { type: "input_audio", input_audio: { data: audio.toString("base64"), format: "wav" } },
      { type: "file", file: { file_data: dataUri("application/pdf", pdf), filename: "report.pdf" } },
      { type: "image_url", image_url: { url: EXTERNAL } },
    ] }],
  });
  expect(await tracer.flush()).toBe(true);
  expect(tracer.diagnostics().attachments).toMatchObject({ store: "dev-server", uploaded: 3, failed: 0 });
  await tracer.shutdown();
}

function ref(bytes: Uint8Array, mime: string, modality: string, name?: string): Record<string, unknown> {
  return { type: "uri", uri: `hh-attachment://sha256/${sha256(bytes)}`, mime_type: mime, modality, size: bytes.length, ...(name ? { name } : {}) };
}

/** Bytes that claim to be images but are markup with script, stored as they are, referenced as PNG and SVG. */
async function seedHostile(): Promise<void> {
  for (const bytes of [hostileSvg, hostileHtml]) {
    const res = await fetch(`${server.url}/v1/attachments/sha256/${sha256(bytes)}`, { method: "PUT", headers: { authorization: `Bearer ${KEY}` }, body: bytes });
    expect(res.status).toBe(200);
  }
  const now = Date.now() - 10_000;
  await call(server, "POST", "/events/batch", { events: [
    { event_type: "session", session_id: hostileSession, event_id: hostileSession, event_name: "hostile-images", source: "att-test", start_time: now, end_time: now + 50 },
    { event_type: "model", session_id: hostileSession, parent_id: hostileSession, event_name: "openai.chat", source: "att-test", start_time: now + 5, end_time: now + 40,
      inputs: { chat_history: [{ role: "user", content: [{ type: "text", text: "look" }, ref(hostileSvg, "image/svg+xml", "image", "evil.svg"), ref(hostileHtml, "image/png", "image", "evil.png")] }] },
      outputs: { role: "assistant", content: "ok" }, config: { model: "gpt-4o-mini" } },
  ] });
}

const namedSession = randomUUID();


/**
 * A model event as OpenInference's leaves it: `chat_history` keeps the PDF as its placeholder text, and only the span's
 * attachment list (and the request it recorded) names the file.
 */
async function seedNamedDocument(): Promise<void> {
  const res = await fetch(`${server.url}/v1/attachments/sha256/${sha256(pdf)}`, { method: "PUT", headers: { authorization: `Bearer ${KEY}` }, body: pdf });
  expect(res.status).toBe(200);
  const now = Date.now() - 5_000;
  const placeholder = `[application/pdf ${(pdf.length / 1024).toFixed(1)} KB sha256:${sha256(pdf).slice(0, 12)}\u2026]`;
  await call(server, "POST", "/events/batch", { events: [
    { event_type: "session", session_id: namedSession, event_id: namedSession, event_name: "named-document", source: "att-test", start_time: now, end_time: now + 50 },
    { event_type: "model", session_id: namedSession, parent_id: namedSession, event_name: "OpenAI Chat Completions", source: "att-test", start_time: now + 5, end_time: now + 40,
      inputs: { chat_history: [{ role: "user", content: `Read this.\n${placeholder}` }] }, outputs: { role: "assistant", content: "ok" }, config: { model: "gpt-4o-mini" },
      metadata: { honeyhive_attachments: JSON.stringify([ref(pdf, "application/pdf", "document", "report.pdf")]) } },
  ] });
}

beforeAll(async () => {
  [server, fake] = await Promise.all([startViewerServer(), startFakeOpenAI()]);
  await chatWithAttachments();
  await seedHostile();
  await seedNamedDocument();
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await fake?.close();
  await server?.close();
});

async function openModelEvent(sessionName: string, eventName: string): Promise<WatchedPage> {
  const w = await tab.open(server, "/sessions");
  const link = w.page.getByTestId("session-link").filter({ hasText: sessionName });
  await eventually(() => link.count()).toBe(1);
  await link.click();
  const row = w.page.getByTestId("wf-row").filter({ hasText: eventName });
  await eventually(() => row.count()).toBe(1);
  await row.click();
  await eventually(() => w.page.getByTestId("conversation").count()).toBe(1);
  return w;
}

/** The natural size of an `<img>` once decoded (0 x 0 while it is not, or when it cannot be). */
function naturalSize(w: WatchedPage, selector: string): Promise<string> {
  // (runs in the page: the element is an HTMLImageElement, typed loosely as the tests have no DOM types)
  return w.page.locator(selector).first().evaluate((img) => `${(img as unknown as { naturalWidth: number }).naturalWidth}x${(img as unknown as { naturalHeight: number }).naturalHeight}`);
}

describe("attachments in the viewer", () => {
  it("shows the stored image as a thumbnail, the audio as a player, the PDF as a chip, in the conversation and the event's attachments", async () => {
    const w = await openModelEvent("vision-chat", "OpenAI Chat Completions");
    const bubble = w.page.locator("[data-testid=message][data-role=user]");
    const strip = bubble.getByTestId("msg-attachments");
    await eventually(() => strip.getByTestId("attachment-thumb").count()).toBe(1);
    expect(await bubble.locator(".msg-text").first().textContent()).toBe("Compare the photo, the recording and the report.");
    const thumb = strip.getByTestId("attachment-thumb");
    expect(await thumb.getAttribute("data-sha256")).toBe(sha256(image));
    expect(await thumb.getAttribute("src")).toMatch(/^blob:/);
    await eventually(() => naturalSize(w, "[data-testid=msg-attachments] [data-testid=attachment-thumb]")).toBe("120x90");
    await eventually(() => strip.getByTestId("attachment-audio").count()).toBe(1);
    expect(await strip.getByTestId("attachment-audio").evaluate((a) => (a as unknown as { controls: boolean }).controls)).toBe(true);
    const doc = strip.getByTestId("attachment-doc");
    await eventually(() => doc.getAttribute("href")).toMatch(/^blob:/);
    // the chip names the file by the name the request gave it (the request OpenInference records keeps it)
    expect(await doc.textContent()).toBe(`report.pdfapplication/pdf · ${(pdf.length / 1024).toFixed(1)} KB`);
    expect(await doc.getAttribute("title")).toBe(`sha256:${sha256(pdf)}`);
    expect(await doc.getAttribute("target")).toBe("_blank");
    expect(await doc.getAttribute("rel")).toBe("noopener");
    expect(await doc.getAttribute("download")).toBeNull();

    const section = w.page.getByTestId("section-attachments");
    await eventually(() => section.getByTestId("attachment-thumb").count()).toBe(1);
    expect(await section.getByTestId("attachment").count()).toBe(3);
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await saveScreenshot(w.page, "attachments");
  });

  it("shows an external image as a link and loads it only on click", async () => {
    const w = await openModelEvent("vision-chat", "OpenAI Chat Completions");
    await w.page.route(`${EXTERNAL}*`, (route) => route.fulfill({ status: 200, contentType: "image/png", body: png(30, 20, 2) }));
    const external = w.page.getByTestId("msg-attachments").getByTestId("attachment-external");
    await eventually(() => external.count()).toBe(1);
    expect(await external.getAttribute("href")).toBe(EXTERNAL);
    expect(await external.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await w.page.getByTestId("attachment-external-img").count()).toBe(0);
    expect(w.foreignRequests).toEqual([]);
    await w.page.getByTestId("attachment-show").click();
    await eventually(() => naturalSize(w, "[data-testid=attachment-external-img]")).toBe("30x20");
    expect(w.foreignRequests).toEqual([EXTERNAL]);
  });

  it("names a document by the file name the event knows, in a conversation that keeps only its placeholder", async () => {
    const w = await openModelEvent("named-document", "OpenAI Chat Completions");
    const doc = w.page.locator("[data-testid=message][data-role=user]").getByTestId("msg-attachments").getByTestId("attachment-doc");
    await eventually(() => doc.getAttribute("href")).toMatch(/^blob:/);
    expect(await doc.locator(".att-chip-name").textContent()).toBe("report.pdf");
    expect(w.errors).toEqual([]);
  });

  it("offers bytes that are HTML or SVG with script as downloads, never as images, and runs no script", async () => {
    const w = await openModelEvent("hostile-images", "openai.chat");
    const docs = w.page.getByTestId("msg-attachments").getByTestId("attachment-doc");
    await eventually(() => docs.evaluateAll((els) => els.filter((e) => e.getAttribute("href")?.startsWith("blob:")).length)).toBe(2);
    expect(await docs.evaluateAll((els) => els.map((e) => e.getAttribute("download")))).toEqual(["evil.svg", "evil.png"]);
    expect(await w.page.locator("#app [data-testid=attachment-thumb], #app svg image, #app object, #app embed, #app iframe").count()).toBe(0);
    const [download] = await Promise.all([w.page.waitForEvent("download"), docs.first().click()]);
    expect(download.suggestedFilename()).toBe("evil.svg");
    await w.page.waitForTimeout(200);
    expect(await w.page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
    expect(w.page.context().pages()).toHaveLength(1);
    expect(w.errors).toEqual([]);
  });
});
