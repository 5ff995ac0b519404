/**
 * Issue 54, requirement 6: MCP servers in other processes, each traced by a tracer of its own reporting to the caller's
 * project on the dev server (mcp-child-server.ts), called from `evaluate()`:
 * - one Streamable HTTP server shared by every datapoint, and a stdio server per datapoint (started by the client's
 *   `StdioClientTransport` with the environment the docs give it): the server keeps a session of its own, linked to
 *   its caller, and the stored run shows exactly the run's datapoints (the caller's run ids travel in `_meta`, but a
 *   session counts as a run's datapoint only when it is that datapoint's session: the server names them as its
 *   caller's, `caller_run_id` / `caller_datapoint_id`). Before, the shared server's session counted as a 21st
 *   datapoint, and every stdio server's session as one more;
 * - `evaluate({ propagateSessionId: true })` with servers that trust the incoming session: each server's tool event is
 *   in the datapoint's own session, beside the client's.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HoneyHiveEvent } from "../../../../packages/honeyhive/src/api-client/types";
import { evaluate } from "../../../../packages/honeyhive/src/script/evaluate";
import { type StackBackend, startStackBackend } from "../../../routing/evaluate-stack";

const stackDir = dirname(fileURLToPath(import.meta.url));
const CHILD = join(stackDir, "mcp-child-server.ts");
/** Datapoints of the shared-server run (as the in-process stack) and of the runs that start a server per datapoint. */
const SHARED_DATAPOINTS = 20;
const SPAWNED_DATAPOINTS = 6;

let backend: StackBackend;
/** The environment the servers report with: the caller's key and server (the caller's project). */
let serverEnv: Record<string, string>;

beforeAll(async () => {
  backend = await startStackBackend();
  serverEnv = { HH_API_KEY: "local", HH_API_URL: backend.server.url };
});
afterAll(async () => {
  await backend?.close();
});

/** Starts the shared Streamable HTTP server; resolves with its process and URL once it listens. */
async function startHttpServer(): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, "http"], { cwd: stackDir, env: { ...process.env, ...serverEnv }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const port = /PORT (\d+)/.exec(out)?.[1];
    if (port !== undefined) return { child, url: new URL(`http://127.0.0.1:${port}/mcp`) };
  }
  throw new Error(`the HTTP server exited before listening: ${out}`);
}

/** A client of a stdio server of its own, set up as the MCP guide says (the server's key and server in `env`). */
async function stdioClient(trust: boolean): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath, args: ["--import", "tsx", CHILD, "stdio", ...(trust ? ["trust"] : [])], cwd: stackDir, stderr: "ignore",
    env: { ...getDefaultEnvironment(), ...serverEnv },
  });
  const client = new Client({ name: "app", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

async function echo(client: Client, unit: number): Promise<string> {
  const result = await client.callTool({ name: "echo", arguments: { text: `unit-${unit}` } });
  return ((result.content ?? []) as { text?: string }[]).map((part) => part.text ?? "").join("");
}

interface Run {
  runId: string;
  sessionIds: string[];
  /** The stored run's datapoints (`GET /v1/runs/{id}/result`). */
  stored: { datapoint_id: string | null; session_id: string }[];
}

async function run(name: string, datapoints: number, call: (unit: number) => Promise<string>, propagateSessionId?: boolean): Promise<Run> {
  const result = await evaluate<{ unit: number }, Record<string, never>, string>({
    name, apiKey: "local", serverUrl: backend.server.url, maxWorkers: Math.min(10, datapoints), progress: false,
    dataset: Array.from({ length: datapoints }, (_, unit) => ({ inputs: { unit } })),
    instrumentModules: { mcp: { Client, Server } }, ...(propagateSessionId === undefined ? {} : { propagateSessionId }),
    function: async function useTool({ unit }) {
      return call(unit);
    },
  });
  if (result.status !== "completed") throw new Error(`evaluation ${result.status}`);
  const summary = await backend.api.runs.result(result.runId);
  if (!summary.ok) throw new Error(summary.error);
  return { runId: result.runId, sessionIds: result.sessionIds, stored: (summary.data as unknown as { datapoints: Run["stored"] }).datapoints };
}

/** The `echo` tool events whose `metadata[key]` is `value`, once `count` of them arrived (the servers flush as they exit). */
async function echoEvents(key: string, value: string, count: number): Promise<HoneyHiveEvent[]> {
  for (let waited = 0; ; waited += 200) {
    const res = await backend.api.events.export({ filters: [{ field: "event_name", operator: "is", value: "echo", type: "string" }], limit: 1000 });
    if (!res.ok) throw new Error(res.error);
    const found = res.data.events.filter((e) => (e.metadata as Record<string, unknown> | undefined)?.[key] === value);
    if (found.length >= count || waited > 120_000) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The stored run holds exactly the run's datapoints, each in the session evaluate() gave it. */
function expectExactlyTheRunsDatapoints(r: Run, datapoints: number): void {
  expect(r.stored).toHaveLength(datapoints);
  expect(new Set(r.stored.map((d) => d.session_id))).toEqual(new Set(r.sessionIds));
}

/** Each server event is in a session of the server's own, naming its caller's run, datapoint and span. */
function expectServerSessionsOutsideTheRun(r: Run, events: HoneyHiveEvent[], datapoints: number): void {
  const server = events.filter((e) => !r.sessionIds.includes(e.session_id!));
  expect(server).toHaveLength(datapoints);
  for (const event of server) {
    expect(event.metadata).toMatchObject({ caller_run_id: r.runId, caller_span_id: expect.stringMatching(/^[\da-f]{16}$/) });
    expect(event.metadata?.run_id).toBeUndefined();
  }
  expect(new Set(server.map((e) => e.metadata?.caller_datapoint_id)).size).toBe(datapoints);
}

describe("MCP servers in other processes reporting to the caller's project, under evaluate()", () => {
  it(`one shared Streamable HTTP server: the stored run shows exactly its ${SHARED_DATAPOINTS} datapoints`, async () => {
    const { child, url } = await startHttpServer();
    const client = new Client({ name: "app", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(url));
    const r = await run("mcp-http-process", SHARED_DATAPOINTS, (unit) => echo(client, unit));
    await client.close();
    child.kill("SIGTERM");
    await once(child, "exit");
    expectExactlyTheRunsDatapoints(r, SHARED_DATAPOINTS);
    expectServerSessionsOutsideTheRun(r, await echoEvents("caller_run_id", r.runId, SHARED_DATAPOINTS), SHARED_DATAPOINTS);
  }, 300_000);

  it(`a stdio server per datapoint (the guide's environment): recorded, and the stored run shows exactly its ${SPAWNED_DATAPOINTS} datapoints`, async () => {
    const r = await run("mcp-stdio-process", SPAWNED_DATAPOINTS, async (unit) => {
      const client = await stdioClient(false);
      try {
        return await echo(client, unit);
      } finally {
        await client.close();
      }
    });
    expectExactlyTheRunsDatapoints(r, SPAWNED_DATAPOINTS);
    expectServerSessionsOutsideTheRun(r, await echoEvents("caller_run_id", r.runId, SPAWNED_DATAPOINTS), SPAWNED_DATAPOINTS);
  }, 300_000);

  it("evaluate({ propagateSessionId: true }) with servers that trust it: each server's event is in its datapoint's session", async () => {
    const r = await run("mcp-stdio-joined", SPAWNED_DATAPOINTS, async (unit) => {
      const client = await stdioClient(true);
      try {
        return await echo(client, unit);
      } finally {
        await client.close();
      }
    }, true);
    expectExactlyTheRunsDatapoints(r, SPAWNED_DATAPOINTS);
    // the client's and the server's event of each call, both stamped with the run
    const events = await echoEvents("run_id", r.runId, 2 * SPAWNED_DATAPOINTS);
    for (const sessionId of r.sessionIds) {
      const inSession = events.filter((e) => e.session_id === sessionId);
      expect(inSession).toHaveLength(2);
      const ids = new Set(inSession.map((e) => e.event_id));
      expect(inSession.filter((e) => ids.has(e.parent_id!))).toHaveLength(1); // the server's, a child of the client's
    }
  }, 300_000);
});
