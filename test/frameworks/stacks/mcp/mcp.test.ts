/**
 * Issue 47, requirement 9: MCP tool calls through `@modelcontextprotocol/sdk` traced by the SDK's own instrumentation
 * (`instrumentModules: { mcp: { Client, Server } }`) under `evaluate()` (20 datapoints, 10 at a time), against an
 * in-process server (in-memory transport) and a Streamable HTTP server on 127.0.0.1 (mcp-servers.ts), both shared by
 * every datapoint. Per datapoint four tool calls: `echo` and `fail` on each server (`unit-<i>/a` … `/d`). Each call
 * is two tool events named after the tool — the client's and the server's, the server's a child of the client's — in
 * the datapoint's own session, with the arguments as inputs, the result content as outputs and the failure as error.
 * The same calls from a web app (one `withSession()` session per request, 20 concurrent requests) land in each
 * request's session the same way.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HoneyHiveEvent } from "../../../../packages/honeyhive/src/api-client/types";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { HoneyHiveTracer, trace } from "../../../../packages/honeyhive/src/index";
import { evaluate } from "../../../../packages/honeyhive/src/script/evaluate";
import { DATAPOINTS, type StackBackend, startStackBackend } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import { hasInputsAndOutcome, recordStackRow, installedVersions } from "../../stack-row";
import { type McpServers, startMcpServers } from "./mcp-servers";

const stackDir = dirname(fileURLToPath(import.meta.url));
let servers: McpServers;
let backend: StackBackend;
let sessions: HoneyHiveEvent[][] = [];
let webSessions: HoneyHiveEvent[][] = [];

function textOf(result: unknown): string {
  const content = (result as { content?: { text?: string }[] }).content ?? [];
  return content.map((part) => part.text ?? "").join("");
}

async function calls(i: number): Promise<string> {
  const mark = unitMark(i);
  const a = await servers.memory.callTool({ name: "echo", arguments: { text: `${mark}a` } });
  const b = await servers.memory.callTool({ name: "fail", arguments: { text: `${mark}b` } }).then(() => "resolved", (error: Error) => `rejected: ${error.message}`);
  const c = await servers.http.callTool({ name: "echo", arguments: { text: `${mark}c` } });
  const d = await servers.http.callTool({ name: "fail", arguments: { text: `${mark}d` } });
  const e = await servers.http.getPrompt({ name: "greet", arguments: { text: `${mark}e` } });
  return [textOf(a), b, textOf(c), `${d.isError === true ? "isError: " : ""}${textOf(d)}`, JSON.stringify(e.messages)].join("|");
}

async function readSessions(ids: readonly string[]): Promise<HoneyHiveEvent[][]> {
  return Promise.all(ids.map(async (id) => {
    const res = await backend.api.events.export({ filters: [{ field: "session_id", operator: "is", value: id, type: "string" }], limit: 500 });
    if (!res.ok) throw new Error(res.error);
    return res.data.events;
  }));
}

/** A web app whose every request (`/unit/<i>`) is a session of its own making the datapoints' calls; 20 requests at once. Their session ids. */
async function serveWebRequests(): Promise<string[]> {
  const tracer = new HoneyHiveTracer({ apiKey: "local", serverUrl: backend.server.url, project: "mcp-web", instrumentModules: { mcp: { Client, Server } } });
  const handler = trace(async function handleRequest(unit: number) { return calls(unit); }, { eventType: "chain" });
  const ids: string[] = [];
  const app = createServer((req, res) => {
    const unit = Number(req.url?.split("/").pop());
    void tracer.withSession({ sessionName: `request ${req.url}` }, async (sessionId) => {
      ids[unit] = sessionId;
      res.end(await handler(unit));
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  await Promise.all(Array.from({ length: DATAPOINTS }, async (_, i) => (await fetch(`${base}/unit/${i}`)).text()));
  await new Promise((resolve) => app.close(resolve));
  await tracer.flush();
  await tracer.shutdown(2000);
  return ids;
}

beforeAll(async () => {
  servers = await startMcpServers();
  backend = await startStackBackend();
  const dataset = Array.from({ length: DATAPOINTS }, (_, i) => ({ inputs: { unit: i } }));
  const result = await evaluate<{ unit: number }, Record<string, never>, string>({
    name: "mcp", apiKey: "local", serverUrl: backend.server.url, maxWorkers: 10, dataset, progress: false,
    instrumentModules: { mcp: { Client, Server } },
    function: async function useTools(inputs) {
      return calls(inputs.unit);
    },
  });
  if (result.status !== "completed") throw new Error(`evaluation ${result.status}`);
  sessions = await readSessions(result.sessionIds);
  webSessions = await readSessions(await serveWebRequests());
});
afterAll(async () => {
  await servers?.close();
  await backend?.close();
});

const TAGS = ["a", "b", "c", "d"] as const;
/** Per call: the tool, and how it fails (none, a JSON-RPC error, an `isError` result). */
const CALLS: Record<(typeof TAGS)[number], { tool: string; error?: RegExp; output?: (mark: string) => string }> = {
  a: { tool: "echo", output: (mark) => `echo: ${mark}a` },
  b: { tool: "fail", error: /MCP error -32602: .*no record for unit-\d+\/b/ },
  c: { tool: "echo", output: (mark) => `echo: ${mark}c` },
  d: { tool: "fail", error: /^lookup failed for unit-\d+\/d$/, output: (mark) => `lookup failed for ${mark}d` },
};
const MARK = /\bunit-(\d+)\/([a-d])\b/;

/** The MCP tool events (the server's traced `greet` left out: a function of the app, not an MCP call). */
function toolEvents(events: readonly HoneyHiveEvent[]): HoneyHiveEvent[] {
  return events.filter((e) => e.event_type === "tool" && e.event_name !== "greet");
}

/** A prompt request's server-side work (the app's traced `greet`) is in the session of the datapoint that asked. */
function expectGreetInSession(sessions: HoneyHiveEvent[][]): void {
  sessions.forEach((events, unit) => {
    expect(events.filter((e) => e.event_name === "greet").map((e) => e.inputs)).toEqual([{ text: `${unitMark(unit)}e` }]);
  });
}

/** The call (`unit-<i>/<tag>`) a tool event's inputs name. */
function callOf(event: HoneyHiveEvent): { unit: number; tag: (typeof TAGS)[number] } | undefined {
  const match = MARK.exec(JSON.stringify(event.inputs ?? {}));
  return match ? { unit: Number(match[1]), tag: match[2] as (typeof TAGS)[number] } : undefined;
}

function misrouted(sessions: HoneyHiveEvent[][]): string[] {
  const wrong: string[] = [];
  sessions.forEach((events, datapoint) => {
    for (const event of toolEvents(events)) if (callOf(event)?.unit !== datapoint) wrong.push(`${event.event_name} ${JSON.stringify(event.inputs)} in datapoint ${datapoint}'s session`);
  });
  return wrong;
}

/** The checks of every call's two events in `sessions` (one per datapoint or request), the calls' parent named `parent`. */
function expectToolEvents(sessions: HoneyHiveEvent[][], parent: string): void {
  sessions.forEach((events, unit) => {
    const byId = new Map(events.map((e) => [e.event_id, e]));
    for (const tag of TAGS) {
      const pair = toolEvents(events).filter((e) => callOf(e)?.tag === tag);
      expect(pair.map((e) => e.event_name)).toEqual([CALLS[tag].tool, CALLS[tag].tool]);
      const server = pair.find((e) => byId.get(e.parent_id ?? "")?.event_type === "tool");
      const client = pair.find((e) => e !== server);
      expect(server?.parent_id).toBe(client?.event_id);
      expect(byId.get(client?.parent_id ?? "")?.event_name).toBe(parent); // the datapoint's function, the request's handler
      for (const event of pair) {
        expect(event.inputs).toEqual({ text: `${unitMark(unit)}${tag}` });
        expect(event.metadata).toMatchObject({ "mcp.method.name": "tools/call", "gen_ai.tool.name": CALLS[tag].tool });
        const expected = CALLS[tag].output?.(unitMark(unit));
        // the result's content as it is (an array alone was stored as `{ "value": [...] }`)
        if (expected !== undefined) expect(event.outputs).toEqual({ content: [{ type: "text", text: expected }] });
      }
    }
  });
}

/** Each failure is its events' error: a JSON-RPC error (its code recorded) or an `isError` result (`tool_error`). */
function expectErrors(sessions: HoneyHiveEvent[][]): void {
  for (const event of sessions.flatMap(toolEvents)) {
    const call = CALLS[callOf(event)!.tag];
    if (call.error === undefined) {
      expect(event.error ?? null).toBeNull();
      continue;
    }
    expect(event.error).toMatch(call.error);
    expect((event.metadata as Record<string, unknown>)["error.type"]).toBe(call.output === undefined ? "-32602" : "tool_error");
  }
}

describe("MCP client and servers (in-memory, Streamable HTTP), evaluate() 20 datapoints x maxWorkers 10", () => {
  it("80 tool calls -> 160 tool events (client + server), each in its datapoint's session, 0 misrouted", () => {
    const tools = sessions.flatMap(toolEvents);
    const wrong = misrouted(sessions);
    const withIo = tools.filter(hasInputsAndOutcome).length;
    recordStackRow({
      stack: "mcp", versions: installedVersions(stackDir), expected: DATAPOINTS * TAGS.length * 2, modelEvents: tools.length, misrouted: wrong.length,
      doubleCounted: 0, lost: Math.max(0, DATAPOINTS * TAGS.length * 2 - tools.length), withInputsOutputs: `${withIo}/${tools.length}`, withTokens: "0/0", priced: "0/0", problems: wrong.slice(0, 10),
    });
    expect(sessions).toHaveLength(DATAPOINTS);
    expect(wrong).toEqual([]);
    expect(withIo).toBe(tools.length); // a JSON-RPC failure has no output: its event holds the error
    for (const events of sessions) expect(toolEvents(events)).toHaveLength(TAGS.length * 2);
  });

  it("each call: the client's event and the server's, its child, named after the tool, arguments in, result content out", () => {
    expectToolEvents(sessions, "useTools");
  });

  it("failures are the events' errors: a JSON-RPC error (its code recorded) and an isError result (tool_error)", () => {
    expectErrors(sessions);
  });

  it("diagnose(): no problem, the MCP spans counted under the SDK's own scope", async () => {
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
    expect(diagnosis.spansByScope["honeyhive.mcp"]?.started).toBeGreaterThanOrEqual(2 * DATAPOINTS * TAGS.length);
  });

  it("a prompt request's server-side work (the app's traced function) lands in the asking datapoint's session", () => {
    expectGreetInSession(sessions);
  });

  it("the Streamable HTTP calls carry the transport's MCP session id", () => {
    const ids = new Set(sessions.flatMap(toolEvents).filter((e) => ["c", "d"].includes(callOf(e)!.tag)).map((e) => (e.metadata as Record<string, unknown>)["mcp.session.id"]));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[\da-f-]{36}$/);
  });
});

describe("the same calls from a web app: one withSession() session per request, 20 requests at once", () => {
  it("every request's 8 tool events in its own session, 0 misrouted, inputs, outputs and errors as under evaluate()", () => {
    expect(webSessions).toHaveLength(DATAPOINTS);
    expect(misrouted(webSessions)).toEqual([]);
    for (const events of webSessions) expect(toolEvents(events)).toHaveLength(TAGS.length * 2);
    expectToolEvents(webSessions, "handleRequest");
    expectErrors(webSessions);
    expectGreetInSession(webSessions);
  });
});
