import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, TSX_LOADER } from "../evaluation/cli/cli-harness";
import { startDevServerProcess, type DevServerProcess } from "./dev-server-process";

const NOTE = "Its project on this dev server holds no data while other keys' projects do";

/** `honeyhive doctor --json` (the CLI from source) against `url` with `key`; its backend finding. */
function doctorBackend(url: string, key: string): Promise<{ code: number | null; summary: string; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", TSX_LOADER, join(ROOT, "packages/honeyhive/src/cli/main.ts"), "doctor", "--json", "--timeout", "5000"], {
      cwd: ROOT, env: { PATH: process.env.PATH, HH_API_KEY: key, HH_API_URL: url },
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("close", (code) => {
      let summary = "";
      try {
        summary = (JSON.parse(output) as { checks: { id: string; summary: string }[] }).checks.find((c) => c.id === "backend")?.summary ?? "";
      } catch {
        // not JSON: the assertions show the output
      }
      done({ code, summary, output });
    });
  });
}

async function whoami(url: string, key: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${url}/viewer/whoami`, { headers: { authorization: `Bearer ${key}` } })).json()) as Record<string, unknown>;
}

describe("honeyhive doctor and a key whose dev-server project is empty while others hold data (child processes)", () => {
  let server: DevServerProcess;
  beforeAll(async () => {
    server = await startDevServerProcess(["--in-memory"]);
  });
  afterAll(() => server?.kill());

  it("no note while no project holds data; a note for the empty key once another key wrote; none for that key", async () => {
    const before = await doctorBackend(server.url, "hh_typo_key");
    expect(before.summary, before.output).toMatch(/^The backend at http:\/\/127\.0\.0\.1:\d+ accepted the API key \(HTTP 200\)\.$/);
    const written = await fetch(`${server.url}/session/start`, {
      method: "POST", headers: { authorization: "Bearer hh_real_key", "content-type": "application/json" },
      body: JSON.stringify({ session: { session_name: "real work" } }),
    });
    expect(written.status).toBe(200);
    const typo = await doctorBackend(server.url, "hh_typo_key");
    expect(typo.summary, typo.output).toContain(NOTE);
    expect(typo.summary).toContain("check HH_API_KEY (or `apiKey`) for a typo");
    expect(typo.code).toBe(0); // pointed out, not a failure: a second project may be meant
    expect(typo.output).not.toContain("hh_real_key");
    const real = await doctorBackend(server.url, "hh_real_key");
    expect(real.summary, real.output).not.toContain(NOTE);
    // the route says only whether others hold data, never which
    expect(await whoami(server.url, "hh_typo_key")).toEqual({ project: expect.any(Object), has_data: false, other_keys_have_data: true });
    expect(await whoami(server.url, "hh_real_key")).toMatchObject({ has_data: true, other_keys_have_data: false });
  }, 90_000);
});
