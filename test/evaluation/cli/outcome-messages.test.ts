import { createServer as createHttpServer, request as httpRequest, type Server } from "node:http";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../../packages/dev-server/src/index";
import { createLogger } from "../../../packages/honeyhive/src/internal/logger";
import { exitOutcomeWords } from "../../../packages/core/src/verdict/exit-rule";
import { readBody } from "../../helpers/read-body";
import { startCli, type CliRun } from "./cli-harness";

/**
 * Every message of `honeyhive eval` that names an outcome agrees with the exit code (issue 24, requirement 9): the
 * summary's last line, the Markdown heading, the JSON report and the cancel messages are all derived from the one
 * decision that sets the code (`decideExit`, `verdict/exit-rule.ts`). One real CLI process per exit path: passing,
 * a failed datapoint, results not stored (key refused), backend down, a report that cannot be written, Ctrl-C, and
 * Ctrl-C while the server never answers the run's completion. The progress line counts not-run datapoints apart from
 * the errors.
 */
const GOOD_KEY = "hh-outcome-good-key";
const WRONG_KEY = "hh-outcome-wrong-key";

// OUTCOME_MODE: pass | fail (3 datapoints, #1 fails its verdict) | hostile (returns a BigInt in a cycle) | cancel (40, 2 at a time: 0-3 finish, 4 and 5 wait
// for the abort, "STARTED" once #5 runs, 6-39 never start).
const EVAL_FILE = `const mode = process.env.OUTCOME_MODE ?? "pass";
const long = mode === "cancel";
export default {
  name: \`outcome-\${mode}\`, maxConcurrency: 2,
  dataset: Array.from({ length: long ? 40 : 3 }, (_, i) => ({ inputs: { i } })),
  evaluators: [function ok(output) { return output === true; }],
  passingRanges: { ok: { pass_when: true } },
  function: async (inputs, _gt, { signal }) => {
    if (mode === "hostile") {
      const out = { big: 10n ** 20n, i: inputs.i };
      out.self = out;
      return out;
    }
    if (!long) return !(mode === "fail" && inputs.i === 1);
    if (inputs.i < 4) return true;
    if (inputs.i === 5) process.stderr.write("STARTED\\n");
    await new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
  },
};
`;

let dev: DevServer;
let hangingCompletion: Server;
let hangingUrl = "";
let closedUrl = "";
let dir = "";

/** In front of the dev server: forwards everything but the run's completion (`PUT /v1/runs/<id>`), which never answers. */
function startHangingCompletion(): Promise<Server> {
  const upstream = new URL(dev.url);
  const server = createHttpServer((req, res) => {
    void readBody(req).then((body) => {
      if (req.method === "PUT" && req.url?.startsWith("/v1/runs/")) return;
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on("error", () => res.destroy());
      forward.end(body);
    });
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

beforeAll(async () => {
  dev = await createDevServer({ inMemory: true, apiKeys: [GOOD_KEY], logger: createLogger({ sink: () => undefined }) });
  hangingCompletion = await startHangingCompletion();
  hangingUrl = `http://127.0.0.1:${(hangingCompletion.address() as { port: number }).port}`;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  closedUrl = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
  await new Promise((r) => probe.close(r));
  dir = await mkdtemp(join(tmpdir(), "hh-outcome-"));
  await writeFile(join(dir, "outcome.eval.mjs"), EVAL_FILE);
});
afterAll(async () => {
  hangingCompletion.closeAllConnections();
  await new Promise((r) => hangingCompletion.close(r));
  await dev.close();
});

/** Runs `honeyhive eval outcome.eval.mjs <args>`; with `interrupt`, sends SIGINT once the eval file printed STARTED. */
function evalRun(mode: string, env: Record<string, string>, args: string[] = [], interrupt = false): Promise<CliRun> {
  return new Promise((done) => {
    const child = startCli(["eval", "outcome.eval.mjs", ...args], dir, { OUTCOME_MODE: mode, NO_COLOR: "1", HH_API_KEY: undefined, HH_API_URL: undefined, ...env });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString();
      if (interrupt && stderr.includes("STARTED") && !child.killed) child.kill("SIGINT");
    });
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

const capitalized = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The summary's last line names the outcome in the exit code's words and ends with the code the process exited with. */
function expectOutcomeLineAgrees(run: CliRun): string {
  const line = run.stdout.trimEnd().split("\n").at(-1) ?? "";
  expect(line, `${run.stdout}\n${run.stderr}`).toMatch(new RegExp(`; exit code ${run.code}$`));
  expect(line.startsWith(capitalized(exitOutcomeWords(run.code!)))).toBe(true);
  return line;
}

const HEADINGS: Record<number, string> = { 0: "✅ **Passed**", 1: "❌ **Failed**", 2: "⚠️ **Did not run cleanly**", 130: "⚠️ **Cancelled** (Ctrl-C)" };

/** The Markdown heading and the JSON report's exit code are the process's. */
async function expectReportsAgree(run: CliRun, name: string): Promise<void> {
  expect(await readFile(join(dir, `${name}.md`), "utf8")).toContain(HEADINGS[run.code!]);
  expect(JSON.parse(await readFile(join(dir, `${name}.json`), "utf8")).exitCode).toBe(run.code);
}

const reports = (name: string): string[] => ["--markdown", `${name}.md`, "--json", `${name}.json`];
const stored = (): Record<string, string> => ({ HH_API_URL: dev.url, HH_API_KEY: GOOD_KEY });

describe("honeyhive eval: every message naming the outcome agrees with the exit code", () => {
  it("every datapoint passed: Passed, exit code 0", async () => {
    const run = await evalRun("pass", stored(), reports("pass"));
    expect(run.code, run.stderr).toBe(0);
    expect(expectOutcomeLineAgrees(run)).toBe("Passed: 1 experiment(s) ran, 3/3 datapoint(s) passed, 0/0 threshold(s) met; exit code 0");
    await expectReportsAgree(run, "pass");
  }, 60_000);

  it("a datapoint failed its verdict: Failed, naming it, exit code 1; allowed by --max-failures: Passed, saying so, exit code 0", async () => {
    const run = await evalRun("fail", stored(), reports("fail"));
    expect(run.code, run.stderr).toBe(1);
    expect(expectOutcomeLineAgrees(run)).toMatch(/^Failed \(1 of 3 datapoints of "outcome-fail" did not pass\): 1 experiment\(s\) ran, 2\/3 datapoint\(s\) passed \(1 failed\),/);
    await expectReportsAgree(run, "fail");
    const allowed = await evalRun("fail", stored(), [...reports("allowed"), "--max-failures", "1"]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(expectOutcomeLineAgrees(allowed)).toMatch(/^Passed \(1 of 3 datapoints of "outcome-fail" did not pass, allowed by --max-failures/);
    await expectReportsAgree(allowed, "allowed");
  }, 60_000);

  it("results not stored (the key refused) and backend down: Did not run cleanly, exit code 2, never the key", async () => {
    for (const [name, env] of [["refused", { HH_API_URL: dev.url, HH_API_KEY: WRONG_KEY }], ["down", { HH_API_URL: closedUrl, HH_API_KEY: WRONG_KEY }]] as const) {
      const run = await evalRun("pass", env, reports(name));
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/results of "outcome-pass" were not stored \(/);
      expect(expectOutcomeLineAgrees(run)).toMatch(/^Did not run cleanly \(results of "outcome-pass" not stored\): .*, 1 execution failure\(s\),/);
      await expectReportsAgree(run, name);
      expect(run.stdout + run.stderr).not.toContain(WRONG_KEY);
    }
  }, 90_000);

  it("a report that cannot be written: the summary, printed after the reports, says exit code 2 (it said 0, then exited 2)", async () => {
    // a folder where the file should go: found only when the report is written (a missing folder is made up front)
    const target = join(dir, "a-folder.xml");
    await mkdir(target, { recursive: true });
    const run = await evalRun("pass", stored(), ["--junit", target]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`could not write the JUnit report to ${target}`);
    expect(expectOutcomeLineAgrees(run)).toMatch(/^Did not run cleanly \(the JUnit report not written\): /);
  }, 60_000);

  it("outputs JSON cannot hold (a BigInt, a cycle) are reported as they are uploaded; a report that fails stops no other", async () => {
    const json = join(dir, "hostile.json");
    const markdown = join(dir, "hostile.md");
    const junit = join(dir, "hostile-folder.xml");
    await mkdir(junit, { recursive: true });
    const run = await evalRun("hostile", {}, ["--json", json, "--junit", junit, "--markdown", markdown]);
    expect(run.code, run.stderr).toBe(2); // the JUnit report could not be written: an execution failure
    expect(run.stderr).toContain(`could not write the JUnit report to ${junit}`);
    expect(run.stderr).not.toContain("JSON report");
    const report = JSON.parse(await readFile(json, "utf8")) as { exitCode: number; experiments: { datapoints: { outputs: { big: unknown; i: number; self: unknown } }[] }[] };
    const outputs = report.experiments[0]!.datapoints.map((d) => d.outputs);
    expect(outputs.map((o) => [o.big, o.i])).toEqual([["100000000000000000000", 0], ["100000000000000000000", 1], ["100000000000000000000", 2]]);
    expect(typeof outputs[0]!.self).toBe("string"); // the cycle, marked
    expect(await readFile(markdown, "utf8")).toContain("outcome-hostile");
  }, 60_000);

  it("--json - to a reader that went away (| head): that report's write fails (exit 2, one line), never an unhandled EPIPE", async () => {
    const child = startCli(["eval", "outcome.eval.mjs", "--json", "-"], dir, { OUTCOME_MODE: "pass", NO_COLOR: "1", HH_API_KEY: undefined, HH_API_URL: undefined });
    child.stdout!.destroy(); // the reading end closes before anything is written
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/could not write the JSON report to -: Error: write EPIPE/);
    expect(stderr).not.toMatch(/Unhandled|node:events/);
  }, 60_000);

  it("Ctrl-C: Cancelled (Ctrl-C), exit code 130; the progress line counts not-run datapoints apart from the errors", async () => {
    const run = await evalRun("cancel", stored(), reports("cancel"), true);
    expect(run.code, run.stderr).toBe(130);
    expect(expectOutcomeLineAgrees(run)).toBe("Cancelled (Ctrl-C): 1 experiment(s) ran, 4/40 datapoint(s) passed (2 failed; 34 not run), 0/0 threshold(s) met; exit code 130");
    await expectReportsAgree(run, "cancel");
    // 6 ran (4 passed, 2 cancelled while running: failed, but no errors); 34 never started: not run, neither done nor errors.
    expect(run.stderr).toMatch(/outcome-cancel {2}6\/40 {2}0 errors {2}34 not run {2}\S+\/s {2}stopped after \S+ s {2}\(cancelled · 4 passed, 2 failed, 34 not run\)/);
    expect(run.stderr).not.toMatch(/\b(36|34) errors\b/);
  }, 60_000);

  it("Ctrl-C while the server never answers the run's completion: the deadline message names the cancel and exit code 130", async () => {
    const run = await evalRun("cancel", { HH_API_URL: hangingUrl, HH_API_KEY: GOOD_KEY }, [], true);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/honeyhive eval: cancelled \(Ctrl-C\), but the run had not finished 4\.5 s after the signal \(.*\); exiting without a summary; exit code 130\n/);
    expect(run.stdout).not.toMatch(/exit code (?!130)/);
  }, 60_000);
});
