/**
 * The MCP side of the stack as an app runs it: two tool servers with the same two tools (`echo` answers, `fail`
 * fails), each with a long-lived client the whole evaluation shares:
 * - in-process: a low-level `Server` over the SDK's in-memory transport, whose `fail` throws a JSON-RPC error;
 * - the web-request case: an `McpServer` over the Streamable HTTP transport on 127.0.0.1 port 0 (a stateful session),
 *   whose `fail` throws inside the tool, which the SDK answers as an `isError` result, and a prompt `greet` whose
 *   handler is the app's own traced function (a request that is not a tool call: only its context travels).
 * Both are created and connected before the tracer exists (the instrumentation must still trace them).
 */
import { randomUUID } from "node:crypto";
import { type Server as HttpServer, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { trace } from "../../../../packages/honeyhive/src/index";

/** The two clients and how to close everything. */
export interface McpServers {
  memory: Client;
  http: Client;
  close(): Promise<void>;
}

const TEXT_SCHEMA = { type: "object", properties: { text: { type: "string" } }, required: ["text"] } as const;

function echo(text: string): { content: { type: "text"; text: string }[] } {
  return { content: [{ type: "text", text: `echo: ${text}` }] };
}

async function startMemoryServer(): Promise<{ client: Client; server: Server }> {
  const server = new Server({ name: "memory-tools", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{ name: "echo", inputSchema: TEXT_SCHEMA }, { name: "fail", inputSchema: TEXT_SCHEMA }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const text = String(request.params.arguments?.text);
    if (request.params.name === "echo") return echo(text);
    throw new McpError(ErrorCode.InvalidParams, `no record for ${text}`);
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "app", version: "1.0.0" });
  await server.connect(serverSide);
  await client.connect(clientSide);
  return { client, server };
}

async function startHttpServer(): Promise<{ client: Client; http: HttpServer; mcp: McpServer }> {
  const mcp = new McpServer({ name: "http-tools", version: "1.0.0" });
  mcp.registerTool("echo", { description: "Echoes the text.", inputSchema: { text: z.string() } }, async ({ text }) => echo(text));
  mcp.registerTool("fail", { description: "Always fails.", inputSchema: { text: z.string() } }, async ({ text }) => {
    throw new Error(`lookup failed for ${text}`);
  });
  const greeting = trace(async function greet(text: string) { return `hello ${text}`; }, { eventType: "tool" });
  mcp.registerPrompt("greet", { argsSchema: { text: z.string() } }, async ({ text }) => ({
    messages: [{ role: "user", content: { type: "text", text: await greeting(text) } }],
  }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
  await mcp.connect(transport);
  const http = createServer((req, res) => void transport.handleRequest(req, res));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  const client = new Client({ name: "app", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  return { client, http, mcp };
}

/** Starts both servers and connects a client to each. */
export async function startMcpServers(): Promise<McpServers> {
  const memory = await startMemoryServer();
  const http = await startHttpServer();
  return {
    memory: memory.client,
    http: http.client,
    close: async () => {
      await Promise.allSettled([memory.client.close(), http.client.close()]);
      await Promise.allSettled([memory.server.close(), http.mcp.close()]);
      http.http.closeAllConnections();
      await new Promise((resolve) => http.http.close(resolve));
    },
  };
}
