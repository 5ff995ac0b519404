import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signalHandler, type CancelSignal } from "../../../packages/honeyhive/src/cli/eval/cancel-on-signals";
import { startedByPackageManager, watchParentExit } from "../../../packages/honeyhive/src/cli/eval/parent-watch";
import type { DevServer } from "../../../packages/dev-server/src/index";
import { call, KEY, startViewerServer } from "../../viewer/helpers/viewer-server";
import { ROOT, startCli } from "./cli-harness";

/**
 * Real signals to the real CLI: SIGTERM cancels like Ctrl-C (run `cancelled`, finished datapoints linked, reports
 * written, exit 143 within 5 s); datapoints that never started are "not run" everywhere; and Ctrl-C through `npx`
 * (the signal reaches the whole process group: npm, the `sh -c` it runs the command with, and node) cancels too and
 * ends with the documented 130, as it does without npx; a SIGTERM to the npx process alone (npm and its shell end, the
 * command is re-parented) cancels the command as SIGTERM does, instead of letting the orphan finish green.
 */
let server: DevServer;
let dir: string;

// 40 datapoints, 2 at a time: 0-3 finish quickly; 4 and 5 hang until cancelled; 6-39 never start.
const EVAL_FILE = `export default {
  name: "signals", maxConcurrency: 2,
  dataset: Array.from({ length: 40 }, (_, i) => ({ inputs: { i } })),
  evaluators: [function ok(output) { return output === true; }],
  function: async (inputs, _gt, { signal }) => {
    if (inputs.i < 4) return true;
    if (inputs.i === 5) process.stderr.write("STARTED\\n");
    await new Promise((resolve, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
  },
};
`;

beforeAll(async () => {
  server = await startViewerServer();
  dir = await mkdtemp(join(tmpdir(), "hh-signals-"));
  await writeFile(join(dir, "signals.eval.mjs"), EVAL_FILE);
});
afterAll(() => server.close());

interface Finished { code: number | null; signal: NodeJS.Signals | null; stderr: string; msAfterSignal: number }

/** Waits for "STARTED" on standard error, then calls `send` once; resolves when the process has exited. */
function signalWhenStarted(child: ChildProcess, send: () => void): Promise<Finished> {
  return new Promise((done) => {
    let stderr = "";
    let sentAt = 0;
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString();
      if (sentAt === 0 && stderr.includes("STARTED")) {
        sentAt = performance.now();
        send();
      }
    });
    child.stdout!.resume();
    child.on("close", (code, signal) => done({ code, signal, stderr, msAfterSignal: sentAt === 0 ? -1 : performance.now() - sentAt }));
  });
}

describe("honeyhive eval under signals", () => {
  it("SIGTERM cancels: run cancelled with the finished datapoints linked, reports written, not-run datapoints neither passed nor failed, exit 143 within 5 s", async () => {
    const child = startCli(["eval", "signals.eval.mjs", "--json", "term.json", "--junit", "term.xml", "--markdown", "term.md"], dir, {
      HH_API_URL: server.url, HH_API_KEY: KEY,
    });
    const run = await signalWhenStarted(child, () => child.kill("SIGTERM"));
    expect(run.msAfterSignal).toBeGreaterThan(0);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(143);
    expect(run.msAfterSignal).toBeLessThan(5000);
    expect(run.stderr).toContain("SIGTERM: cancelling");
    // The two datapoints cancelled while they ran are no errors, as in the summary and the reports ("0 errored").
    expect(run.stderr).toMatch(/6\/40\s+0 errors\s+34 not run/);

    const report = JSON.parse(await readFile(join(dir, "term.json"), "utf8"));
    expect(report.exitCode).toBe(143);
    const experiment = report.experiments[0];
    expect(experiment).toMatchObject({ name: "signals", status: "cancelled", uploaded: true });
    expect(experiment.verdict).toEqual({ passed: 4, failed: 2, notRun: 34, total: 40 });
    expect(experiment.stats).toMatchObject({ total: 40, succeeded: 4, cancelled: 2, not_run: 34 });
    expect(experiment.failed).toHaveLength(2);
    expect(experiment.notRun).toHaveLength(34);

    const junit = await readFile(join(dir, "term.xml"), "utf8");
    expect(junit).toContain('failures="2" errors="0" skipped="34"');
    const markdown = await readFile(join(dir, "term.md"), "utf8");
    expect(markdown).toContain("cancelled · 4 passed, 2 failed, 34 not run");
    expect(run.stderr + (await readFile(join(dir, "term.md"), "utf8"))).not.toMatch(/\b36 failed\b/);

    // The server kept the run: cancelled, with the sessions of the six datapoints that started.
    const stored = (await call(server, "GET", `/v1/runs/${experiment.runId}`)).body.evaluation;
    expect(stored.status).toBe("cancelled");
    expect(stored.event_ids).toHaveLength(6);
    const result = (await call(server, "GET", `/v1/runs/${experiment.runId}/result`)).body;
    expect(result.verdict).toEqual({ passed: 4, failed: 2, not_run: 34, total: 40 });
    const view = (await call(server, "GET", `/viewer/runs/${experiment.runId}`)).body;
    expect(view).toMatchObject({ passed: 4, failed: 2, not_run: 34 });
  }, 60_000);

  it("SIGTERM while datapoints ignore their abort signal (as most LLM calls do): the reports are still written, exit 143", async () => {
    // The SDK's own SIGTERM hook flushes the tracers and then ends the process by the signal unless the application
    // listens for it: the command keeps its listeners until it ends, so its reports are written first.
    await writeFile(join(dir, "deaf.eval.mjs"), `process.on("exit", () => process.stderr.write("SIGTERM LISTENERS AT EXIT " + process.listenerCount("SIGTERM") + "\\n"));
export default {
  name: "deaf", maxConcurrency: 2,
  dataset: Array.from({ length: 6 }, (_, i) => ({ inputs: { i } })),
  evaluators: [function ok(output) { return output === true; }],
  function: async (inputs) => {
    if (inputs.i === 0) return true;
    if (inputs.i === 1) process.stderr.write("STARTED\\n");
    const response = await fetch(process.env.SLOW_MODEL_URL, { method: "POST", body: JSON.stringify(inputs) });
    return (await response.json()).ok;
  },
};
`);
    // The Markdown report goes to a named pipe that is opened for reading only 1.5 s after the signal (a slow disk): the
    // report's write waits for it, the time the SDK's hook used to end the process in.
    const reports = ["deaf.json", "deaf.xml", "deaf.md"] as const;
    execFileSync("mkfifo", [join(dir, reports[2])]);
    // A model that answers after 60 s; its sockets are destroyed when the test is over.
    const model = createServer((req, res) => void req.resume().on("end", () => setTimeout(() => res.end('{"ok":true}'), 60_000).unref()));
    await new Promise<void>((listening) => model.listen(0, "127.0.0.1", listening));
    const child = startCli(["eval", "deaf.eval.mjs", "--json", reports[0], "--junit", reports[1], "--markdown", reports[2]], dir, {
      HH_API_URL: server.url, HH_API_KEY: KEY, SLOW_MODEL_URL: `http://127.0.0.1:${(model.address() as AddressInfo).port}/`,
    });
    let markdown: Promise<string> | undefined;
    let reader: NodeJS.Timeout | undefined;
    const run = await signalWhenStarted(child, () => setTimeout(() => {
      child.kill("SIGTERM");
      reader = setTimeout(() => (markdown = readFile(join(dir, reports[2]), "utf8")), 1500);
    }, 200)).finally(() => model.close());
    clearTimeout(reader); // a command that died before writing it: no reader left waiting on the pipe
    model.closeAllConnections();
    expect(await markdown).toContain("cancelled · 1 passed");
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 143, signal: null });
    // The command still owned the signal when it ended (the SDK's listener steps aside for it): once it stopped
    // listening, the SDK's hook ended the process by the signal after its flush, racing the reports' writing.
    expect(Number(/SIGTERM LISTENERS AT EXIT (\d+)/.exec(run.stderr)?.[1])).toBeGreaterThanOrEqual(1);
    expect(run.msAfterSignal).toBeLessThan(8000);
    const report = JSON.parse(await readFile(join(dir, reports[0]), "utf8"));
    expect(report.exitCode).toBe(143);
    expect(report.experiments[0]).toMatchObject({ status: "cancelled", verdict: { passed: 1, total: 6 } });
    expect((await call(server, "GET", `/v1/runs/${report.experiments[0].runId}`)).body.evaluation.status).toBe("cancelled");
  }, 60_000);

  const bin = join(ROOT, "node_modules/.bin/npx");
  const built = existsSync(join(ROOT, "packages/honeyhive/dist/cli.js"));
  it.skipIf(!built)("Ctrl-C through npx (the whole process group signalled) cancels, writes the report and ends with 130 as without npx", async () => {
    const npx = existsSync(bin) ? bin : "npx";
    const child = spawn(npx, ["--no-install", "honeyhive", "eval", join(dir, "signals.eval.mjs"), "--json", join(dir, "npx.json")], {
      cwd: ROOT, detached: true, env: { ...process.env, CI: "1", HH_API_KEY: undefined, HH_API_URL: undefined },
    });
    const run = await signalWhenStarted(child, () => process.kill(-child.pid!, "SIGINT"));
    expect(run.stderr).toContain("Ctrl-C: cancelling");
    // npm runs the command through \`sh -c\`; dash (Debian's sh) re-raises the SIGINT it got once the command ends, and
    // npm then ends itself with the same signal: a shell reports that as 130, the code the CLI documents and exits with.
    expect(run.code === 130 || run.signal === "SIGINT").toBe(true);
    const report = JSON.parse(await readFile(join(dir, "npx.json"), "utf8"));
    expect(report.exitCode).toBe(130);
    expect(report.experiments[0]).toMatchObject({ status: "cancelled", verdict: { passed: 4, failed: 2, notRun: 34, total: 40 } });
  }, 60_000);

  it.skipIf(!built)("SIGTERM to the npx process alone: the orphaned command notices, cancels as on SIGTERM (143) and starts no more datapoints", async () => {
    // 12 datapoints, 2 at a time, each working until cancelled (or 5 s: an orphan that goes on finishes green in ~30 s)
    await writeFile(join(dir, "orphan.eval.mjs"), `process.on("exit", (code) => process.stderr.write("EXIT " + code + "\\n"));
export default {
  name: "orphan", maxConcurrency: 2,
  dataset: Array.from({ length: 12 }, (_, i) => ({ inputs: { i } })),
  evaluators: [function ok(output) { return output === true; }],
  function: async (inputs, _gt, { signal }) => {
    process.stderr.write("WORK " + inputs.i + "\\n");
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, 5000);
      signal.addEventListener("abort", () => (clearTimeout(timer), reject(new Error("aborted"))));
    });
    return true;
  },
};
`);
    const npx = existsSync(bin) ? bin : "npx";
    const child = spawn(npx, ["--no-install", "honeyhive", "eval", join(dir, "orphan.eval.mjs"), "--json", join(dir, "orphan.json")], {
      cwd: ROOT, detached: true, env: { ...process.env, CI: "1", HH_API_KEY: undefined, HH_API_URL: undefined },
    });
    const stdio = new Promise<string>((done) => {
      let stderr = "";
      let sent = false;
      child.stderr!.on("data", (c: Buffer) => {
        stderr += c.toString();
        if (!sent && stderr.includes("WORK 1\n")) {
          sent = true;
          child.kill("SIGTERM"); // npm only: the command, two processes down, gets no signal
        }
      });
      child.stdout!.resume();
      // the pipes close when every process holding them ended: npm, its shell, and the command
      child.on("close", () => done(stderr));
    });
    let stderr: string;
    try {
      stderr = await stdio;
    } finally {
      try {
        process.kill(-child.pid!, "SIGKILL"); // whatever is left of the group this test started
      } catch {
        // none left
      }
    }
    const cancelAt = stderr.indexOf("ended: cancelling as on SIGTERM");
    expect(cancelAt).toBeGreaterThan(0);
    expect(stderr).toContain("EXIT 143");
    expect(stderr).not.toContain("completed");
    expect(stderr.slice(cancelAt)).not.toMatch(/WORK \d+/); // no datapoint started after the cancel
    const report = JSON.parse(await readFile(join(dir, "orphan.json"), "utf8"));
    expect(report.exitCode).toBe(143);
    expect(report.experiments[0].status).toBe("cancelled");
    expect(report.experiments[0].verdict.notRun).toBeGreaterThan(0);
  }, 90_000);

  it("treats copies of one signal as one request; a later signal quits with 128 + its number", () => {
    let now = 0;
    const log: string[] = [];
    const handle = signalHandler({ cancel: (s) => log.push(`cancel ${s}`), quit: (s) => log.push(`quit ${s}`), now: () => now });
    const send = (s: CancelSignal, at: number): void => {
      now = at;
      handle(s);
    };
    send("SIGINT", 0);
    send("SIGINT", 5);
    send("SIGTERM", 900);
    expect(log).toEqual(["cancel SIGINT"]);
    send("SIGINT", 1500);
    expect(log).toEqual(["cancel SIGINT", "quit SIGINT"]);
  });

  it("the parent's end cancels as SIGTERM when nothing cancelled yet, and never quits", async () => {
    let now = 0;
    const log: string[] = [];
    const handle = signalHandler({ cancel: (s, cause) => log.push(`cancel ${s} ${cause}`), quit: (s) => log.push(`quit ${s}`), now: () => now });
    handle("SIGTERM", "parent-ended");
    now = 5000;
    handle("SIGTERM", "parent-ended");
    expect(log).toEqual(["cancel SIGTERM parent-ended"]);
    handle("SIGINT");
    expect(log).toEqual(["cancel SIGTERM parent-ended", "quit SIGINT"]); // a later signal still quits at once

    const after: string[] = [];
    const afterSignal = signalHandler({ cancel: (s, cause) => after.push(`cancel ${s} ${cause}`), quit: (s) => after.push(`quit ${s}`), now: () => now });
    afterSignal("SIGINT");
    now = 9000;
    afterSignal("SIGTERM", "parent-ended"); // npm forwarded the signal, then ended: one request
    expect(after).toEqual(["cancel SIGINT signal"]);

    // the watch itself: a changed parent process id is the parent's end, reported once
    let ppid = 4242;
    const ended = new Promise<void>((done) => watchParentExit(done, { pollMs: 5, ppid: () => ppid }));
    ppid = 1;
    await ended;
    expect(startedByPackageManager({ npm_config_user_agent: "npm/11.0.0 node/v20.0.0 linux x64" })).toBe(true);
    expect(startedByPackageManager({})).toBe(false);
  });
});
