/**
 * Realtime (voice) agents of the OpenAI Agents SDK are not recorded; `diagnose()`'s `untraced` check says so once the
 * app uses them — never merely because `@openai/agents` loads `@openai/agents-realtime` (every Agents SDK app does).
 * The app is set up as the providers guide says (OpenInference's agents instrumentation given to HoneyHive, then
 * `manuallyInstrument(agents)`); a `RealtimeSession` connects over a real WebSocket to a loopback fake of the Realtime
 * API (the `ws` server the Agents SDK's own `ws` dependency provides), and the session works as without HoneyHive.
 * (Own file: vitest runs it in its own process, since what the SDK observes is process-wide.)
 */
import { OpenAIAgentsInstrumentation } from "@arizeai/openinference-instrumentation-openai-agents";
import * as agents from "@openai/agents";
import { type WebSocket, WebSocketServer } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";

let server: WebSocketServer;
let url: string;
const received: { type?: string }[] = [];
const authorizations: (string | undefined)[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((listening) => server.once("listening", () => listening()));
  url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/v1/realtime?model=gpt-realtime`;
  server.on("connection", (socket: WebSocket, request) => {
    authorizations.push(request.headers.authorization);
    socket.on("message", (data) => received.push(JSON.parse(String(data)) as { type?: string }));
  });
  const agentsInstrumentation = new OpenAIAgentsInstrumentation();
  createTestTracer({ instrumentations: [agentsInstrumentation] });
  agentsInstrumentation.manuallyInstrument(agents);
});
afterAll(async () => {
  for (const client of server?.clients ?? []) client.terminate();
  await new Promise<void>((closed) => (server ? server.close(() => closed()) : closed()));
});

const untraced = async () => (await diagnose({ backend: false })).checks.find((c) => c.id === "untraced")!;

describe("OpenAI Agents SDK realtime agents: untraced once a session connects", () => {
  it("an Agents SDK app that loaded the realtime package but connected no session is not named", async () => {
    new agents.realtime.RealtimeAgent({ name: "Greeter", instructions: "Greet the caller." }); // defined, never connected
    expect(await untraced()).toMatchObject({ status: "ok" });
  });

  it("a realtime session that connected is named, with what to do instead; the session works as without HoneyHive", async () => {
    const agent = new agents.realtime.RealtimeAgent({ name: "Greeter", instructions: "Greet the caller." });
    const session = new agents.realtime.RealtimeSession(agent, { transport: "websocket", model: "gpt-realtime" });
    expect(session.connect.name).toBe("connect");
    await session.connect({ apiKey: "sk-test", url });
    await expect.poll(() => received.some((m) => m.type === "session.update"), { timeout: 30_000 }).toBe(true);
    expect(authorizations).toEqual(["Bearer sk-test"]);
    session.close();

    const finding = await untraced();
    expect(finding).toMatchObject({ status: "problem" });
    expect(finding.summary).toContain("OpenAI Agents SDK realtime (voice) agents (@openai/agents-realtime)");
    expect(finding.fix).toContain("wrap each turn in trace()");
  });
});
