/**
 * A reference names only bytes that were stored. When an upload fails (the bucket answers 403 or 500, the connection
 * is reset, the presign function throws, the queue is full), the span's part becomes the placeholder text instead of
 * an `hh-attachment://` reference, the span does not list it, the failure is counted, warned about once, and makes the
 * next `flush()` false. Spans wait for their uploads before they are exported (decision record 0055): a span whose
 * upload ends after it would have been sent still gets the truth, and a flush's deadline sends the waiting span with
 * the placeholder (counted as unconfirmed).
 */
import { createServer } from "node:http";
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentHash, placeholderText } from "../../packages/core/src/attachments/reference";
import type { AttachmentStore } from "../../packages/honeyhive/src/config/attachments-option";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import type { DecodedSpan } from "../../packages/dev-server/src/otlp/decoded-span";
import { readConversation } from "../../packages/dev-server/src/viewer/client/conversation";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { FaultServer } from "../helpers/fault-server";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";
import { type LoopbackS3, startLoopbackS3 } from "../helpers/loopback-s3";
import { listenOnLoopback } from "../helpers/loopback-server";
import { dataUri, padded, png, sha256 } from "./fixtures";
import { startQuietDevServer } from "./round-trip-check";

let recorder: HoneyHiveRecorder;
let bucket: LoopbackS3;
let reset: FaultServer;
let failing: { url: string; close(): Promise<void> };
let fake: FakeOpenAI;

beforeAll(async () => {
  const answer500 = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(500).end("internal error"));
  });
  [recorder, bucket, reset, failing, fake] = await Promise.all([
    startHoneyHiveRecorder(), startLoopbackS3(), FaultServer.start("reset"), listenOnLoopback(answer500), startFakeOpenAI(),
  ]);
});
afterAll(() => Promise.all([recorder.close(), bucket.close(), reset.close(), failing.close(), fake.close()]));

/** A tracer whose warnings are kept, exporting to the recorder with `attachments`. */
function tracerWith(key: string, attachments: Record<string, unknown>, extra: Record<string, unknown> = {}): { tracer: HoneyHiveTracer; warnings: string[] } {
  const warnings: string[] = [];
  const tracer = new HoneyHiveTracer({
    apiKey: key, serverUrl: recorder.url, sessionName: key, attachments: attachments as never, ...extra,
    logSink: (level, message) => void (level === "warn" ? warnings.push(message) : undefined),
  });
  return { tracer, warnings };
}

/** A model span (GenAI messages) whose prompt carries a PDF document part. */
function spanWithDocument(tracer: HoneyHiveTracer, name: string, bytes: Buffer): void {
  tracer.startSpan(name, (span) => {
    span.setAttribute("gen_ai.input.messages", JSON.stringify([{ role: "user", parts: [
      { type: "text", content: "summarise" },
      { type: "blob", modality: "document", mime_type: "application/pdf", content: bytes.toString("base64") },
    ] }]));
  });
}

function recorded(name: string): DecodedSpan {
  const span = recorder.spans().find((s) => s.name === name);
  expect(span, `span ${name} exported`).toBeDefined();
  return span!;
}

/** Asserts the span keeps the placeholder of `bytes` where the document part was, and names no reference of it. */
function expectPlaceholder(span: DecodedSpan, bytes: Buffer): void {
  const text = JSON.stringify(span.attributes);
  expect(text).not.toContain(`hh-attachment://sha256/${sha256(bytes)}`);
  expect(span.attributes.honeyhive_attachments).toBeUndefined();
  const parts = JSON.parse(String(span.attributes["gen_ai.input.messages"]))[0].parts;
  expect(parts).toEqual([{ type: "text", content: "summarise" }, placeholderText({ uri: `hh-attachment://sha256/${sha256(bytes)}`, mime_type: "application/pdf", size: bytes.length })]);
}

const presignTo = (base: string) => (ref: { uri: string }) => `${base}/bucket/${attachmentHash(ref.uri)}`;

describe("an upload that fails leaves the placeholder, counted, warned once, flush() false", () => {
  const cases: Array<[string, () => Record<string, unknown>]> = [
    ["the bucket answers 403 (an expired presignature)", () => ({ presign: (ref: { uri: string }) => bucket.presign("traces", `x/${attachmentHash(ref.uri)}`, 1, new Date(Date.now() - 60_000)) })],
    ["the bucket answers 500 (after the retries)", () => ({ presign: presignTo(failing.url) })],
    ["the connection is reset", () => ({ presign: presignTo(reset.url) })],
    ["the presign function throws", () => ({ presign: () => { throw new Error("no credentials for the bucket"); } })],
    ["your own store rejects", () => ({ store: { kind: "mine", put: () => Promise.reject(new Error("disk full")) } satisfies AttachmentStore })],
  ];
  for (const [name, attachments] of cases) {
    it(name, async () => {
      const key = `hh_fail_${cases.findIndex(([n]) => n === name)}`;
      const { tracer, warnings } = tracerWith(key, attachments());
      const pdf = padded("%PDF-1.7\n", 30_000, cases.findIndex(([n]) => n === name) + 50);
      spanWithDocument(tracer, `${key}.chat`, pdf);
      expect(await tracer.flush()).toBe(false);
      expect(tracer.diagnostics().attachments).toMatchObject({ extracted: 1, uploaded: 0, failed: 1 });
      expectPlaceholder(recorded(`${key}.chat`), pdf);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/attachment not stored in the (presign|mine) store .*placeholder/);
      expect(warnings[0]).not.toContain(key);
      expect(warnings[0]).not.toContain("X-Amz-Signature");
      // the loss was reported: the next flush, with nothing lost since, is true
      expect(await tracer.flush()).toBe(true);
      await tracer.shutdown();
    });
  }

  it("several failures: each counted, one warning; a stored attachment beside them keeps its reference", async () => {
    const stored = padded("%PDF-1.7\n", 25_000, 70);
    const store: AttachmentStore = { kind: "picky", put: async (ref) => { if (ref.uri !== `hh-attachment://sha256/${sha256(stored)}`) throw new Error("refused"); } };
    const { tracer, warnings } = tracerWith("hh_fail_many", { store });
    const lost = [1, 2, 3].map((i) => padded("%PDF-1.7\n", 25_000 + i, 70 + i));
    lost.forEach((bytes, i) => spanWithDocument(tracer, `many.${i}`, bytes));
    spanWithDocument(tracer, "many.kept", stored);
    expect(await tracer.flush()).toBe(false);
    expect(tracer.diagnostics().attachments).toMatchObject({ extracted: 4, uploaded: 1, failed: 3 });
    expect(warnings).toHaveLength(1);
    lost.forEach((bytes, i) => expectPlaceholder(recorded(`many.${i}`), bytes));
    const kept = recorded("many.kept");
    expect(JSON.parse(String(kept.attributes.honeyhive_attachments))).toEqual([expect.objectContaining({ uri: `hh-attachment://sha256/${sha256(stored)}` })]);
    await tracer.shutdown();
  });

  it("a bare value (a traced function's argument) becomes the placeholder text", async () => {
    const { tracer } = tracerWith("hh_fail_bare", { store: { kind: "down", put: () => Promise.reject(new Error("down")) } });
    const image = png(90, 80, 71);
    const traced = trace(function describeImage(picture: string) {
      return picture.length;
    }, { tracer });
    traced(dataUri("image/png", image));
    expect(await tracer.flush()).toBe(false);
    const span = recorded("describeImage");
    expect(span.attributes["honeyhive_inputs.picture"]).toBe(placeholderText({ uri: `hh-attachment://sha256/${sha256(image)}`, mime_type: "image/png", size: image.length }));
    await tracer.shutdown();
  });
});

describe("session inputs sent outside spans", () => {
  it("a session start's inputs keep the placeholder of an attachment whose upload failed, and a stored one's reference", async () => {
    const stored = png(70, 80, 85);
    const lost = png(71, 80, 86);
    const store: AttachmentStore = { kind: "picky", put: async (ref) => { if (ref.uri.endsWith(sha256(lost))) throw new Error("refused"); } };
    const { tracer, warnings } = tracerWith("hh_fail_session", { store }, { inputs: { chart: dataUri("image/png", stored), photo: dataUri("image/png", lost) } });
    tracer.startSpan("session.work", () => undefined);
    expect(await tracer.flush()).toBe(false);
    expect(warnings).toHaveLength(1);
    const start = recorder.requestsTo("/sessions").map((r) => r.json).find((body) => JSON.stringify(body).includes(sha256(stored)));
    expect(start?.inputs).toEqual({
      chart: `hh-attachment://sha256/${sha256(stored)}`,
      photo: placeholderText({ uri: `hh-attachment://sha256/${sha256(lost)}`, mime_type: "image/png", size: lost.length }),
    });
    await tracer.shutdown();
  });
});

describe("session inputs whose store never answers", () => {
  it("the session start waits 5 s at most, then goes with the placeholder; the flush still exports the spans", async () => {
    const image = png(72, 80, 87);
    const { tracer } = tracerWith("hh_hang_session", { store: { kind: "hanging", put: () => new Promise<void>(() => undefined) } }, { inputs: { image: dataUri("image/png", image) } });
    tracer.startSpan("hanging.session.work", () => undefined);
    // the flush waits for the session start, which waits for its upload at most 5 s: well within the flush's 30 s
    expect(await tracer.flush()).toBe(false);
    expect(tracer.diagnostics().attachments).toMatchObject({ extracted: 1, uploaded: 0, unconfirmed: 1 });
    const start = recorder.requestsTo("/sessions").map((r) => r.json).find((body) => JSON.stringify(body).includes(sha256(image).slice(0, 12)));
    expect(start?.inputs).toEqual({ image: placeholderText({ uri: `hh-attachment://sha256/${sha256(image)}`, mime_type: "image/png", size: image.length }) });
    expect(recorded("hanging.session.work")).toBeDefined();
    await tracer.shutdown(1_000);
  });
});

describe("spans wait for their uploads", () => {
  /** A store whose uploads end when the test says, as it says. */
  function gatedStore(): AttachmentStore & { started: Promise<void>; end(ok: boolean): void } {
    let started: () => void = () => undefined;
    let end: (ok: boolean) => void = () => undefined;
    const ended = new Promise<boolean>((resolve) => (end = resolve));
    return {
      kind: "gated", started: new Promise<void>((resolve) => (started = resolve)), end: (ok) => end(ok),
      put: async () => {
        started();
        if (!(await ended)) throw new Error("refused late");
      },
    };
  }

  for (const ok of [false, true]) {
    it(`an upload that ${ok ? "succeeds" : "fails"} after the span would have been exported (unbatched export)`, async () => {
      const store = gatedStore();
      const key = `hh_gate_${ok}`;
      const { tracer } = tracerWith(key, { store }, { disableBatch: true });
      const pdf = padded("%PDF-1.7\n", 30_000, ok ? 80 : 81);
      spanWithDocument(tracer, `${key}.chat`, pdf);
      await store.started;
      // a span sent after it, without attachments, is exported first: the first one waits for its upload
      tracer.startSpan(`${key}.after`, () => undefined);
      await expect.poll(() => recorder.spans().some((s) => s.name === `${key}.after`), { timeout: 20_000 }).toBe(true);
      expect(recorder.spans().some((s) => s.name === `${key}.chat`)).toBe(false);
      store.end(ok);
      expect(await tracer.flush()).toBe(ok);
      const span = recorded(`${key}.chat`);
      if (ok) expect(JSON.parse(String(span.attributes.honeyhive_attachments))).toEqual([expect.objectContaining({ uri: `hh-attachment://sha256/${sha256(pdf)}` })]);
      else expectPlaceholder(span, pdf);
      await tracer.shutdown();
    });
  }

  it("a flush's deadline sends a waiting span with the placeholder, counted as unconfirmed; flush() is false", async () => {
    const { tracer, warnings } = tracerWith("hh_gate_deadline", { store: { kind: "hanging", put: () => new Promise<void>(() => undefined) } });
    const pdf = padded("%PDF-1.7\n", 30_000, 82);
    spanWithDocument(tracer, "deadline.chat", pdf);
    expect(await tracer.flush(1_000)).toBe(false);
    expect(tracer.diagnostics().attachments).toMatchObject({ extracted: 1, uploaded: 0, failed: 0, unconfirmed: 1 });
    expect(warnings).toEqual([expect.stringContaining("had not ended when the span was sent")]);
    // the span was released to the export queue: a flush with nothing waiting sends it
    expect(await tracer.flush(20_000)).toBe(true);
    expectPlaceholder(recorded("deadline.chat"), pdf);
    await tracer.shutdown(1_000);
  });

  it("shutdown sends a span still waiting for its upload, with the placeholder", async () => {
    const { tracer } = tracerWith("hh_gate_shutdown", { store: { kind: "hanging", put: () => new Promise<void>(() => undefined) } });
    const pdf = padded("%PDF-1.7\n", 30_000, 83);
    spanWithDocument(tracer, "shutdown.chat", pdf);
    await expect.poll(() => tracer.diagnostics().attachments?.extracted, { timeout: 20_000 }).toBe(1);
    expect(tracer.diagnostics().attachments?.unconfirmed).toBe(0); // still waiting (the limit is 60 s)
    await tracer.shutdown(4_000); // three quarters wait for the upload, the last (1 s) exports the span
    expect(tracer.diagnostics().attachments?.unconfirmed).toBe(1);
    expectPlaceholder(recorded("shutdown.chat"), pdf);
  });
});

describe("through the dev server: the conversation shows the placeholder, and no attachment that was never stored", () => {
  it("an OpenAI chat (the SDK's default instrumentation) whose image upload fails", async () => {
    const server = await startQuietDevServer();
    try {
      const key = "hh_fail_dev";
      const tracer = new HoneyHiveTracer({
        apiKey: key, serverUrl: server.url, sessionName: key, logSink: () => undefined, instrumentModules: { openAI: OpenAI },
        attachments: { presign: (ref: { uri: string }) => bucket.presign("traces", `x/${attachmentHash(ref.uri)}`, 1, new Date(Date.now() - 60_000)) },
      });
      const image = png(100, 90, 84);
      await tracer.trace(() => new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 }).chat.completions.create({ model: "gpt-4o-mini", messages: [
        { role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: dataUri("image/png", image) } }] },
      ] }));
      expect(await tracer.flush()).toBe(false);
      await tracer.shutdown();
      const res = await fetch(`${server.url}/events/export`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ project: "local", filters: [] }) });
      const model = ((await res.json()) as { events: Array<Record<string, any>> }).events.find((e) => e.event_type === "model");
      const placeholder = placeholderText({ uri: `hh-attachment://sha256/${sha256(image)}`, mime_type: "image/png", size: image.length });
      expect(model?.inputs.chat_history).toEqual([{ role: "user", content: `What is this?\n${placeholder}` }]);
      expect(JSON.stringify(model)).not.toContain("hh-attachment://");
      expect(readConversation(model as never)?.messages.flatMap((m) => m.attachments)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
