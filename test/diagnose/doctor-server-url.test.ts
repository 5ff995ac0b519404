import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ROOT, TSX_LOADER } from "../evaluation/cli/cli-harness";

/**
 * `honeyhive doctor` with a malformed server URL (issue 24, requirement 9): it must not fall back to HoneyHive's API
 * and probe it with the key, and it must never print URL credentials. The CLI runs in a child process with a preloaded
 * observer (fixtures/record-requests.mjs: Node's diagnostics channels for fetch, node:http(s) and TCP connections) that
 * logs every request the process starts, anywhere; a real loopback server on the port the malformed URL names counts
 * what reaches it. The last test is the control: with a valid URL both see the one backend probe.
 */
const KEY = "hh-doctor-secret-key-4401";
const USER = "hh-url-user";
const PASSWORD = "hh-url-password-77";
const OBSERVER = join(__dirname, "fixtures", "record-requests.mjs");

let loopback: Server;
let port = 0;
let dir = "";
let received: IncomingMessage[] = [];

beforeAll(async () => {
  loopback = createServer((req, res) => {
    received.push(req);
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise<void>((r) => loopback.listen(0, "127.0.0.1", r));
  port = (loopback.address() as { port: number }).port;
  dir = await mkdtemp(join(tmpdir(), "hh-doctor-url-"));
});
afterAll(async () => {
  loopback.closeAllConnections();
  await new Promise((r) => loopback.close(r));
});
beforeEach(() => {
  received = [];
});

interface Doctor {
  code: number | null;
  output: string;
  requests: { via: string; url: string; headers?: string }[];
  backend: { status: string; summary: string; fix?: string };
}

let runs = 0;
/** `honeyhive doctor --json <args>` (the CLI from source) with the observer preloaded; HH_* only as given. */
function doctor(env: Record<string, string>, args: string[] = []): Promise<Doctor> {
  const log = join(dir, `requests-${(runs += 1)}.jsonl`);
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", OBSERVER, "--import", TSX_LOADER, join(ROOT, "packages/honeyhive/src/cli/main.ts"), "doctor", "--json", "--timeout", "3000", ...args], {
      cwd: dir, env: { PATH: process.env.PATH, HH_TEST_REQUEST_LOG: log, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", async (code) => {
      const lines = await readFile(log, "utf8").catch(() => "");
      const requests = lines.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Doctor["requests"][number]);
      let backend: Doctor["backend"] = { status: "missing", summary: "" };
      try {
        backend = (JSON.parse(stdout) as { checks: ({ id: string } & Doctor["backend"])[] }).checks.find((c) => c.id === "backend") ?? backend;
      } catch {
        // not JSON: the assertions below show the output
      }
      done({ code, output: stdout + stderr, requests, backend });
    });
  });
}

/** Nothing left the process, nothing reached the loopback server, and neither the key nor the credentials were printed. */
function expectNothingSentNorPrinted(run: Doctor): void {
  expect(run.requests, run.output).toEqual([]);
  expect(received).toHaveLength(0);
  for (const secret of [KEY, USER, PASSWORD]) expect(run.output).not.toContain(secret);
}

describe("honeyhive doctor with a malformed server URL", () => {
  it("HH_API_URL without a scheme (localhost:<port>): a clear error naming HH_API_URL, no request anywhere, exit 1", async () => {
    const run = await doctor({ HH_API_KEY: KEY, HH_API_URL: `localhost:${port}` });
    expect(run.code, run.output).toBe(1);
    expect(run.backend).toMatchObject({ status: "problem", summary: `HH_API_URL "localhost:${port}" is not a valid http(s) URL (for example http://localhost:4318); nothing was sent.` });
    expect(run.backend.fix).toContain("Set HH_API_URL");
    expectNothingSentNorPrinted(run);
  }, 60_000);

  it("HH_API_URL with credentials (http://user:pass@host): refused without repeating them, no request anywhere", async () => {
    const run = await doctor({ HH_API_KEY: KEY, HH_API_URL: `http://${USER}:${PASSWORD}@127.0.0.1:${port}` });
    expect(run.code, run.output).toBe(1);
    expect(run.backend).toMatchObject({ status: "problem", summary: "HH_API_URL must not contain credentials (pass the API key as apiKey / HH_API_KEY); nothing was sent." });
    expectNothingSentNorPrinted(run);
  }, 60_000);

  it("credentials and no scheme (user:pass@localhost:<port>): the whole user:pass part is masked, no request anywhere", async () => {
    const run = await doctor({ HH_API_KEY: KEY, HH_API_URL: `${USER}:${PASSWORD}@localhost:${port}` });
    expect(run.code, run.output).toBe(1);
    expect(run.backend.summary).toBe(`HH_API_URL "***@localhost:${port}" is not a valid http(s) URL (for example http://localhost:4318); nothing was sent.`);
    expectNothingSentNorPrinted(run);
  }, 60_000);

  it("--server-url without a scheme: the same, no request anywhere", async () => {
    const run = await doctor({ HH_API_KEY: KEY }, ["--server-url", `localhost:${port}`]);
    expect(run.code, run.output).toBe(1);
    expect(run.backend.summary).toMatch(/^serverUrl "localhost:\d+" is not a valid http\(s\) URL .*; nothing was sent\.$/);
    expectNothingSentNorPrinted(run);
  }, 60_000);

  it("HH_API_URL with a query or a fragment: a configuration error naming HH_API_URL, never printing the query, no request", async () => {
    for (const tail of [`/?api_key=${KEY}`, `/v1#${KEY}`, "?"]) {
      const run = await doctor({ HH_API_KEY: KEY, HH_API_URL: `http://127.0.0.1:${port}${tail}` });
      expect(run.code, run.output).toBe(1);
      expect(run.backend.summary).toMatch(/^HH_API_URL must not contain a query or fragment \("\?…" or "#…"\): the API paths are appended to it; give the server's base URL, e\.g\. http:\/\/127\.0\.0\.1:\d+(\/v1)?; nothing was sent\.$/);
      expectNothingSentNorPrinted(run);
    }
  }, 60_000);

  it("--server-url with a query names the option; an unparsable URL is printed without its query or credentials", async () => {
    const option = await doctor({ HH_API_KEY: KEY }, ["--server-url", `http://127.0.0.1:${port}/?token=${PASSWORD}`]);
    expect(option.code, option.output).toBe(1);
    expect(option.backend.summary).toMatch(/^serverUrl must not contain a query or fragment/);
    expectNothingSentNorPrinted(option);
    const unparsable = await doctor({ HH_API_KEY: KEY, HH_API_URL: `${USER}:${PASSWORD}@localhost:${port}/?key=${KEY}#${PASSWORD}` });
    expect(unparsable.backend.summary).toBe(`HH_API_URL "***@localhost:${port}/?…" is not a valid http(s) URL (for example http://localhost:4318); nothing was sent.`);
    expectNothingSentNorPrinted(unparsable);
  }, 60_000);

  it("misspelled variable names (HH_APIKEY, HH_SERVER_URL): the backend finding names the variables to set, nothing sent", async () => {
    const run = await doctor({ HH_APIKEY: KEY, HH_SERVER_URL: `http://127.0.0.1:${port}` });
    expect(run.code, run.output).toBe(1);
    expect(run.backend.status).toBe("problem");
    expect(run.backend.summary).toContain("environment variable HH_APIKEY is not read by honeyhive (did you mean HH_API_KEY?)");
    expect(run.backend.summary).toContain("environment variable HH_SERVER_URL is not read by honeyhive (did you mean HH_API_URL?)");
    expectNothingSentNorPrinted(run);
  }, 60_000);

  it("HH_TEST_MODE on with a key the backend takes: a problem (tracers would send nothing), exit 1", async () => {
    const run = await doctor({ HH_API_KEY: KEY, HH_API_URL: `http://127.0.0.1:${port}`, HH_TEST_MODE: "true" });
    expect(run.code, run.output).toBe(1);
    expect(run.backend.status).toBe("problem");
    expect(run.backend.summary).toMatch(/^HH_TEST_MODE is on: tracers are in test mode and send nothing, although an API key is set\. The backend at .* accepted the API key/);
    expect(run.backend.fix).toContain("Unset HH_TEST_MODE");
    expect(run.output).not.toContain(KEY);
  }, 60_000);

  it("control: with a valid HH_API_URL the observer and the loopback server both see the backend probe and the project question", async () => {
    const run = await doctor({ HH_API_KEY: KEY, HH_API_URL: `http://127.0.0.1:${port}` });
    expect(run.backend, run.output).toMatchObject({ status: "ok" });
    // the probe, then (a server on this machine may be a dev server) whether the key's project is empty while others are not
    expect(received.map((r) => `${r.method} ${r.url} ${r.headers.authorization}`)).toEqual([`POST /opentelemetry/v1/traces Bearer ${KEY}`, `GET /viewer/whoami Bearer ${KEY}`]);
    expect(run.requests.filter((r) => r.via !== "tcp").map((r) => r.url)).toEqual([`http://127.0.0.1:${port}/opentelemetry/v1/traces`, `http://127.0.0.1:${port}/viewer/whoami`]);
    expect(run.output).not.toContain(KEY);
  }, 60_000);
});
