/**
 * The round-trip check of the attachment tests: after a traced call against a dev server, the bytes are in its store,
 * a stored event keeps `hh-attachment://` references and not the bytes, and the viewer's readers find the attachments
 * (the event's Attachments section; the conversation's messages when asked).
 */
import { expect } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { storedAttachmentsIn } from "../../packages/dev-server/src/viewer/client/attachment-parts";
import { readConversation } from "../../packages/dev-server/src/viewer/client/conversation";
import type { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { sha256 } from "./fixtures";

/** A quiet in-memory dev server on 127.0.0.1, port 0: the SDK's default attachment store for a tracer pointed at it. */
export function startQuietDevServer(): Promise<DevServer> {
  return createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: createLogger({ sink: () => undefined }) });
}

/** Every event stored for `key` (its own project). */
async function storedEvents(server: DevServer, key: string): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${server.url}/events/export`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ project: "local", filters: [] }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: Array<Record<string, unknown>> }).events;
}

/** The stored attachment's bytes, for `key`. */
async function storedBytes(server: DevServer, key: string, hex: string): Promise<Buffer> {
  const res = await fetch(`${server.url}/v1/attachments/sha256/${hex}`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status, `attachment ${hex.slice(0, 12)} stored for ${key}`).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/**
 * Flushes `tracer`, then checks the round trip of each of `sent`: bytes in the dev server, the reference and not the
 * bytes in a stored event, its placeholder (or reference) in a model event's `chat_history`, the attachment in the event's Attachments
 * section of the viewer, and among the messages of the conversation the viewer reads from it (when `inConversation`).
 */
export async function expectRoundTrip(server: DevServer, key: string, tracer: HoneyHiveTracer, sent: readonly Buffer[], inConversation = true): Promise<void> {
  expect(await tracer.flush()).toBe(true);
  expect(tracer.diagnostics().attachments).toMatchObject({ store: "dev-server", failed: 0 });
  await tracer.shutdown();
  const events = await storedEvents(server, key);
  const withRefs = events.filter((e) => JSON.stringify(e).includes("hh-attachment://sha256/"));
  expect(withRefs.length, "an event with references").toBeGreaterThan(0);
  const text = JSON.stringify(withRefs);
  for (const bytes of sent) {
    const hex = sha256(bytes);
    expect(text).toContain(`hh-attachment://sha256/${hex}`);
    expect(text).not.toContain(bytes.toString("base64").slice(0, 120));
    expect((await storedBytes(server, key, hex)).equals(bytes)).toBe(true);
  }
  const conversation = JSON.stringify(events.filter((e) => e.event_type === "model").map((e) => (e.inputs as { chat_history?: unknown }).chat_history));
  for (const bytes of sent) {
    const hex = sha256(bytes);
    // the placeholder, or the reference part itself where chat_history keeps a request's JSON text (a Responses input)
    const named = conversation.includes(`sha256:${hex.slice(0, 12)}\u2026]`) || conversation.includes(`hh-attachment://sha256/${hex}`);
    expect(named, `attachment ${hex.slice(0, 12)} in a model event's chat_history: ${conversation.slice(0, 400)}`).toBe(true);
  }
  const inDetail = withRefs.flatMap((e) => storedAttachmentsIn([e.inputs, e.outputs, e.metadata]).map((a) => a.sha256));
  expect(new Set(inDetail)).toEqual(new Set(sent.map((b) => sha256(b))));
  if (!inConversation) return;
  const shown = withRefs.flatMap((e) => readConversation(e as never)?.messages.flatMap((m) => m.attachments) ?? []);
  expect(new Set(shown.flatMap((a) => (a.kind === "stored" ? [a.sha256] : [])))).toEqual(new Set(sent.map((b) => sha256(b))));
}

