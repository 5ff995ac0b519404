import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { describeOpenHandles, openHandlesMessage } from "../../../packages/honeyhive/src/cli/eval/end-of-run";
import { ROOT } from "./cli-harness";

/**
 * `honeyhive eval` ends once the run is over and reported, with the documented exit code, even when an eval file left
 * handles open (it printed "exit code N" and then waited on the event loop forever; CI hung until its own timeout):
 * after a 1 s grace with one line on standard error, or at once when the file asked to exit (`process.exit(0)`, the
 * old-style script's end, ignored during the run). The built CLI, run by plain Node; each run is killed after
 * {@link KILL_AFTER_MS}, so a command that does not end fails an assertion (code null), not the test's timeout.
 */
const CLI = join(ROOT, "packages/honeyhive/dist/cli.js");
const SDK_DIST = pathToFileURL(join(ROOT, "packages/honeyhive/dist/index.js")).href;
const KILL_AFTER_MS = 15_000;
/** Start-up, the run and the 1 s grace, with room for a slow machine; far below {@link KILL_AFTER_MS}. */
const ENDS_WITHIN_MS = 10_000;
const NOTE = /honeyhive eval: the run is over, but the evaluation files left (\d+ handles? \([^)]*\) )?open .*exiting with exit code (\d+)/;
let dir: string;

interface Ended { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

/** Runs the built `honeyhive eval <args> --offline` in the fixture directory; `onStderr` sees standard error as it comes. */
function runBuilt(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Ended> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: "1", NO_COLOR: "1" };
  delete env.HH_API_KEY;
  delete env.HH_API_URL;
  delete env.NODE_OPTIONS;
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "eval", ...args, "--offline"], { cwd: dir, env, timeout: KILL_AFTER_MS, killSignal: "SIGKILL" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
    onStderr?.(stderr, child);
  });
  return new Promise((done) => child.on("close", (code, signal) => done({ code, signal, stdout, stderr, ms: performance.now() - started })));
}

const SERVER = `import http from "node:http";
http.createServer((_q, r) => r.end("ok")).listen(0, "127.0.0.1"); // left open, like a DB pool or a test server
`;
const config = (name: string, groundTruth: number): string =>
  `{ name: "${name}", dataset: [{ inputs: { x: 1 }, ground_truth: ${groundTruth} }], function: async ({ x }) => x, evaluators: [function same(o, _i, gt) { return o === gt; }] }`;
const oldStyle = (name: string, groundTruth: number, exitWith: number): string => `import { evaluate } from ${JSON.stringify(SDK_DIST)};
const pool = setInterval(() => {}, 1000); // stands for a connection pool
async function main() {
  await evaluate(${config(name, groundTruth)});
}
main().then(() => process.exit(${exitWith}));
`;

beforeAll(async () => {
  expect(existsSync(CLI), "dist/cli.js is missing: run `npm run build` first").toBe(true);
  dir = await mkdtemp(join(tmpdir(), "hh-open-handles-"));
  await writeFile(join(dir, "server-pass.eval.mjs"), `${SERVER}export default ${config("server-pass", 1)};\n`);
  await writeFile(join(dir, "server-fail.eval.mjs"), `${SERVER}export default ${config("server-fail", 2)};\n`);
  await writeFile(join(dir, "clean.eval.mjs"), `export default ${config("clean", 1)};\n`);
  await writeFile(join(dir, "pool-exit.eval.mjs"), oldStyle("pool-exit", 1, 0));
  await writeFile(join(dir, "pool-exit-fail.eval.mjs"), oldStyle("pool-exit-fail", 2, 0));
  await writeFile(join(dir, "pool-exit3.eval.mjs"), oldStyle("pool-exit3", 1, 3));
  await writeFile(join(dir, "server-hang.eval.mjs"), `${SERVER}export default {
  name: "server-hang", dataset: [{ inputs: { x: 1 } }], evaluators: [function ok() { return true; }],
  function: async (_i, _gt, { signal }) => {
    process.stderr.write("STARTED\\n");
    await new Promise((resolve, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
  },
};
`);
});

describe("honeyhive eval ends when an eval file leaves a handle open", () => {
  it.each([
    ["server-pass.eval.mjs", 0],
    ["server-fail.eval.mjs", 1],
  ])("%s (an HTTP server left listening): exit %i after the summary and the grace, with one line naming the handle", async (file, code) => {
    const run = await runBuilt([file]);
    expect(run.signal, `killed: the command did not end within ${KILL_AFTER_MS} ms\n${run.stderr}`).toBeNull();
    expect(run.code, run.stderr).toBe(code);
    expect(run.ms).toBeLessThan(ENDS_WITHIN_MS);
    expect(run.stdout).toContain(`exit code ${code}`);
    const note = NOTE.exec(run.stderr);
    expect(note, run.stderr).not.toBeNull();
    expect(note?.[1]).toBe("1 handle (TCPServerWrap) ");
    expect(note?.[2]).toBe(String(code));
  }, 30_000);

  it("writes the whole report to a pipe before it ends (--json -)", async () => {
    const run = await runBuilt(["server-fail.eval.mjs", "--json", "-"]);
    expect(run.signal, `killed: the command did not end within ${KILL_AFTER_MS} ms\n${run.stderr}`).toBeNull();
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { exitCode: number; experiments: { name: string }[] };
    expect(report.exitCode).toBe(1);
    expect(report.experiments.map((e) => e.name)).toEqual(["server-fail"]);
    expect(run.stderr).toMatch(/exit code 1\n[^]*the run is over, but the evaluation files left/);
  }, 30_000);

  it.each([
    ["pool-exit.eval.mjs", 0],
    ["pool-exit-fail.eval.mjs", 1],
    ["pool-exit3.eval.mjs", 2],
  ])("%s (an old-style script: an open interval, then main().then(() => process.exit(N))): ends at once after the summary with the command's exit %i", async (file, code) => {
    const run = await runBuilt([file]);
    expect(run.signal, `killed: the command did not end within ${KILL_AFTER_MS} ms\n${run.stderr}`).toBeNull();
    expect(run.code, run.stderr).toBe(code);
    expect(run.ms).toBeLessThan(ENDS_WITHIN_MS);
    expect(run.stdout).toContain(`exit code ${code}`);
    expect(run.stderr).toMatch(/called process\.exit\((0|3)\)/);
    // No grace: the file asked to exit, so the command does not wait for its handles nor blame them.
    expect(run.stderr).not.toMatch(NOTE);
  }, 30_000);

  it("a clean file: the process ends by itself, with no note", async () => {
    const run = await runBuilt(["clean.eval.mjs"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(NOTE);
  }, 30_000);

  it("SIGTERM with a server left open: cancelled, exit 143 (the signal's code, not changed by the end)", async () => {
    let sent = false;
    const run = await runBuilt(["server-hang.eval.mjs"], (text, child) => {
      if (sent || !text.includes("STARTED")) return;
      sent = true;
      child.kill("SIGTERM");
    });
    expect(sent).toBe(true);
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(143);
    expect(run.stderr).toContain("SIGTERM: cancelling");
    expect(NOTE.exec(run.stderr)?.[2]).toBe("143");
  }, 30_000);
});

describe("the open-handles line", () => {
  it("counts the handles by kind", () => {
    expect(describeOpenHandles(["TCPServerWrap", "Timeout", "Timeout"])).toBe("3 handles (TCPServerWrap, Timeout ×2)");
    expect(describeOpenHandles([])).toBe("");
    expect(openHandlesMessage(1, 1000, "")).toMatch(/left handles open .* 1 s after the summary; exiting with exit code 1/);
  });
});
