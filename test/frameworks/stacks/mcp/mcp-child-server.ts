/**
 * An MCP tool server in a process of its own, as a user deploys one beside an app: an `McpServer` with an `echo` tool,
 * traced by its own `HoneyHiveTracer` (key, server and project from `HH_API_KEY`, `HH_API_URL`, `HH_PROJECT`, as the
 * docs' stdio setup passes them), reporting to the caller's project.
 *
 * `node --import tsx mcp-child-server.ts <http|stdio> [trust]`: `http` serves Streamable HTTP on 127.0.0.1 port 0 and
 * prints `PORT <n>`; `stdio` serves its standard input and output (one server per client, started by the client's
 * `StdioClientTransport`). `trust` sets `trustIncomingSession: true`. It flushes its spans and exits when its input
 * ends (stdio: the client closed) or on SIGTERM.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";
import { HoneyHiveTracer } from "../../../../packages/honeyhive/src/index";

const [mode, trust] = process.argv.slice(2);
const tracer = new HoneyHiveTracer({ sessionName: `mcp-${mode}-server`, trustIncomingSession: trust === "trust", instrumentModules: { mcp: { Server } } });

function newServer(): McpServer {
  const mcp = new McpServer({ name: `${mode}-tools`, version: "1.0.0" });
  mcp.registerTool("echo", { description: "Echoes the text.", inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: "text", text: `echo: ${text}` }] }));
  return mcp;
}

let closing = false;
async function shutDown(): Promise<void> {
  if (closing) return;
  closing = true;
  await tracer.flush();
  await tracer.shutdown(5000);
  process.exit(0);
}
process.on("SIGTERM", () => void shutDown());

if (mode === "stdio") {
  process.stdin.on("end", () => void shutDown());
  await newServer().connect(new StdioServerTransport());
} else {
  // stateless: a server and transport per request (the SDK's pattern for a server shared by many clients)
  const http = createServer((req, res) => {
    const mcp = newServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => void transport.close().then(() => mcp.close()));
    void mcp.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  process.stdout.write(`PORT ${(http.address() as AddressInfo).port}\n`);
}
