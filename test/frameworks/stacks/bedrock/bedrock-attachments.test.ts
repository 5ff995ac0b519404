/**
 * Images and documents of a Converse call through the real `@aws-sdk/client-bedrock-runtime` client (against a
 * loopback fake of Bedrock), traced by the SDK's own instrumentation, with the SDK's default store (the dev server's):
 * the bytes are stored there once, the stored event keeps references, its `chat_history` the placeholders, and the
 * viewer shows the document under the name the Converse block gives it.
 */
import * as bedrock from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../../../packages/dev-server/src/index";
import { readConversation } from "../../../../packages/dev-server/src/viewer/client/conversation";
import { HoneyHiveTracer } from "../../../../packages/honeyhive/src/index";
import { padded, png, sha256 } from "../../../attachments/fixtures";
import { expectRoundTrip, startQuietDevServer } from "../../../attachments/round-trip-check";
import { CONVERSE_MODEL, bedrockClient } from "./bedrock-workload";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { type FakeBedrock, startFakeBedrock } from "../../fake-bedrock-server";

let server: DevServer;
let fake: FakeBedrock;

beforeAll(async () => {
  [server, fake] = await Promise.all([startQuietDevServer(), startFakeBedrock(EventStreamCodec)]);
});
afterAll(async () => {
  await fake?.close();
  await server?.close();
});

describe("Bedrock Converse image and document blocks", () => {
  it("are stored in the dev server, kept as references, and shown in the conversation with the document's name", async () => {
    const key = "hh_rt_bedrock";
    const tracer = new HoneyHiveTracer({ apiKey: key, serverUrl: server.url, sessionName: key, logSink: () => undefined, instrumentModules: { bedrock } });
    const image = png(100, 70, 51);
    const pdf = padded("%PDF-1.7\n", 30_000, 52);
    await tracer.trace(() => bedrockClient(fake.url).send(new bedrock.ConverseCommand({ modelId: CONVERSE_MODEL, messages: [{ role: "user", content: [
      { text: "What do these show?" },
      { image: { format: "png", source: { bytes: new Uint8Array(image) } } },
      { document: { format: "pdf", name: "quarterly-report", source: { bytes: new Uint8Array(pdf) } } },
    ] }] })));
    await expectRoundTrip(server, key, tracer, [image, pdf]);
    const res = await fetch(`${server.url}/events/export`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ project: "local", filters: [] }) });
    const model = ((await res.json()) as { events: Array<Record<string, unknown>> }).events.find((e) => e.event_type === "model");
    const shown = readConversation(model as never)?.messages.flatMap((m) => m.attachments) ?? [];
    expect(shown.find((a) => a.kind === "stored" && a.sha256 === sha256(pdf))).toMatchObject({ name: "quarterly-report" });
  });
});
