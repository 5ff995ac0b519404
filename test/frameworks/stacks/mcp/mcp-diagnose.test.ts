/**
 * Issue 54, requirement 6: `diagnose()` sees the MCP setup and its failures, and the SDK warns once.
 * - The CommonJS build's classes given in an ES module app (this file imports the ES module build, as an app does):
 *   the classes patched are not the ones the calls go through; `diagnose()` names the unpatched build and the fix.
 * - `McpServer` given for `Server`: nothing is patched for the server side; one warning however many tracers are
 *   created with it (evaluate() creates one per datapoint), and `diagnose()` names the fix.
 * - The documented setup: the instrumentation check lists `mcp` with its spans (it said "No instrumentations were
 *   given").
 * The order matters: a patch of the SDK's classes lasts for the process (each case adds to the previous one's).
 */
import { createRequire } from "node:module";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { createTestTracer, resetHoneyHiveGlobals } from "../../../../packages/honeyhive/src/testing";

const cjs = createRequire(import.meta.url);
afterEach(() => resetHoneyHiveGlobals());

async function instrumentationCheck(): Promise<{ status: string; summary: string; fix?: string }> {
  return (await diagnose({ backend: false })).checks.find((c) => c.id === "instrumentations")!;
}

/** One tool call from an ES module client to an ES module `McpServer`, in memory, under `tracer`. */
async function callOnce(tracer: ReturnType<typeof createTestTracer>["tracer"]): Promise<void> {
  const mcp = new McpServer({ name: "tools", version: "1.0.0" });
  mcp.registerTool("echo", { inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: "text", text }] }));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "app", version: "1.0.0" });
  await mcp.connect(serverSide);
  await client.connect(clientSide);
  await tracer.trace(() => client.callTool({ name: "echo", arguments: { text: "hi" } }));
  await client.close();
}

describe("diagnose() and the MCP setup", () => {
  it("the CommonJS build's classes in an ES module app: the ES module build is named unpatched, with the fix", async () => {
    const { Client: CjsClient } = cjs("@modelcontextprotocol/sdk/client/index.js") as { Client: unknown };
    const { Server: CjsServer } = cjs("@modelcontextprotocol/sdk/server/index.js") as { Server: unknown };
    const { tracer } = createTestTracer({ instrumentModules: { mcp: { Client: CjsClient, Server: CjsServer } } });
    await callOnce(tracer);
    const check = await instrumentationCheck();
    expect(check.status).toBe("problem");
    expect(check.summary).toMatch(/another build is loaded and not patched, so calls through it record nothing: Client of .*dist\/esm\/client\/index\.js; Server of .*dist\/esm\/server\/index\.js/);
    expect(check.fix).toContain("(not `require`)");
    expect((await diagnose({ backend: false })).spansByScope["honeyhive.mcp"]).toBeUndefined(); // the calls recorded nothing
  });

  it("McpServer given for Server: warned once for many tracers, and a problem naming Server", async () => {
    const warnings: string[] = [];
    for (let i = 0; i < 5; i++) createTestTracer({ instrumentModules: { mcp: { Client, Server: McpServer } }, logSink: (level, message) => void (level === "warn" && warnings.push(message)) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("`McpServer` was given");
    const check = await instrumentationCheck();
    expect(check.status).toBe("problem");
    expect(check.summary).toContain("instrumentModules.mcp (`McpServer` was given, which is not the `Server` class");
    expect(check.fix).toContain("an `McpServer` runs on a `Server`");
  });

  it("the documented setup: mcp listed with its spans, no problem", async () => {
    const { tracer } = createTestTracer({ instrumentModules: { mcp: { Client, Server } } });
    await callOnce(tracer);
    const check = await instrumentationCheck();
    expect(check).toMatchObject({ status: "ok", summary: expect.stringMatching(/mcp \(the SDK's own instrumentation, \d+ spans\)/) });
  });
});
