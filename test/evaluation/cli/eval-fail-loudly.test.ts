import { createServer, type Server } from "node:http";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../../packages/honeyhive/src/index";
import { captureSdkLogs } from "../../../packages/honeyhive/src/testing";
import { runCli } from "./cli-harness";

/** A backend that rejects every key (what a wrong HH_API_KEY meets), on 127.0.0.1. */
let rejecting: Server;
let rejectingUrl = "";
let closedUrl = "";
let dir: string;

beforeAll(async () => {
  rejecting = createServer((req, res) => {
    req.resume();
    res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid API key" }));
  });
  await new Promise<void>((r) => rejecting.listen(0, "127.0.0.1", r));
  rejectingUrl = `http://127.0.0.1:${(rejecting.address() as { port: number }).port}`;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  closedUrl = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
  await new Promise((r) => probe.close(r));
  dir = await mkdtemp(join(tmpdir(), "hh-loud-"));
  await writeFile(join(dir, "ok.eval.mjs"), `export default { name: "ok", dataset: [{ inputs: { x: 1 } }, { inputs: { x: 2 } }],
  function: (i) => i.x, evaluators: [function positive(o) { return o > 0; }] };\n`);
});
afterAll(() => new Promise((r) => rejecting.close(r)));

function oneLine(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.includes("were not stored"));
}

describe("an eval file calling process.exit() does not decide the command's exit code", () => {
  it("exit(0) after its evaluate() is ignored with a note; the other file's failure still fail the command (exit 2), with every report written", async () => {
    await writeFile(join(dir, "exit0.eval.mjs"), `import { evaluate } from ${JSON.stringify(new URL("../../../packages/honeyhive/src/index.ts", import.meta.url).pathname)};
async function main() {
  await evaluate({ name: "exit0", dataset: [{ inputs: { q: "a" } }], function: (i) => i.q, evaluators: [function isA(o) { return o === "a"; }] });
}
main().then(() => process.exit(0));\n`);
    await writeFile(join(dir, "failing.eval.mjs"), `export default { name: "failing", dataset: [{ inputs: { x: 1 } }],
  function: () => { throw new Error("task broke"); } };\n`);
    await writeFile(join(dir, "exit1.eval.mjs"), "process.exit(3);\n");
    const run = await runCli(["eval", "failing.eval.mjs", "exit0.eval.mjs", "exit1.eval.mjs", "--json", "exits.json", "--offline"], dir, {});
    expect(run.stderr).toContain("exit0.eval.mjs: called process.exit(0) before the run ended; ignored (honeyhive eval finishes the run and decides the exit code)");
    expect(run.stderr).toContain("exit1.eval.mjs: called process.exit(3); honeyhive eval ran on and decides the exit code itself");
    const report = JSON.parse(await readFile(join(dir, "exits.json"), "utf8"));
    expect(report.experiments.map((e: { name: string }) => e.name)).toEqual(["failing", "exit0"]);
    expect(report.failures[0]).toEqual({ kind: "execution", file: "exit1.eval.mjs", error: "called process.exit(3); honeyhive eval ran on and decides the exit code itself", summary: "exit1.eval.mjs failed" });
    expect(report.failures.slice(1)).toMatchObject([{ kind: "datapoint", file: "failing.eval.mjs", experiment: "failing", outcome: "failed" }]);
    expect(run.code).toBe(report.exitCode);
    expect(run.stdout).toMatch(/\nDid not run cleanly \(exit1\.eval\.mjs failed; "failing" failed\): /); // the last line names what failed
    expect(run.stdout).toContain("2 experiment(s) ran, 1/2 datapoint(s) passed (1 failed, 1 of them with an error or time-out), 1 execution failure(s), 0/0 threshold(s) met; exit code 2");
    expect(run.code).toBe(2); // a failed task and a file that failed to run (process.exit(3)): an execution failure
  }, 60_000);
});

describe("honeyhive eval fails loudly when results were meant to be stored and were not", () => {
  it("a wrong key: exit 2 and one line saying what failed and how to run locally on purpose", async () => {
    const run = await runCli(["eval", "ok.eval.mjs", "--json", "wrong-key.json"], dir, { HH_API_KEY: "wrong", HH_API_URL: rejectingUrl });
    expect(run.code).toBe(2);
    const lines = oneLine(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/results of "ok" were not stored \(.*401.*\); to run locally on purpose, pass --offline or unset HH_API_KEY/);
    expect(run.stderr).not.toContain("wrong"); // the key itself is never printed
    const report = JSON.parse(await readFile(join(dir, "wrong-key.json"), "utf8"));
    expect(report.exitCode).toBe(2);
    expect(report.experiments[0]).toMatchObject({ uploaded: false, verdict: { passed: 2, total: 2 } });
    expect(report.failures).toHaveLength(1);
  }, 60_000);

  it("a dead backend: exit 2 with the line", async () => {
    const run = await runCli(["eval", "ok.eval.mjs"], dir, { HH_API_KEY: "local", HH_API_URL: closedUrl });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toHaveLength(1);
  }, 60_000);

  it("--resume with a backend that can neither create nor show the run: exit 2, one line naming the run and why, nothing run", async () => {
    const run = await runCli(["eval", "ok.eval.mjs", "--run-id", "nightly", "--resume", "--json", "resume-down.json"], dir, { HH_API_KEY: "local", HH_API_URL: closedUrl });
    expect(run.code).toBe(2);
    const lines = run.stderr.split("\n").filter((l) => l.includes("cannot be resumed"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^honeyhive eval: ok\.eval\.mjs: ResumedRunUnavailableError: run [0-9a-f-]{36} cannot be resumed: the server could neither create it nor show that it holds it \(.*\); nothing ran/);
    expect(run.stdout).toMatch(/\nDid not run cleanly \(run [0-9a-f-]{36} not resumed: the server could not be read\): 0 experiment\(s\) ran, .*; exit code 2/);
    const report = JSON.parse(await readFile(join(dir, "resume-down.json"), "utf8"));
    expect(report).toMatchObject({ exitCode: 2, experiments: [], failures: [{ kind: "execution", file: "ok.eval.mjs", error: expect.stringContaining("ResumedRunUnavailableError") }] });
  }, 60_000);

  it("a server without a key: exit 2 naming the missing key", async () => {
    const run = await runCli(["eval", "ok.eval.mjs"], dir, { HH_API_KEY: undefined, HH_API_URL: rejectingUrl });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)[0]).toContain("HH_API_URL is set but HH_API_KEY is not");
  }, 60_000);

  it("no key: runs locally (exit 0) saying so; a key set but empty (a CI secret a fork's job cannot read) is named as such, without the local server's advice", async () => {
    const none = await runCli(["eval", "ok.eval.mjs"], dir, { HH_API_KEY: undefined, HH_API_URL: undefined });
    expect(none.code).toBe(0);
    expect(none.stderr).toContain("HH_API_KEY is not set, so experiments run locally");
    expect(none.stderr).toContain("npx honeyhive serve");
    expect(none.stderr).not.toContain("no API key (option apiKey or HH_API_KEY)"); // the CLI says it; evaluate() not again
    for (const empty of ["", "  "]) {
      const run = await runCli(["eval", "ok.eval.mjs"], dir, { HH_API_KEY: empty, HH_API_URL: undefined });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain("HH_API_KEY is set but empty (a CI secret this job cannot read");
      expect(run.stderr).not.toContain("npx honeyhive serve");
    }
  }, 60_000);

  it("--offline runs locally on purpose: exit 0, nothing sent, no warning", async () => {
    let requests = 0;
    rejecting.on("request", () => void (requests += 1));
    const run = await runCli(["eval", "ok.eval.mjs", "--offline", "--json", "offline.json"], dir, { HH_API_KEY: "wrong", HH_API_URL: rejectingUrl });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("were not stored");
    expect(run.stderr).not.toContain("HH_API_KEY is not set");
    expect(requests).toBe(0);
    const report = JSON.parse(await readFile(join(dir, "offline.json"), "utf8"));
    expect(report.experiments[0]).toMatchObject({ uploaded: false, verdict: { passed: 2, total: 2 } });
  }, 60_000);

  it("evaluate() itself still returns its results, marked not uploaded, and warns once", async () => {
    const logs = captureSdkLogs();
    const result = await evaluate({
      apiKey: "wrong", serverUrl: rejectingUrl, progress: false, dataset: [{ inputs: { x: 1 } }],
      function: (i: { x: number }) => i.x, evaluators: [function positive(o: number) { return o > 0; }],
    }).finally(logs.restore);
    expect(logs.lines.map((l) => l.level)).toEqual(["warn"]);
    expect(logs.text()).toMatch(/^could not create the run; .*401/);
    expect(logs.text()).not.toContain("wrong");
    expect(result.uploaded).toBe(false);
    expect(result.uploadError).toContain("401");
    expect(result.verdict).toMatchObject({ passed: 1, total: 1 });
  });
});
