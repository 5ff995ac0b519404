/**
 * Issue 54, requirement 6: a tool call the client times out still gets its server event. The client's timeout sends
 * the server a cancellation; the server's span ends then, with the error, while the caller's session is open (the
 * handler may run on: before, the span ended only with the handler, after the caller's datapoint was over, or never).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { expect, it } from "vitest";
import { z } from "zod";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";

it("a call the client times out: the server's tools/call span ends with the cancellation, the client's with the timeout", async () => {
  const test = createTestTracer({ instrumentModules: { mcp: { Client, Server } } });
  let release!: () => void;
  const hanging = new Promise<void>((resolve) => (release = resolve));
  const mcp = new McpServer({ name: "tools", version: "1.0.0" });
  mcp.registerTool("slow", { inputSchema: { text: z.string() } }, async () => {
    await hanging; // a tool that does not stop when cancelled
    return { content: [{ type: "text", text: "late" }] };
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "app", version: "1.0.0" });
  await mcp.connect(serverSide);
  await client.connect(clientSide);
  const call = test.tracer.trace(() => client.callTool({ name: "slow", arguments: { text: "x" } }, undefined, { timeout: 200 }));
  await expect(call).rejects.toThrow(/timed out/i);
  let spans = await test.spansNamed("tools/call slow");
  for (let i = 0; i < 100 && spans.length < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50)); // the cancellation reaches the server
    spans = await test.spansNamed("tools/call slow");
  }
  release();
  await client.close();
  const server = spans.find((s) => s.kind === SpanKind.SERVER);
  const caller = spans.find((s) => s.kind === SpanKind.CLIENT);
  expect(caller?.status.code).toBe(SpanStatusCode.ERROR);
  expect(server?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: expect.stringMatching(/^cancelled by the client/) });
  expect(server?.parentSpanContext?.spanId).toBe(caller?.spanContext().spanId);
}, 60_000);
